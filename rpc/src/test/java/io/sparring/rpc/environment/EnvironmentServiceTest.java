package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.TestSessions.index;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.BatchStepRequest;
import io.sparring.proto.v1.ChanceMode;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EchoGrpc;
import io.sparring.proto.v1.EchoRequest;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.GameFacts;
import io.sparring.proto.v1.GameInfo;
import io.sparring.proto.v1.GetServerInfoRequest;
import io.sparring.proto.v1.GetServerInfoResponse;
import io.sparring.proto.v1.Information;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.proto.v1.ListGamesRequest;
import io.sparring.proto.v1.ObserveRequest;
import io.sparring.proto.v1.ObserveResponse;
import io.sparring.proto.v1.ParameterType;
import io.sparring.proto.v1.PlayRequest;
import io.sparring.proto.v1.PlayResponse;
import io.sparring.proto.v1.ResetRequest;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.Utility;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/** The services over the in-process transport with direct executors. */
class EnvironmentServiceTest {
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  private Sessions sessions;
  private ManagedChannel channel;
  private EnvironmentGrpc.EnvironmentBlockingStub env;
  private EnvironmentGrpc.EnvironmentStub async;

  @BeforeEach
  void start() throws Exception {
    startWith(TestSessions.config());
  }

  private void startWith(ServerConfig config) throws Exception {
    String name = InProcessServerBuilder.generateName();
    sessions = TestSessions.sessions(config);
    grpc.register(new EnvironmentServer(InProcessServerBuilder.forName(name).directExecutor(), sessions).start());
    channel = grpc.register(InProcessChannelBuilder.forName(name).directExecutor().build());
    env = EnvironmentGrpc.newBlockingStub(channel);
    async = EnvironmentGrpc.newStub(channel);
  }

  private CreateSessionResponse create(String game, Integer... seats) {
    return env.createSession(CreateSessionRequest.newBuilder().setGame(game).setSeed(1).addAllSeats(List.of(seats)).build());
  }

  private static StepRequest step(CreateSessionResponse s, String token, int seat, Action action) {
    return StepRequest.newBuilder().setSessionId(s.getSessionId()).setToken(token).setSeat(seat).setAction(action).build();
  }

  private static void assertStatus(Code code, String fragment, Executable call) {
    TestSessions.assertStatus(code, call, fragment);
  }

  @Test
  void serverInfoAndGames() {
    GetServerInfoResponse info = env.getServerInfo(GetServerInfoRequest.getDefaultInstance());
    assertEquals("test", info.getSparringVersion());
    assertEquals("1.2", info.getProtocolVersion());
    assertTrue(info.getGamesList().containsAll(List.of("kuhn_poker", "tic_tac_toe")), info.getGamesList().toString());
    assertEquals(1000, info.getMaxSessions());
    assertEquals(600_000, info.getSessionTtlMillis());
    assertEquals(4 << 20, info.getMaxMessageBytes());
    // the limits a client meets, so it can size its batches and pace its requests
    assertEquals(ServerConfig.DEFAULT_MAX_BATCH_ITEMS, info.getMaxBatchItems());
    assertEquals(ServerConfig.DEFAULT_MAX_BATCH_RESPONSE_BYTES, info.getMaxBatchResponseBytes());
    assertEquals(ServerConfig.DEFAULT_MAX_SESSIONS_PER_CLIENT, info.getMaxSessionsPerClient());
    assertEquals(ServerConfig.DEFAULT_MAX_REQUESTS_PER_SECOND, info.getMaxRequestsPerSecond());
    assertEquals(ServerConfig.DEFAULT_MAX_SESSION_LIFETIME.toMillis(), info.getMaxSessionLifetimeMillis());

    GameInfo kuhn = env.listGames(ListGamesRequest.getDefaultInstance()).getGamesList().stream()
        .filter(g -> g.getName().equals("kuhn_poker")).findFirst().orElseThrow();
    assertEquals(ParameterType.PARAMETER_TYPE_INTEGER, kuhn.getParameters(0).getType());
    assertEquals("2", kuhn.getParameters(0).getDefaultValue());
    assertEquals(2, kuhn.getParameters(0).getMin());
    assertEquals(3, kuhn.getParameters(0).getMax());
    GameFacts facts = kuhn.getDefaults();
    assertEquals("kuhn_poker(players=2)", facts.getSpec());
    assertEquals(2, facts.getNumPlayers());
    assertEquals(ChanceMode.CHANCE_MODE_EXPLICIT, facts.getChanceMode());
    assertEquals(Information.INFORMATION_IMPERFECT, facts.getInformation());
    assertEquals(Utility.UTILITY_ZERO_SUM, facts.getUtility());
    assertEquals(2, facts.getNumDistinctActions());
    assertTrue(facts.getRules().startsWith("Kuhn poker"));
  }

