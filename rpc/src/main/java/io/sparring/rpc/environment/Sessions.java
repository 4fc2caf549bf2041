package io.sparring.rpc.environment;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameProvider;
import io.sparring.core.game.Games;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecException;
import io.sparring.proto.v1.BatchStepRequest;
import io.sparring.proto.v1.BatchStepResponse;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CloseSessionResponse;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.GetServerInfoResponse;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.proto.v1.JoinSessionResponse;
import io.sparring.proto.v1.ListGamesResponse;
import io.sparring.proto.v1.ObservationView;
import io.sparring.proto.v1.ObserveRequest;
import io.sparring.proto.v1.ObserveResponse;
import io.sparring.proto.v1.ResetRequest;
import io.sparring.proto.v1.ResetResponse;
import io.sparring.proto.v1.ResetResult;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import io.sparring.proto.v1.StepResult;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one server, as an in-process API taking and returning {@code sparring.v1}
 * messages. Errors are {@link StatusRuntimeException}s with the status and message a client
 * should see; a request that fails changes nothing. Thread-safe: each session has its own lock.
 * Sessions nobody touches for the configured time to live are closed by a background sweep.
 */
public final class Sessions implements AutoCloseable {
  /** The protocol's version: the major is the package (sparring.v1), the minor grows with additions. */
  public static final String PROTOCOL_VERSION = "1.2";
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);
  /** A result's framing in a batch answer: field tags and lengths. */
  private static final int ITEM_OVERHEAD_BYTES = 16;
  /** An error result: a code and a message of a few hundred characters. */
  private static final int ERROR_BYTES = 512;
  /** Closed session ids remembered, so that a late request learns why its session is gone. */
  private static final int REMEMBERED_CLOSED = 4096;

  private final ServerConfig config;
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final ClientQuotas quotas;
  /** Sessions alive plus those being created: what the session limit counts. */
  private final AtomicInteger reserved = new AtomicInteger();
  private final Map<String, String> recentlyClosed =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED_CLOSED;
        }
      };
  private final Function<String, Game> gameFactory;
  private final ListGamesResponse games;
  /** Runs the expiry sweep and ends waits just before their calls' deadlines. */
  private final ScheduledThreadPoolExecutor timer;
  private volatile boolean shutDown;

  /** What a waiting Observe is answered with, exactly once, on a thread of whoever changed the session. */
  public interface Delivery {
    void ready(ObserveResponse response);

    void failed(StatusRuntimeException error);
  }

  /** The outcome of an Observe that may wait: an answer now, or a registered waiter to cancel. */
  public static final class Wait {
    private final ObserveResponse immediate;
    private final Session session;
    private final Session.Waiter waiter;
    private final Future<?> deadline;

    private Wait(ObserveResponse immediate, Session session, Session.Waiter waiter, Future<?> deadline) {
      this.immediate = immediate;
      this.session = session;
      this.waiter = waiter;
      this.deadline = deadline;
    }

    /** The answer when one was ready at once; null when the delivery will be called later. */
    public ObserveResponse immediate() {
      return immediate;
    }

    /** Stops waiting (the call was cancelled or its deadline passed); the delivery is not called. */
    public void cancel() {
      if (waiter != null) {
        session.cancel(waiter);
      }
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
  }

  /** Sessions of the registered games ({@link Games}). */
  public Sessions(ServerConfig config) {
    this(config, Games::create, registeredGames());
  }

  /** Sessions of the games {@code gameFactory} makes from a spec string (tests add their own). */
  Sessions(ServerConfig config, Function<String, Game> gameFactory, ListGamesResponse games) {
    this.config = config;
    this.quotas = new ClientQuotas(config);
    this.gameFactory = gameFactory;
    this.games = games;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "sparring-session-timer");
      thread.setDaemon(true);
      return thread;
    });
    Duration shortest = config.sessionTtl().compareTo(config.maxSessionLifetime()) < 0
        ? config.sessionTtl() : config.maxSessionLifetime();
    long period = sweepPeriod(shortest).toNanos();
    timer.setRemoveOnCancelPolicy(true); // a wait answered early drops its deadline task at once
    timer.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.NANOSECONDS);
  }

  static ListGamesResponse registeredGames() {
    ListGamesResponse.Builder list = ListGamesResponse.newBuilder();
    for (GameProvider provider : Games.registry().providers()) {
      list.addGames(Protos.gameInfo(provider, Games.create(provider.name())));
    }
    return list.build();
  }

  /** A quarter of the time to live, within [5 ms, 1 s]: expiry happens at most that late. */
  static Duration sweepPeriod(Duration ttl) {
    Duration quarter = ttl.dividedBy(4);
    Duration min = Duration.ofMillis(5);
    Duration max = Duration.ofSeconds(1);
    return quarter.compareTo(min) < 0 ? min : quarter.compareTo(max) > 0 ? max : quarter;
  }

  public ServerConfig config() {
    return config;
  }

  /** Sessions alive now. */
  public int size() {
    return sessions.size();
  }

  /** Calls waiting for a turn, over all sessions (for tests and monitoring). */
  public int waitingCalls() {
    return sessions.values().stream().mapToInt(Session::waiterCount).sum();
  }

  public GetServerInfoResponse serverInfo() {
    return GetServerInfoResponse.newBuilder()
        .setSparringVersion(config.sparringVersion())
        .setProtocolVersion(PROTOCOL_VERSION)
        .addAllGames(games.getGamesList().stream().map(g -> g.getName()).toList())
        .setMaxSessions(config.maxSessions())
        .setSessionTtlMillis(config.sessionTtl().toMillis())
        .setMaxMessageBytes(config.maxMessageBytes())
        .setLiveSessions(size())
        .setMaxBatchItems(config.maxBatchItems())
        .setMaxBatchResponseBytes(config.maxBatchResponseBytes())
        .setMaxSessionsPerClient(config.maxSessionsPerClient())
        .setMaxRequestsPerSecond(config.maxRequestsPerSecond())
        .setMaxSessionLifetimeMillis(config.maxSessionLifetime().toMillis())
        .build();
  }

  public ListGamesResponse listGames() {
    return games;
  }

  public CreateSessionResponse create(CreateSessionRequest request) {
    return create(request, null);
  }

  /**
   * Refuses a registered game's spec whose path arguments (a web-shop catalog folder) lie outside
   * the folder the server lets clients name ({@code serve --game-files}), or any such argument
   * without one: opening them would read this machine's files for whoever asks. A spec that does
   * not parse is left to the game factory, which says what is wrong with it.
   */
  private void checkFiles(String text) {
    Arguments arguments;
    GameProvider provider;
    try {
      Spec spec = Spec.parse(text);
      provider = Games.registry().provider(spec.name());
      arguments = Games.registry().arguments(spec);
    } catch (IllegalArgumentException e) { // a SpecException too
      return;
    }
    for (Parameter parameter : provider.parameters()) {
      if (parameter.type() != Parameter.Type.PATH || arguments.getString(parameter.name()).isEmpty()) {
        continue;
      }
      String value = arguments.getString(parameter.name());
      String named = "%s=%s".formatted(parameter.name(), Errors.echo(value));
      Path folder = config.gameFiles().orElseThrow(() -> Errors.permissionDenied((
          "game spec argument %s names a file on the server, and this server lets clients name none;"
              + " its operator can allow a folder with 'serve --game-files DIR'").formatted(named)));
      try {
        Path real = Path.of(value).toRealPath(); // as the game opens it; symbolic links resolved
        if (real.startsWith(folder.toRealPath())) {
          continue;
        }
      } catch (IOException | InvalidPathException e) {
        // a missing file is refused like one outside, so that a client cannot probe for files
      }
      throw Errors.permissionDenied("game spec argument %s is not a file under the folder this server lets"
          .formatted(named) + " clients name (serve --game-files)");
    }
  }

  CreateSessionResponse create(CreateSessionRequest request, StreamBinding binding) {
    checkRunning();
    if (request.getGame().isBlank()) {
      throw Errors.invalidArgument(
          "CreateSessionRequest.game is empty; name a game spec such as tic_tac_toe (ListGames lists them)");
    }
    checkFiles(request.getGame());
    Game game;
    try {
      game = gameFactory.apply(request.getGame());
    } catch (SpecException e) {
      throw Errors.invalidArgument(quotingLess(e.getMessage(), request.getGame()));
    } catch (IllegalArgumentException e) {
      throw Errors.invalidArgument("game spec '%s' was refused: %s".formatted(
          Errors.echo(request.getGame()), quotingLess(e.getMessage(), request.getGame())));
    }
    List<Integer> seats = request.getSeatsList();
    HashSet<Integer> seen = new HashSet<>();
    for (int seat : seats) {
      if (seat < 0 || seat >= game.numPlayers()) {
        throw Errors.notFound(
            "%s has no seat %d; its seats are 0..%d".formatted(game.spec(), seat, game.numPlayers() - 1));
      }
      if (!seen.add(seat)) {
        throw Errors.invalidArgument("seat %d is listed twice in %s".formatted(seat, seats));
      }
    }
    String client = ClientIdentity.current();
    quotas.reserveSession(client);
    if (reserved.incrementAndGet() > config.maxSessions()) {
      quotas.unreserve(client);
      reserved.decrementAndGet();
      throw Errors.resourceExhausted(
          ("the server holds its maximum of %d sessions; close sessions you no longer need"
                  + " (CloseSession), or wait for idle ones to expire after %s")
              .formatted(config.maxSessions(), Durations.format(config.sessionTtl())));
    }
    OptionalLong seed = request.hasSeed() ? OptionalLong.of(request.getSeed())
        : OptionalLong.empty();
    Session session;
    try {
      Errors.checkNotCancelled("session creation");
      session = new Session(Ids.sessionId(), game, seed, seats);
    } catch (RuntimeException e) {
      reserved.decrementAndGet();
      quotas.unreserve(client);
      throw Errors.of(e);
    }
    quotas.created(session.id, client);
    sessions.put(session.id, session);
    log.debug("session {} created: {}, owner seats {}{}", session.id, game.spec(), seats,
        binding != null ? ", on a Play stream" : "");
    if (binding != null && !binding.ownSession(session)) {
      end(session, "closed because its owner's Play stream ended",
          Errors.notFound("session " + session.id + " was closed: its owner's Play stream ended"));
      throw Errors.unavailable("the Play stream ended while the session was created; nothing is left");
    }
    if (shutDown) {
      end(session, "closed because the server is shutting down", Errors.unavailable("the server is shutting down"));
      throw Errors.unavailable("the server is shutting down; no new sessions");
    }
    return session.created(request.getView());
  }

  /**
   * A spec parser's message quoting no more of a long spec than any other input: its first line,
   * as the later ones point into the spec quoted whole.
   */
  private static String quotingLess(String message, String spec) {
    if (spec.length() <= Errors.MAX_ECHOED_CHARS) {
      return message;
    }
    return message.lines().findFirst().orElse("").replace(spec, Errors.echo(spec));
  }

  public JoinSessionResponse join(JoinSessionRequest request) {
    return join(request, null);
  }

  JoinSessionResponse join(JoinSessionRequest request, StreamBinding binding) {
    return find(request.getSessionId()).join(request, binding);
  }

  public ResetResponse reset(ResetRequest request) {
    Session session = find(request.getSessionId());
    List<Runnable> deliveries = new ArrayList<>();
    try {
      return session.reset(request.getToken(), request.hasSeed() ? request.getSeed() : null,
          request.getView(), deliveries);
    } finally {
      run(deliveries);
    }
  }

  public StepResponse step(StepRequest request) {
    Session session = find(request.getSessionId());
    List<Runnable> deliveries = new ArrayList<>();
    try {
      return session.step(request, deliveries);
    } finally {
      run(deliveries);
    }
  }

  /**
   * The caller's observations. With {@code wait_for_turn}, blocks the calling thread until one of
   * the seats is to act or the episode is over (the gRPC service never blocks: it uses {@link
   * #observe(ObserveRequest, Delivery)}).
   */
  public ObserveResponse observe(ObserveRequest request) {
    if (!request.getWaitForTurn()) {
      return find(request.getSessionId()).observe(request);
    }
    CompletableFuture<ObserveResponse> answer = new CompletableFuture<>();
    Wait wait = observe(request, new Delivery() {
      @Override
      public void ready(ObserveResponse response) {
        answer.complete(response);
      }

      @Override
      public void failed(StatusRuntimeException error) {
        answer.completeExceptionally(error);
      }
    });
    if (wait.immediate() != null) {
      return wait.immediate();
    }
    try {
      return answer.get();
    } catch (InterruptedException e) {
      wait.cancel();
      Thread.currentThread().interrupt();
      throw Errors.of(new IllegalStateException("interrupted while waiting for a turn", e));
    } catch (ExecutionException e) {
      throw Errors.of(e.getCause());
    }
  }

  /**
   * An Observe that may wait without blocking: returns a {@link Wait} holding the answer when it is
   * ready now; otherwise {@code delivery} is called later, once, unless the wait is cancelled.
   */
  public Wait observe(ObserveRequest request, Delivery delivery) {
    Session session = find(request.getSessionId());
    if (!request.getWaitForTurn()) {
      return new Wait(session.observe(request), session, null, null);
    }
    Once once = new Once(delivery);
    Session.Observed observed = session.observeOrWait(request, once);
    Future<?> task = observed.waiter() == null ? null : endBeforeDeadline(session, observed.waiter(), once);
    once.deadlineTask(task);
    return new Wait(observed.now(), session, observed.waiter(), task);
  }

  /**
   * Ends a wait with DEADLINE_EXCEEDED shortly before the call's deadline, so the client reads
   * that status and this message rather than the transport's reset of a call cut off by its
   * deadline (which some clients report as CANCELLED).
   */
  private Future<?> endBeforeDeadline(Session session, Session.Waiter waiter, Delivery delivery) {
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return null;
    }
    long remaining = deadline.timeRemaining(TimeUnit.NANOSECONDS);
    // A twentieth of the time, within [10 ms, 50 ms]: enough for the answer to beat the deadline.
    long margin = Math.min(TimeUnit.MILLISECONDS.toNanos(50), Math.max(TimeUnit.MILLISECONDS.toNanos(10), remaining / 20));
    return timer.schedule(() -> {
      session.cancel(waiter);
      delivery.failed(Status.DEADLINE_EXCEEDED.withDescription(
          "no turn came for seats %s of session %s before the call's deadline; nothing changed. Observe again to keep waiting"
              .formatted(waiter.seats(), session.id)).asRuntimeException());
    }, Math.max(0, remaining - margin), TimeUnit.NANOSECONDS);
  }

  public CloseSessionResponse close(CloseSessionRequest request) {
    Session session = find(request.getSessionId());
    List<Runnable> deliveries = new ArrayList<>();
    long episodes = session.closeByOwner(request.getToken(),
        Errors.notFound("session " + session.id + " was closed by its owner while this call waited"),
        deliveries);
    forget(session, "closed by its owner", episodes, deliveries);
    return CloseSessionResponse.newBuilder().setEpisodes(episodes).build();
  }

  /**
   * Resets, then steps, each on its own: a failed item changes nothing and the others go on. A batch
   * with too many items, or whose answer is expected to be too large, is refused before any item
   * is applied, so the client never loses the answer to changes that were made.
   */
  public BatchStepResponse batchStep(BatchStepRequest request) {
    int items = request.getResetsCount() + request.getStepsCount();
    if (items > config.maxBatchItems()) {
      throw Errors.resourceExhausted(
          "a batch may carry at most %d resets and steps together (the server's max batch items), got %d; split it"
              .formatted(config.maxBatchItems(), items));
    }
    long expected = 0;
    for (ResetRequest reset : request.getResetsList()) {
      expected += expectedResultBytes(reset.getSessionId(), reset.getView());
    }
    for (StepRequest step : request.getStepsList()) {
      expected += expectedResultBytes(step.getSessionId(), step.getView());
    }
    if (expected > config.maxBatchResponseBytes()) {
      throw Errors.resourceExhausted(
          ("this batch's answer would take about %d bytes, more than the %d one answer may take (the server's"
                  + " max batch response bytes); nothing was applied. Split it, or ask for a smaller view (SEAT,"
                  + " COMPACT or NONE)").formatted(expected, config.maxBatchResponseBytes()));
    }
    BatchStepResponse.Builder response = BatchStepResponse.newBuilder();
    for (ResetRequest reset : request.getResetsList()) {
      ResetResult.Builder result = ResetResult.newBuilder();
      try {
        result.setResponse(reset(reset));
      } catch (RuntimeException e) {
        result.setError(Errors.toProto(Errors.of(e)));
      }
      response.addResets(result);
    }
    for (StepRequest step : request.getStepsList()) {
      StepResult.Builder result = StepResult.newBuilder();
      try {
        result.setResponse(step(step));
      } catch (RuntimeException e) {
        result.setError(Errors.toProto(Errors.of(e)));
      }
      response.addSteps(result);
    }
    return response.build();
  }

  /** An item's expected share of a batch's answer: its session's largest answer, or an error's size. */
  private long expectedResultBytes(String sessionId, ObservationView view) {
    Session session = sessions.get(sessionId);
    return ITEM_OVERHEAD_BYTES + (session == null ? ERROR_BYTES : session.expectedResponseBytes(view));
  }

  /** A Play stream ended: close the sessions it created and free the seats it joined. */
  void release(StreamBinding binding) {
    StreamBinding.Held held = binding.release();
    for (Session session : held.sessions()) {
      end(session, "closed because its owner's Play stream ended",
          Errors.notFound("session " + session.id + " was closed: its owner's Play stream ended"));
    }
    for (Member member : held.members()) {
      member.session.release(member);
    }
  }

  /**
   * Takes one request from the calling client's allowance (the gRPC services call it; the session
   * API in process is not limited).
   */
  void admitRequest() {
    quotas.admit(ClientIdentity.current());
  }

  /** Closes sessions idle longer than the time to live, or older than the lifetime however busy. */
  void sweep() {
    long now = System.nanoTime();
    long cutoff = now - config.sessionTtl().toNanos();
    long born = now - config.maxSessionLifetime().toNanos();
    quotas.sweep();
    for (Session session : sessions.values()) {
      if (session.createdBefore(born)) {
        String reason = "closed after %s, the longest a session may live (the server's max session lifetime)"
            .formatted(Durations.format(config.maxSessionLifetime()));
        end(session, reason, Errors.notFound("session " + session.id + " was " + reason));
      } else if (session.idleSince(cutoff)) {
        String reason = "closed after %s without requests (the server's session time to live)"
            .formatted(Durations.format(config.sessionTtl()));
        end(session, reason, Errors.notFound("session " + session.id + " was " + reason));
      }
    }
  }

  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn("session sweep failed", e);
    }
  }

  /** Closes every session (waiting calls end with UNAVAILABLE) and stops the sweep. */
  @Override
  public void close() {
    shutDown = true;
    timer.shutdownNow();
    for (Session session : sessions.values()) {
      end(session, "closed because the server shut down",
          Errors.unavailable("the server is shutting down; session " + session.id + " is closed"));
    }
  }

  private void checkRunning() {
    if (shutDown) {
      throw Errors.unavailable("the server is shutting down; no new sessions");
    }
  }

  private void end(Session session, String reason, StatusRuntimeException waiterError) {
    List<Runnable> deliveries = new ArrayList<>();
    long episodes = session.shutDown(reason, waiterError, deliveries);
    if (episodes >= 0) {
      forget(session, reason, episodes, deliveries);
    }
  }

  /** Drops a session that has been shut down and answers its waiting calls. */
  private void forget(Session session, String reason, long episodes, List<Runnable> deliveries) {
    if (sessions.remove(session.id, session)) {
      reserved.decrementAndGet();
      quotas.closed(session.id);
    }
    synchronized (recentlyClosed) {
      recentlyClosed.put(session.id, reason);
    }
    log.debug("session {} {} ({} episode{})", session.id, reason, episodes, episodes == 1 ? "" : "s");
    run(deliveries);
  }

  private Session find(String id) {
    if (id.isEmpty()) {
      throw Errors.invalidArgument("the request has no session_id; CreateSession returns one");
    }
    Session session = sessions.get(id);
    if (session != null) {
      return session;
    }
    String reason;
    synchronized (recentlyClosed) {
      reason = recentlyClosed.get(id);
    }
    if (reason != null) {
      throw Errors.notFound("session %s was %s; create a new one".formatted(id, reason));
    }
    if (id.startsWith("t_")) {
      throw Errors.notFound("'%s...' is a token, not a session id; pass the session_id that CreateSession returned"
          .formatted(id.substring(0, Math.min(id.length(), 6))));
    }
    throw Errors.notFound(
        "unknown session '%s': it never existed or was closed long ago; CreateSession starts one"
            .formatted(id.length() > 40 ? id.substring(0, 40) + "..." : id));
  }

  /** Passes on the first answer and drops later ones; the first also cancels the deadline task. */
  private static final class Once implements Delivery {
    private final Delivery delivery;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Future<?> deadlineTask;

    Once(Delivery delivery) {
      this.delivery = delivery;
    }

    void deadlineTask(Future<?> task) {
      deadlineTask = task;
      if (task != null && done.get()) {
        task.cancel(false);
      }
    }

    @Override
    public void ready(ObserveResponse response) {
      if (done.compareAndSet(false, true)) {
        cancelDeadlineTask();
        delivery.ready(response);
      }
    }

    @Override
    public void failed(StatusRuntimeException error) {
      if (done.compareAndSet(false, true)) {
        cancelDeadlineTask();
        delivery.failed(error);
      }
    }

    private void cancelDeadlineTask() {
      Future<?> task = deadlineTask;
      if (task != null) {
        task.cancel(false);
      }
    }
  }

  private static void run(List<Runnable> deliveries) {
    for (Runnable delivery : deliveries) {
      try {
        delivery.run();
      } catch (RuntimeException e) {
        log.warn("answering a waiting call failed", e);
      }
    }
  }
}
