package io.sparring.agents.match;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.sparring.core.game.Game;
import io.sparring.core.game.Observation;
import io.sparring.core.game.State;
import io.sparring.proto.v1.FloatTensor;
import io.sparring.proto.v1.SeatObservation;
import io.sparring.proto.v1.TurnObservation;
import io.sparring.proto.v1.TurnRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The one mapper between what a seat sees ({@link Observation}, and in match records its
 * information state) and the {@link SeatObservation} message that the environment service, the
 * agent service and the match record share. Tensors are little-endian float32 bytes, copied in
 * bulk both ways.
 */
public final class ObservationMessages {
  private ObservationMessages() {}

  /** What a seat sees, as the services send it (no information state). */
  public static SeatObservation message(Game game, Observation observation) {
    return builder(game, observation).build();
  }

  /** What a seat saw at its turn, as the match record keeps it: with its information state. */
  public static SeatObservation recorded(State state, Observation observation) {
    int seat = observation.seat();
    return builder(state.game(), observation)
        .setInformationStateKey(state.informationStateKey(seat))
        .setInformationState(tensor(state.informationStateTensor(seat), state.game().informationStateTensorShape()))
        .build();
  }

  private static SeatObservation.Builder builder(Game game, Observation observation) {
    SeatObservation.Builder message = SeatObservation.newBuilder()
        .setSeat(observation.seat())
        .setText(observation.text())
        .setTensor(tensor(observation.tensor(), game.observationTensorShape()))
        .addAllLegalActions(observation.legalActions())
        .addAllLegalActionNames(observation.legalActionNames());
    for (boolean legal : observation.mask()) {
      message.addActionMask(legal);
    }
    return message;
  }

  /** What a seat saw, read back from the message. */
  public static RecordedObservation read(SeatObservation message) {
    boolean[] mask = new boolean[message.getActionMaskCount()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = message.getActionMask(i);
    }
    return new RecordedObservation(
        new Observation(message.getSeat(), message.getText(), values(message.getTensor()),
            message.getLegalActionsList(), message.getLegalActionNamesList(), mask),
        message.getInformationStateKey(), values(message.getInformationState()));
  }

  /**
   * What the seat of a recorded turn saw, in either layout: {@code seat_observation} (format
   * version 2 on) or {@code observation} (version 1, which kept no mask: the mask comes back empty).
   */
  @SuppressWarnings("deprecation") // reads the version 1 layout
  public static RecordedObservation read(TurnRecord turn) {
    if (turn.hasSeatObservation()) {
      return read(turn.getSeatObservation());
    }
    TurnObservation old = turn.getObservation();
    return new RecordedObservation(
        new Observation(turn.getSeat(), old.getText(), floats(old.getTensorCount(), old::getTensor),
            old.getLegalActionsList(), old.getLegalActionNamesList(), new boolean[0]),
        old.getInformationStateKey(), floats(old.getInformationStateCount(), old::getInformationState));
  }

  private interface FloatAt {
    float get(int index);
  }

  private static float[] floats(int count, FloatAt at) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = at.get(i);
    }
    return values;
  }

  /**
   * A tensor of {@code shape} holding {@code values}.
   *
   * @throws IllegalArgumentException when the shape does not hold exactly that many values
   */
  public static FloatTensor tensor(float[] values, List<Integer> shape) {
    if (size(shape) != values.length) {
      throw new IllegalArgumentException("a tensor of shape %s holds %d values, not %d"
          .formatted(shape, size(shape), values.length));
    }
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    // the array is fresh and never written again, so the message may share it rather than copy it
    return FloatTensor.newBuilder().addAllShape(shape).setFloat32Le(UnsafeByteOperations.unsafeWrap(bytes.array()))
        .build();
  }

  /**
   * The values of a tensor, row-major; none for an unset one.
   *
   * @throws IllegalArgumentException when its bytes are not whole float32 values or not as many as
   *     its shape holds
   */
  public static float[] values(FloatTensor tensor) {
    ByteString bytes = tensor.getFloat32Le();
    int count = bytes.size() / Float.BYTES;
    if (bytes.size() % Float.BYTES != 0 || (tensor.getShapeCount() > 0 && size(tensor.getShapeList()) != count)) {
      throw new IllegalArgumentException("a tensor of shape %s has %d bytes, not 4 per value"
          .formatted(tensor.getShapeList(), bytes.size()));
    }
    float[] values = new float[count];
    bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  private static long size(List<Integer> shape) {
    long size = 1;
    for (int dimension : shape) {
      size *= dimension;
    }
    return size;
  }
}