  @Test
  void everyErrorReachesTheClientWithItsCodeAndMessage() throws Exception {
    assertEveryError(env);
    startWith(TestSessions.config().withMaxSessions(1));
    assertSessionLimit(env);
  }

  /**
   * Every error the issue lists, as a client sees it: status code and message, and nothing changed.
   * Shared with the socket tests.
   */
  static void assertEveryError(EnvironmentGrpc.EnvironmentBlockingStub env) {
    CreateSessionResponse s = env.createSession(CreateSessionRequest.newBuilder().setGame("tic_tac_toe").addSeats(0).build());
    String id = s.getSessionId();
    String guest = env.joinSession(JoinSessionRequest.newBuilder().setSessionId(id).addSeats(1).build()).getToken();
    env.step(step(s, s.getToken(), 0, index(4)));
    ObserveResponse before = env.observe(ObserveRequest.newBuilder().setSessionId(id).setToken(guest).build());

    assertStatus(Code.INVALID_ARGUMENT, "action 4 (O(1,1)) is not legal for seat 1; legal: [0 O(0,0), 1 O(0,1)",
        () -> env.step(step(s, guest, 1, index(4))));
    assertStatus(Code.INVALID_ARGUMENT, "'nowhere' is not the name of a legal action for seat 1; legal: [0 O(0,0)",
        () -> env.step(step(s, guest, 1, Action.newBuilder().setName("nowhere").build())));
    assertStatus(Code.INVALID_ARGUMENT, "bad spec 'kuhn_poker(players=3': missing ')'",
        () -> env.createSession(CreateSessionRequest.newBuilder().setGame("kuhn_poker(players=3").build()));
    assertStatus(Code.INVALID_ARGUMENT, "unknown game 'chess'; known games:",
        () -> env.createSession(CreateSessionRequest.newBuilder().setGame("chess").build()));
    assertStatus(Code.NOT_FOUND, "unknown session 's_gone'", () -> env.step(StepRequest.newBuilder()
        .setSessionId("s_gone").setToken(guest).setAction(index(0)).build()));
    assertStatus(Code.NOT_FOUND, "session " + id + " has no seat 5; tic_tac_toe has seats 0..1",
        () -> env.step(step(s, guest, 5, index(0))));
    assertStatus(Code.FAILED_PRECONDITION, "it is not seat 0's turn in session " + id + "; seat 1 acts now",
        () -> env.step(step(s, s.getToken(), 0, index(0))));
    assertStatus(Code.ALREADY_EXISTS, "seat 1 of session " + id + " is taken; free seats: []",
        () -> env.joinSession(JoinSessionRequest.newBuilder().setSessionId(id).addSeats(1).build()));
    assertStatus(Code.PERMISSION_DENIED, "seat 0 of session " + id + " is not yours; your token holds seats [1]",
        () -> env.step(step(s, guest, 0, index(0))));
    assertStatus(Code.PERMISSION_DENIED, "only the owner of session " + id + " may reset it", () -> env.reset(
        ResetRequest.newBuilder().setSessionId(id).setToken(guest).build()));
    assertStatus(Code.PERMISSION_DENIED, "only the owner of session " + id + " may close it", () -> env.closeSession(
        CloseSessionRequest.newBuilder().setSessionId(id).setToken(guest).build()));
    assertStatus(Code.PERMISSION_DENIED, "so you may not observe it", () -> env.observe(ObserveRequest.newBuilder()
        .setSessionId(id).setToken(guest).addSeats(0).build()));
    assertStatus(Code.PERMISSION_DENIED, "the token is not one of session " + id + "'s",
        () -> env.step(step(s, "t_forged", 1, index(0))));
    assertEquals(before, env.observe(ObserveRequest.newBuilder().setSessionId(id).setToken(guest).build()),
        "no failed request changed the session");

    // X holds the centre; O 0, X 1, O 2, X 7 completes the middle column.
    env.step(step(s, guest, 1, index(0)));
    env.step(step(s, s.getToken(), 0, index(1)));
    env.step(step(s, guest, 1, index(2)));
    env.step(step(s, s.getToken(), 0, index(7)));
    assertStatus(Code.FAILED_PRECONDITION, "episode 1 of session " + id + " is over (terminated); the owner may Reset it",
        () -> env.step(step(s, guest, 1, index(0))));
    env.closeSession(CloseSessionRequest.newBuilder().setSessionId(id).setToken(s.getToken()).build());
    assertStatus(Code.NOT_FOUND, "session " + id + " was closed by its owner", () -> env.observe(
        ObserveRequest.newBuilder().setSessionId(id).setToken(guest).build()));
  }

