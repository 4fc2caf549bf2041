package io.sparring.rpc.environment;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.BatchStepRequest;
import io.sparring.proto.v1.BatchStepResponse;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CloseSessionResponse;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.GetServerInfoRequest;
import io.sparring.proto.v1.GetServerInfoResponse;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.proto.v1.JoinSessionResponse;
import io.sparring.proto.v1.ListGamesRequest;
import io.sparring.proto.v1.ListGamesResponse;
import io.sparring.proto.v1.ObserveRequest;
import io.sparring.proto.v1.ObserveResponse;
import io.sparring.proto.v1.PlayRequest;
import io.sparring.proto.v1.PlayResponse;
import io.sparring.proto.v1.ResetRequest;
import io.sparring.proto.v1.ResetResponse;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Environment service: each RPC hands its request to {@link Sessions}. Never blocks a thread. */
final class EnvironmentService extends EnvironmentGrpc.EnvironmentImplBase {
  private static final Logger log = LoggerFactory.getLogger(EnvironmentService.class);
  private final Sessions sessions;
  private final Set<PlayStream> streams = ConcurrentHashMap.newKeySet();

  EnvironmentService(Sessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public void getServerInfo(GetServerInfoRequest request, StreamObserver<GetServerInfoResponse> responses) {
    unary(responses, sessions::serverInfo);
  }

  @Override
  public void listGames(ListGamesRequest request, StreamObserver<ListGamesResponse> responses) {
    unary(responses, sessions::listGames);
  }

  @Override
  public void createSession(CreateSessionRequest request, StreamObserver<CreateSessionResponse> responses) {
    unary(responses, () -> sessions.create(request));
  }

  @Override
  public void joinSession(JoinSessionRequest request, StreamObserver<JoinSessionResponse> responses) {
    unary(responses, () -> sessions.join(request));
  }

  @Override
  public void reset(ResetRequest request, StreamObserver<ResetResponse> responses) {
    unary(responses, () -> sessions.reset(request));
  }

  @Override
  public void step(StepRequest request, StreamObserver<StepResponse> responses) {
    unary(responses, () -> sessions.step(request));
  }

  @Override
  public void observe(ObserveRequest request, StreamObserver<ObserveResponse> responses) {
    if (!request.getWaitForTurn()) {
      unary(responses, () -> sessions.observe(request));
      return;
    }
    // Waiting holds no thread: the answer comes from the call that makes it this seat's turn.
    ServerCallStreamObserver<ObserveResponse> call = (ServerCallStreamObserver<ObserveResponse>) responses;
    AtomicReference<Sessions.Wait> registered = new AtomicReference<>();
    call.setOnCancelHandler(() -> {
      Sessions.Wait wait = registered.get();
      if (wait != null) {
        wait.cancel();
      }
    });
    Sessions.Wait wait;
    try {
      sessions.admitRequest();
      wait = sessions.observe(request, new Sessions.Delivery() {
        @Override
        public void ready(ObserveResponse response) {
          call.onNext(response);
          call.onCompleted();
        }

        @Override
        public void failed(StatusRuntimeException error) {
          call.onError(error);
        }
      });
    } catch (RuntimeException e) {
      fail(responses, e);
      return;
    }
    if (wait.immediate() != null) {
      call.onNext(wait.immediate());
      call.onCompleted();
      return;
    }
    registered.set(wait);
    if (call.isCancelled()) {
      wait.cancel();
    }
  }

  @Override
  public void closeSession(CloseSessionRequest request, StreamObserver<CloseSessionResponse> responses) {
    unary(responses, () -> sessions.close(request));
  }

  @Override
  public void batchStep(BatchStepRequest request, StreamObserver<BatchStepResponse> responses) {
    unary(responses, () -> sessions.batchStep(request));
  }

  @Override
  public StreamObserver<PlayRequest> play(StreamObserver<PlayResponse> responses) {
    PlayStream stream = new PlayStream(
        sessions, (ServerCallStreamObserver<PlayResponse>) responses, streams::remove);
    streams.add(stream);
    return stream;
  }

  /** Ends every open Play stream with UNAVAILABLE. */
  void shutDownStreams() {
    streams.forEach(PlayStream::shutDown);
  }

  private <T> void unary(StreamObserver<T> responses, Supplier<T> call) {
    T response;
    try {
      sessions.admitRequest();
      response = call.get();
    } catch (RuntimeException e) {
      fail(responses, e);
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }

  private static void fail(StreamObserver<?> responses, RuntimeException e) {
    StatusRuntimeException status = Errors.of(e);
    if (status.getStatus().getCode() == Status.Code.INTERNAL) {
      log.warn("request failed", e);
    }
    responses.onError(status);
  }
}
