package io.sparring.rpc.environment;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.ObserveResponse;
import io.sparring.proto.v1.PlayRequest;
import io.sparring.proto.v1.PlayResponse;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Play stream: requests are answered one at a time, in order, one response each. A waiting
 * observe holds the later requests until it is answered. Flow control keeps memory bounded: at
 * most {@link #READ_AHEAD} requests are read ahead of the one being answered, and no more are read
 * while the client is not taking responses. When the stream ends, the sessions it created are
 * closed and the seats it joined are freed.
 */
final class PlayStream implements StreamObserver<PlayRequest> {
  /** Requests the server reads ahead of the one it is answering. */
  static final int READ_AHEAD = 32;
  private static final Logger log = LoggerFactory.getLogger(PlayStream.class);

  private final Sessions sessions;
  private final ServerCallStreamObserver<PlayResponse> out;
  private final Consumer<PlayStream> onFinish;
  private final StreamBinding binding = new StreamBinding();
  private final SerialExecutor serial = new SerialExecutor(Context.current());
  // The fields below are used only inside `serial`.
  private final ArrayDeque<PlayRequest> queue = new ArrayDeque<>();
  /** Requests asked of the transport and not yet received. */
  private int credit;
  private Sessions.Wait waiting;
  private boolean halfClosed;
  private boolean finished;

  PlayStream(Sessions sessions, ServerCallStreamObserver<PlayResponse> out, Consumer<PlayStream> onFinish) {
    this.sessions = sessions;
    this.out = out;
    this.onFinish = onFinish;
    out.disableAutoRequest();
    out.setOnReadyHandler(() -> serial.execute(this::askForMore));
    out.setOnCancelHandler(() -> serial.execute(() -> finish(null)));
    credit = READ_AHEAD;
    out.request(READ_AHEAD);
  }

  @Override
  public void onNext(PlayRequest request) {
    serial.execute(() -> {
      credit--;
      if (!finished) {
        queue.add(request);
        drain();
      }
    });
  }

  @Override
  public void onError(Throwable t) {
    serial.execute(() -> finish(null));
  }

  @Override
  public void onCompleted() {
    serial.execute(() -> {
      halfClosed = true;
      drain();
    });
  }

  /** Ends the stream with UNAVAILABLE: the server is shutting down. */
  void shutDown() {
    serial.execute(() -> finish(Status.UNAVAILABLE.withDescription("the server is shutting down")));
  }

  private void drain() {
    while (!finished && waiting == null && !queue.isEmpty()) {
      answer(queue.poll());
    }
    if (!finished && waiting == null && queue.isEmpty() && halfClosed) {
      finish(Status.OK);
      return;
    }
    askForMore();
  }

  /** Asks for more requests while the client takes responses and the read-ahead has room. */
  private void askForMore() {
    if (finished || halfClosed) {
      return;
    }
    int room = READ_AHEAD - queue.size() - credit;
    if (room >= READ_AHEAD / 2 && out.isReady()) {
      credit += room;
      out.request(room);
    }
  }

  private void answer(PlayRequest request) {
    PlayResponse.Builder response = PlayResponse.newBuilder().setId(request.getId());
    try {
      sessions.admitRequest();
      switch (request.getRequestCase()) {
        case CREATE -> response.setCreate(sessions.create(request.getCreate(), binding));
        case JOIN -> response.setJoin(sessions.join(request.getJoin(), binding));
        case RESET -> response.setReset(sessions.reset(request.getReset()));
        case STEP -> response.setStep(sessions.step(request.getStep()));
        case CLOSE -> response.setClose(sessions.close(request.getClose()));
        case OBSERVE -> {
          Sessions.Wait wait = sessions.observe(request.getObserve(), answerLater(request.getId()));
          if (wait.immediate() == null) {
            waiting = wait;
            return;
          }
          response.setObserve(wait.immediate());
        }
        case REQUEST_NOT_SET -> throw Errors.invalidArgument(
            "PlayRequest %d carries no request; set one of create, join, reset, step, observe, close"
                .formatted(request.getId()));
      }
    } catch (RuntimeException e) {
      StatusRuntimeException status = Errors.of(e);
      if (status.getStatus().getCode() == Status.Code.INTERNAL) {
        log.warn("Play request {} failed", request.getId(), e);
      }
      response.setError(Errors.toProto(status));
    }
    send(response.build());
  }

  private Sessions.Delivery answerLater(long id) {
    return new Sessions.Delivery() {
      @Override
      public void ready(ObserveResponse observed) {
        serial.execute(() -> answered(PlayResponse.newBuilder().setId(id).setObserve(observed).build()));
      }

      @Override
      public void failed(StatusRuntimeException error) {
        serial.execute(() -> answered(PlayResponse.newBuilder().setId(id).setError(Errors.toProto(error)).build()));
      }
    };
  }

  private void answered(PlayResponse response) {
    if (finished) {
      return;
    }
    waiting = null;
    send(response);
    drain();
  }

  private void send(PlayResponse response) {
    try {
      out.onNext(response);
    } catch (RuntimeException e) {
      finish(null); // the call is gone
    }
  }

  /** Ends the stream: with a status to send, or null when the client has gone already. */
  private void finish(Status status) {
    if (finished) {
      return;
    }
    finished = true;
    queue.clear();
    if (waiting != null) {
      waiting.cancel();
      waiting = null;
    }
    if (status != null) {
      try {
        if (status.isOk()) {
          out.onCompleted();
        } else {
          out.onError(status.asRuntimeException());
        }
      } catch (RuntimeException e) {
        // the client has gone; nothing to tell it
      }
    }
    sessions.release(binding);
    onFinish.accept(this);
  }
}