  /** With a server of at most one session. */
  static void assertSessionLimit(EnvironmentGrpc.EnvironmentBlockingStub env) {
    CreateSessionRequest request = CreateSessionRequest.newBuilder().setGame("tic_tac_toe").build();
    CreateSessionResponse only = env.createSession(request);
    assertStatus(Code.RESOURCE_EXHAUSTED, "the server holds its maximum of 1 sessions; close sessions you no"
        + " longer need (CloseSession), or wait for idle ones to expire after 10m", () -> env.createSession(request));
    env.closeSession(CloseSessionRequest.newBuilder().setSessionId(only.getSessionId()).setToken(only.getToken()).build());
  }

  @Test
  void aWaitingObserveIsAnsweredByTheOpponentsMove() throws Exception {
    CreateSessionResponse s = create("tic_tac_toe", 0);
    String guest = env.joinSession(JoinSessionRequest.newBuilder().setSessionId(s.getSessionId()).build()).getToken();
    CompletableFuture<ObserveResponse> answer = new CompletableFuture<>();
    async.observe(ObserveRequest.newBuilder().setSessionId(s.getSessionId()).setToken(guest).setWaitForTurn(true).build(),
        collectInto(answer));
    assertFalse(answer.isDone());
    env.step(step(s, s.getToken(), 0, index(4)));
    ObserveResponse turn = answer.get(2, TimeUnit.SECONDS);
    assertTrue(turn.getObservations(0).getToAct());
    assertEquals(8, turn.getObservations(0).getLegalActionsCount());
  }

