package io.sparring.agents.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.Observation;
import io.sparring.core.game.State;
import io.sparring.proto.v1.FloatTensor;
import io.sparring.proto.v1.SeatObservation;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnObservation;
import io.sparring.proto.v1.TurnRecord;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ObservationMessagesTest {
  private final Game kuhn = Games.create("kuhn_poker");

  /** Kuhn poker after the deal, seat 0 to act. */
  private State dealt() {
    State state = kuhn.newInitialState(1);
    while (state.isChanceNode()) {
      state.apply(state.chanceOutcomes().getLast().action());
    }
    return state;
  }

  private static void assertSameObservation(Observation expected, Observation actual) {
    assertEquals(expected.seat(), actual.seat());
    assertEquals(expected.text(), actual.text());
    assertArrayEquals(expected.tensor(), actual.tensor());
    assertEquals(expected.legalActions(), actual.legalActions());
    assertEquals(expected.legalActionNames(), actual.legalActionNames());
    assertArrayEquals(expected.mask(), actual.mask());
  }

  @Test
  void aRecordedObservationReadsBackAsItWas() throws Exception {
    State state = dealt();
    Observation observation = state.observation(0);
    SeatObservation message = ObservationMessages.recorded(state, observation);
    assertEquals(kuhn.observationTensorShape(), message.getTensor().getShapeList());
    assertEquals(kuhn.informationStateTensorShape(), message.getInformationState().getShapeList());

    RecordedObservation read = ObservationMessages.read(SeatObservation.parseFrom(message.toByteString()));
    assertSameObservation(observation, read.observation());
    assertEquals(state.informationStateKey(0), read.informationStateKey());
    assertArrayEquals(state.informationStateTensor(0), read.informationState());
    assertTrue(read.informationState().length > 0);
  }

  @Test
  void whatTheServicesSendHasNoInformationState() {
    State state = dealt();
    SeatObservation message = ObservationMessages.message(kuhn, state.observation(1));
    assertFalse(message.hasInformationState());
    RecordedObservation read = ObservationMessages.read(message);
    assertSameObservation(state.observation(1), read.observation());
    assertEquals("", read.informationStateKey());
    assertEquals(0, read.informationState().length);
  }

  @Test
  void anEmptyTensorIsEmptyBothWays() {
    FloatTensor none = ObservationMessages.tensor(new float[0], List.of(0));
    assertEquals(List.of(0), none.getShapeList());
    assertEquals(0, none.getFloat32Le().size());
    assertEquals(0, ObservationMessages.values(none).length);
    assertEquals(0, ObservationMessages.values(FloatTensor.getDefaultInstance()).length, "an unset tensor");
  }

  @Test
  void aLargeTensorTravelsAsLittleEndianFloat32BitForBit() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    float[] values = new float[3 * 200 * 200];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    values[0] = -0f;
    values[1] = Float.MIN_VALUE;
    values[2] = Float.NEGATIVE_INFINITY;
    FloatTensor tensor = ObservationMessages.tensor(values, List.of(3, 200, 200));
    assertEquals(4 * values.length, tensor.getFloat32Le().size());
    assertArrayEquals(values, ObservationMessages.values(FloatTensor.parseFrom(tensor.toByteString())));

    FloatTensor one = ObservationMessages.tensor(new float[] {1f}, List.of(1));
    assertEquals(ByteString.copyFrom(new byte[] {0, 0, (byte) 0x80, 0x3f}), one.getFloat32Le(), "1.0f, little-endian");
  }

  @Test
  void aTensorMustMatchItsShape() {
    assertThrows(IllegalArgumentException.class, () -> ObservationMessages.tensor(new float[5], List.of(2, 3)));
    FloatTensor ragged = FloatTensor.newBuilder().addShape(1).setFloat32Le(ByteString.copyFrom(new byte[5])).build();
    assertThrows(IllegalArgumentException.class, () -> ObservationMessages.values(ragged));
    FloatTensor tooFew = FloatTensor.newBuilder().addShape(2).setFloat32Le(ByteString.copyFrom(new byte[4])).build();
    assertThrows(IllegalArgumentException.class, () -> ObservationMessages.values(tooFew));
  }

  @Test
  void aVersionOneRecordReadsAndReplays() {
    Trajectory played = MatchRunner.play(new MatchConfig(kuhn, 5,
        List.of(Seating.of(0, "random"), Seating.of(1, "random")), ViolationPolicy.parse("penalty"),
        Optional.empty(), "m1"));
    Trajectory old = versionOne(played);
    for (int i = 0; i < played.getStepsCount(); i++) {
      for (int t = 0; t < played.getSteps(i).getTurnsCount(); t++) {
        RecordedObservation now = ObservationMessages.read(played.getSteps(i).getTurns(t));
        RecordedObservation then = ObservationMessages.read(old.getSteps(i).getTurns(t));
        assertEquals(now.observation().text(), then.observation().text());
        assertArrayEquals(now.observation().tensor(), then.observation().tensor());
        assertEquals(now.observation().legalActions(), then.observation().legalActions());
        assertEquals(now.observation().legalActionNames(), then.observation().legalActionNames());
        assertEquals(now.informationStateKey(), then.informationStateKey());
        assertArrayEquals(now.informationState(), then.informationState());
      }
    }
    assertArrayEquals(Replay.replay(played).returns(), Replay.replay(old).returns());
  }

  /** The record as format version 1 wrote it: observations as TurnObservation with repeated floats. */
  /** The record in the version 1 layout: observations in TurnRecord.observation. */
  @SuppressWarnings("deprecation")
  static Trajectory versionOne(Trajectory trajectory) {
    Trajectory.Builder old = trajectory.toBuilder().setFormatVersion(1);
    for (Step.Builder step : old.getStepsBuilderList()) {
      for (TurnRecord.Builder turn : step.getTurnsBuilderList()) {
        RecordedObservation seen = ObservationMessages.read(turn.getSeatObservation());
        TurnObservation.Builder observation = TurnObservation.newBuilder().setText(seen.observation().text())
            .addAllLegalActions(seen.observation().legalActions())
            .addAllLegalActionNames(seen.observation().legalActionNames())
            .setInformationStateKey(seen.informationStateKey());
        for (float v : seen.observation().tensor()) {
          observation.addTensor(v);
        }
        for (float v : seen.informationState()) {
          observation.addInformationState(v);
        }
        turn.clearSeatObservation().setObservation(observation);
      }
    }
    return old.build();
  }
}