  @Test
  void aWaitEndsWithTheClientsDeadlineAndLeavesNothingBehind() {
    CreateSessionResponse s = create("tic_tac_toe", 0);
    String guest = env.joinSession(JoinSessionRequest.newBuilder().setSessionId(s.getSessionId()).build()).getToken();
    long start = System.nanoTime();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> env
        .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
        .observe(ObserveRequest.newBuilder().setSessionId(s.getSessionId()).setToken(guest).setWaitForTurn(true).build()));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("before the call's deadline; nothing changed"),
        e.getStatus().getDescription());
    assertTrue(millis >= 170 && millis < 2000, "waited " + millis + " ms");
    awaitTrue(() -> sessions.waitingCalls() == 0, "the server forgot the waiting call");
  }

  @Test
  void batchStepOverTheWire() {
    CreateSessionResponse a = create("tic_tac_toe", 0, 1);
    CreateSessionResponse b = create("tic_tac_toe", 0, 1);
    var response = env.batchStep(BatchStepRequest.newBuilder()
        .addSteps(step(a, a.getToken(), 0, index(0)))
        .addSteps(step(b, b.getToken(), 1, index(0)))
        .addSteps(step(b, b.getToken(), 0, index(0)))
        .build());
    assertEquals(1, response.getSteps(0).getResponse().getStatus().getMoveNumber());
    assertEquals(Code.FAILED_PRECONDITION.value(), response.getSteps(1).getError().getCode());
    assertTrue(response.getSteps(1).getError().getMessage().contains("it is not seat 1's turn"));
    assertEquals(1, response.getSteps(2).getResponse().getStatus().getMoveNumber());
  }

  @Test
  void playAnswersPipelinedRequestsInOrderAndSurvivesErrors() throws Exception {
    BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
    StreamObserver<PlayRequest> requests = async.play(queueInto(responses));
    requests.onNext(PlayRequest.newBuilder().setId(1).setCreate(CreateSessionRequest.newBuilder()
        .setGame("tic_tac_toe").setSeed(3).addSeats(0).addSeats(1)).build());
    PlayResponse created = (PlayResponse) responses.poll(2, TimeUnit.SECONDS);
    CreateSessionResponse s = created.getCreate();
    // Five requests before reading any answer; the third is illegal.
    int[] cells = {4, 0, 4, 8, 2};
    int[] seats = {0, 1, 0, 0, 1};
    for (int i = 0; i < cells.length; i++) {
      int seat = seats[i];
      requests.onNext(PlayRequest.newBuilder().setId(10 + i).setStep(step(s, s.getToken(), seat, index(cells[i]))).build());
    }
    requests.onNext(PlayRequest.newBuilder().setId(99).build());
    for (int i = 0; i < cells.length; i++) {
      PlayResponse r = (PlayResponse) responses.poll(2, TimeUnit.SECONDS);
      assertEquals(10 + i, r.getId());
      if (i == 2) {
        assertEquals(Code.INVALID_ARGUMENT.value(), r.getError().getCode());
        assertTrue(r.getError().getMessage().startsWith("action 4 (X(1,1)) is not legal for seat 0"), r.getError().getMessage());
        assertFalse(r.hasStep());
      } else {
        assertFalse(r.hasError(), r.getError().getMessage());
        assertTrue(r.getStep().getApplied());
      }
    }
    PlayResponse empty = (PlayResponse) responses.poll(2, TimeUnit.SECONDS);
    assertEquals(99, empty.getId());
    assertTrue(empty.getError().getMessage().startsWith("PlayRequest 99 carries no request"));
    assertEquals(1, sessions.size());

    requests.onCompleted();
    assertEquals("completed", responses.poll(2, TimeUnit.SECONDS));
    awaitTrue(() -> sessions.size() == 0, "the session created on the stream closed with it");
  }

  @Test
  void aWaitOnTheStreamHoldsLaterAnswersUntilTheTurnComes() throws Exception {
    CreateSessionResponse s = create("tic_tac_toe", 0);
    BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
    StreamObserver<PlayRequest> requests = async.play(queueInto(responses));
    requests.onNext(PlayRequest.newBuilder().setId(1).setJoin(
        JoinSessionRequest.newBuilder().setSessionId(s.getSessionId()).addSeats(1)).build());
    String guest = ((PlayResponse) responses.poll(2, TimeUnit.SECONDS)).getJoin().getToken();
    requests.onNext(PlayRequest.newBuilder().setId(2).setObserve(ObserveRequest.newBuilder()
        .setSessionId(s.getSessionId()).setToken(guest).setWaitForTurn(true)).build());
    requests.onNext(PlayRequest.newBuilder().setId(3).setStep(step(s, guest, 1, index(0))).build());
    assertNull(responses.poll(100, TimeUnit.MILLISECONDS), "seat 1 is not to move yet");

    env.step(step(s, s.getToken(), 0, index(4)));
    PlayResponse turn = (PlayResponse) responses.poll(2, TimeUnit.SECONDS);
    assertEquals(2, turn.getId());
    assertTrue(turn.getObserve().getObservations(0).getToAct());
    PlayResponse moved = (PlayResponse) responses.poll(2, TimeUnit.SECONDS);
    assertEquals(3, moved.getId());
    assertTrue(moved.getStep().getApplied());

    // The stream ends: seat 1 is free again; the session (created by a unary call) lives on.
    requests.onCompleted();
    assertEquals("completed", responses.poll(2, TimeUnit.SECONDS));
    awaitTrue(() -> env.observe(ObserveRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken())
        .build()).getStatus().getFreeSeatsList().equals(List.of(1)), "seat 1 freed");
    assertEquals(1, sessions.size());
  }

  @Test
  void aCancelledStreamClosesItsSessionsAndDropsItsWait() throws Exception {
    BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
    var call = io.grpc.Context.current().withCancellation();
    StreamObserver<PlayRequest> requests = call.call(() -> async.play(queueInto(responses)));
    requests.onNext(PlayRequest.newBuilder().setId(1).setCreate(CreateSessionRequest.newBuilder()
        .setGame("tic_tac_toe").addSeats(1)).build());
    CreateSessionResponse s = ((PlayResponse) responses.poll(2, TimeUnit.SECONDS)).getCreate();
    requests.onNext(PlayRequest.newBuilder().setId(2).setObserve(ObserveRequest.newBuilder()
        .setSessionId(s.getSessionId()).setToken(s.getToken()).setWaitForTurn(true)).build());
    awaitTrue(() -> sessions.waitingCalls() == 1, "the stream waits");
    call.cancel(null);
    awaitTrue(() -> sessions.size() == 0 && sessions.waitingCalls() == 0, "everything freed");
  }

  @Test
  void closingASessionEndsAWaitingUnaryCall() throws Exception {
    CreateSessionResponse s = create("tic_tac_toe", 0);
    String guest = env.joinSession(JoinSessionRequest.newBuilder().setSessionId(s.getSessionId()).build()).getToken();
    CompletableFuture<ObserveResponse> answer = new CompletableFuture<>();
    async.observe(ObserveRequest.newBuilder().setSessionId(s.getSessionId()).setToken(guest).setWaitForTurn(true).build(),
        collectInto(answer));
    env.closeSession(CloseSessionRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken()).build());
    Throwable t = answer.handle((r, e) -> e).get(2, TimeUnit.SECONDS);
    StatusRuntimeException e = (StatusRuntimeException) t;
    assertEquals(Code.NOT_FOUND, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("closed by its owner while this call waited"));
  }

  @Test
  void echoAndHealth() {
    var echo = EchoGrpc.newBlockingStub(channel);
    assertEquals(300, echo.echo(EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[100]))
        .setResponseSize(300).build()).getPayload().size());
    assertStatus(Code.INVALID_ARGUMENT, "above the server's maximum message size",
        () -> echo.echo(EchoRequest.newBuilder().setResponseSize(5 << 20).build()));
    assertStatus(Code.INVALID_ARGUMENT, "response_size -1 is negative",
        () -> echo.echo(EchoRequest.newBuilder().setResponseSize(-1).build()));
    var health = HealthGrpc.newBlockingStub(channel);
    assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    assertEquals(ServingStatus.SERVING, health.check(
        HealthCheckRequest.newBuilder().setService(EnvironmentGrpc.SERVICE_NAME).build()).getStatus());
  }

  static <T> StreamObserver<T> collectInto(CompletableFuture<T> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        answer.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  /** Responses, then "completed" or the error, in arrival order. */
  static StreamObserver<PlayResponse> queueInto(BlockingQueue<Object> queue) {
    return new StreamObserver<>() {
      @Override
      public void onNext(PlayResponse value) {
        queue.add(value);
      }

      @Override
      public void onError(Throwable t) {
        queue.add(t);
      }

      @Override
      public void onCompleted() {
        queue.add("completed");
      }
    };
  }

  static void awaitTrue(BooleanSupplier condition, String what) {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
