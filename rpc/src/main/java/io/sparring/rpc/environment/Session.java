package io.sparring.rpc.environment;

import io.grpc.StatusRuntimeException;
import io.sparring.core.game.EndStatus;
import io.sparring.core.game.Game;
import io.sparring.core.game.State;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.proto.v1.JoinSessionResponse;
import io.sparring.proto.v1.Observation;
import com.google.protobuf.MessageLite;
import io.sparring.proto.v1.ObservationView;
import io.sparring.proto.v1.ObserveRequest;
import io.sparring.proto.v1.ObserveResponse;
import io.sparring.proto.v1.ResetResponse;
import io.sparring.proto.v1.SessionStatus;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session: a game's current episode, the members holding its seats, actions held at a
 * simultaneous step, and calls waiting for a turn. Every method runs under the session's lock.
 * Checks come first and a change is made only when all pass, so a failed request changes nothing.
 * Work for other calls (answering waiters) is added to a list that the caller runs after leaving
 * the lock.
 */
final class Session {
  private static final Logger log = LoggerFactory.getLogger(Session.class);
  /** Calls one token may have waiting at once; more is RESOURCE_EXHAUSTED. */
  static final int MAX_WAITERS_PER_TOKEN = 16;
  /** Legal actions named in an error message at most. */
  private static final int MAX_NAMED_ACTIONS = 40;
  /** What {@link #action} returns for Action.text that is a text action of the game. */
  private static final int TEXT_ACTION = -1;

  final String id;
  final Game game;
  final Member owner;
  private final Map<String, Member> members = new HashMap<>();
  private final Member[] holders;
  private final int[] held;
  private final boolean[] isHeld;
  private final List<Waiter> waiters = new ArrayList<>();
  private State state;
  private long episode;
  private long seed;
  /** Whether the owner chose this episode's seed (else the server drew it, a secret until the end). */
  private boolean seedChosen;
  private int moves;
  private double[] lastRewards;
  private long lastActiveNanos;
  private final long createdNanos = System.nanoTime();
  private String closedReason;
  /** The largest reset or step answer given so far, per {@link Parts}, for sizing batches up front. */
  private final int[] largestResponse = new int[Parts.values().length];

  /** A call waiting for one of a member's seats to act. */
  record Waiter(
      Member member, List<Integer> seats, long minEpisode, ObservationView view, Sessions.Delivery delivery) {}

  /** @param seed the first episode's seed; empty: the server draws a secret one */
  Session(String id, Game game, OptionalLong seed, List<Integer> ownerSeats) {
    this.id = id;
    this.game = game;
    this.holders = new Member[game.numPlayers()];
    this.held = new int[game.numPlayers()];
    this.isHeld = new boolean[game.numPlayers()];
    this.owner = new Member(this, Ids.token());
    members.put(owner.token, owner);
    take(owner, ownerSeats);
    startEpisode(seed);
    touch();
  }

  // ---- Requests ----

  synchronized CreateSessionResponse created(ObservationView view) {
    return CreateSessionResponse.newBuilder()
        .setSessionId(id)
        .setToken(owner.token)
        .setGame(Protos.gameFacts(game))
        .addAllSeats(owner.seats())
        .setStatus(status())
        .addAllObservations(observations(owner.seats(), view))
        .build();
  }

  synchronized JoinSessionResponse join(JoinSessionRequest request, StreamBinding binding) {
    checkOpen();
    Member member = request.getToken().isEmpty() ? null : member(request.getToken());
    List<Integer> seats = request.getSeatsList();
    if (seats.isEmpty()) {
      int free = firstFreeSeat();
      if (free < 0) {
        throw Errors.alreadyExists(
            "every seat of session %s is taken (%s has seats 0..%d); create a session of your own"
                .formatted(id, game.spec(), holders.length - 1));
      }
      seats = List.of(free);
    } else {
      checkSeats(seats);
      for (int seat : seats) {
        if (holders[seat] != null) {
          throw Errors.alreadyExists(
              (holders[seat] == member
                      ? "seat %d of session %s is already yours"
                      : "seat %d of session %s is taken")
                      .formatted(seat, id)
                  + "; free seats: " + freeSeats());
        }
      }
    }
    Errors.checkNotCancelled("join");
    boolean newMember = member == null;
    if (newMember) {
      member = new Member(this, Ids.token());
      if (binding != null && !binding.holdMember(member)) {
        throw Errors.unavailable("the Play stream ended before the join was applied; nothing changed");
      }
      members.put(member.token, member);
    }
    take(member, seats);
    touch();
    log.debug("session {}: seats {} joined{}", id, seats, binding != null && newMember ? " on a Play stream" : "");
    return JoinSessionResponse.newBuilder()
        .setToken(member.token)
        .addAllSeats(member.seats())
        .setGame(Protos.gameFacts(game))
        .setStatus(status())
        .addAllObservations(observations(member.seats(), request.getView()))
        .build();
  }

  synchronized ResetResponse reset(String token, Long newSeed, ObservationView view, List<Runnable> deliveries) {
    checkOpen();
    Member member = member(token);
    if (member != owner) {
      throw Errors.permissionDenied(
          "only the owner of session %s may reset it; your token plays seats %s. Observe with"
              .formatted(id, member.seats())
              + " wait_for_turn and min_episode %d to wait for the owner's reset".formatted(episode + 1));
    }
    Errors.checkNotCancelled("reset");
    // The owner's seed, or the last one + 1 after one the owner chose; else a new secret one, since
    // the last one was revealed when its episode ended.
    startEpisode(newSeed != null ? OptionalLong.of(newSeed)
        : seedChosen ? OptionalLong.of(seed + 1) : OptionalLong.empty());
    touch();
    log.debug("session {}: episode {} started", id, episode);
    collectReady(deliveries);
    return remember(view, ResetResponse.newBuilder()
        .setStatus(status())
        .addAllObservations(observations(owner.seats(), view))
        .build());
  }

  synchronized StepResponse step(StepRequest request, List<Runnable> deliveries) {
    checkOpen();
    Member member = member(request.getToken());
    int seat = actingSeat(member, request);
    if (state.isTerminal()) {
      throw Errors.failedPrecondition(
          "episode %d of session %s is over (%s); %s"
              .formatted(episode, id, lower(state.endStatus()), member == owner
                  ? "Reset starts the next one"
                  : "the owner may Reset it; Observe with wait_for_turn and min_episode "
                      + (episode + 1) + " waits for that"));
    }
    List<Integer> acting = state.actingPlayers();
    if (!acting.contains(seat)) {
      throw Errors.failedPrecondition(
          "it is not seat %d's turn in session %s; %s. Observe with wait_for_turn waits for it"
              .formatted(seat, id, whoActs(acting)));
    }
    if (isHeld[seat]) {
      throw Errors.failedPrecondition(
          "seat %d has already acted in this simultaneous step of session %s; waiting for seats %s"
              .formatted(seat, id, awaitedSeats(acting)));
    }
    int action = action(seat, request.getAction());
    Errors.checkNotCancelled("step");
    boolean applied;
    boolean noOp = false;
    if (action == TEXT_ACTION) {
      boolean[] used = new boolean[1];
      advance(() -> used[0] = state.applyText(seat, request.getAction().getText()));
      noOp = !used[0];
      applied = true;
    } else if (state.isSimultaneousNode()) {
      held[seat] = action;
      isHeld[seat] = true;
      applied = acting.stream().allMatch(s -> isHeld[s]);
      if (applied) {
        List<Integer> joint = acting.stream().map(s -> held[s]).toList();
        Arrays.fill(isHeld, false);
        try {
          advance(() -> state.applyJoint(joint));
        } catch (RuntimeException e) {
          // The game refused a joint action whose parts it accepted; keep the others' actions.
          acting.forEach(s -> isHeld[s] = s != seat);
          throw e;
        }
      }
    } else {
      advance(() -> state.apply(action));
      applied = true;
    }
    touch();
    if (applied && state.isTerminal()) {
      log.debug("session {}: episode {} {} after {} moves, returns {}", id, episode,
          lower(state.endStatus()), moves, Arrays.toString(state.returns()));
    }
    collectReady(deliveries);
    List<Integer> nowActing = state.actingPlayers();
    return remember(request.getView(), StepResponse.newBuilder()
        .setApplied(applied)
        .setNoOp(noOp)
        .setStatus(status(nowActing))
        .addAllObservations(observations(member.seats(), request.getView(), nowActing))
        .build());
  }

  synchronized ObserveResponse observe(ObserveRequest request) {
    checkOpen();
    Member member = member(request.getToken());
    List<Integer> seats = observedSeats(member, request.getSeatsList());
    touch();
    return observeResponse(seats, request.getView());
  }

  /** An Observe that may wait: the answer now, or the waiter registered to be answered later. */
  record Observed(ObserveResponse now, Waiter waiter) {}

  /**
   * Answers at once when one of the seats is to act (or the episode is over), else registers a
   * waiter that a later change answers.
   */
  synchronized Observed observeOrWait(ObserveRequest request, Sessions.Delivery delivery) {
    checkOpen();
    Member member = member(request.getToken());
    List<Integer> seats = observedSeats(member, request.getSeatsList());
    touch();
    if (seats.isEmpty()) {
      throw Errors.failedPrecondition(
          "your token holds no seat of session %s, so there is no turn to wait for; JoinSession takes one"
              .formatted(id));
    }
    Waiter waiter = new Waiter(member, seats, request.getMinEpisode(), request.getView(), delivery);
    if (isReady(waiter)) {
      return new Observed(observeResponse(seats, request.getView()), null);
    }
    if (waiters.stream().filter(w -> w.member() == member).count() >= MAX_WAITERS_PER_TOKEN) {
      throw Errors.resourceExhausted(
          "your token already has %d calls waiting for a turn in session %s; wait on fewer at once"
              .formatted(MAX_WAITERS_PER_TOKEN, id));
    }
    waiters.add(waiter);
    return new Observed(null, waiter);
  }

  synchronized void cancel(Waiter waiter) {
    waiters.remove(waiter);
  }

  /**
   * The owner closes the session; returns the number of episodes it started. The caller forgets
   * the session and runs the deliveries.
   */
  synchronized long closeByOwner(String token, StatusRuntimeException waiterError, List<Runnable> deliveries) {
    checkOpen();
    Member member = member(token);
    if (member != owner) {
      throw Errors.permissionDenied(
          "only the owner of session %s may close it; your token plays seats %s"
              .formatted(id, member.seats()));
    }
    Errors.checkNotCancelled("close");
    return shutDown("closed by its owner", waiterError, deliveries);
  }

  /**
   * Closes the session: later requests get NOT_FOUND and waiting calls end with {@code
   * waiterError}. Returns the number of episodes it started, or -1 when it was already closed.
   */
  synchronized long shutDown(String reason, StatusRuntimeException waiterError, List<Runnable> deliveries) {
    if (closedReason != null) {
      return -1;
    }
    closedReason = reason;
    for (Waiter waiter : waiters) {
      deliveries.add(() -> waiter.delivery().failed(waiterError));
    }
    waiters.clear();
    members.clear();
    Arrays.fill(holders, null);
    state = null;
    return episode;
  }

  /** A member leaves (its Play stream ended): its seats become free, its held actions are dropped. */
  synchronized void release(Member member) {
    if (closedReason != null || members.remove(member.token) == null) {
      return;
    }
    for (int seat : member.seats()) {
      holders[seat] = null;
      isHeld[seat] = false;
    }
    waiters.removeIf(w -> w.member() == member);
    log.debug("session {}: seats {} left (their Play stream ended)", id, member.seats());
  }

  /** Whether the session, still open, was created before {@code cutoffNanos}. */
  synchronized boolean createdBefore(long cutoffNanos) {
    return closedReason == null && createdNanos - cutoffNanos < 0;
  }

  synchronized boolean idleSince(long cutoffNanos) {
    return closedReason == null && lastActiveNanos - cutoffNanos < 0;
  }

  synchronized long episode() {
    return episode;
  }

  synchronized int waiterCount() {
    return waiters.size();
  }

  // ---- Checks ----

  private void checkOpen() {
    if (closedReason != null) {
      throw Errors.notFound("session %s was %s; create a new one".formatted(id, closedReason));
    }
  }

  private Member member(String token) {
    if (token.isEmpty()) {
      throw Errors.invalidArgument(
          "the request has no token; pass the token that CreateSession or JoinSession returned");
    }
    Member member = members.get(token);
    if (member == null) {
      throw Errors.permissionDenied(
          "the token is not one of session %s's; pass the token that CreateSession or JoinSession"
              .formatted(id)
              + " returned for this session (JoinSession gives one)");
    }
    return member;
  }

  private void checkSeats(List<Integer> seats) {
    HashSet<Integer> seen = new HashSet<>();
    for (int seat : seats) {
      checkSeatExists(seat);
      if (!seen.add(seat)) {
        throw Errors.invalidArgument("seat %d is listed twice in %s".formatted(seat, seats));
      }
    }
  }

  private void checkSeatExists(int seat) {
    if (seat < 0 || seat >= holders.length) {
      throw Errors.notFound(
          "session %s has no seat %d; %s has seats 0..%d"
              .formatted(id, seat, game.spec(), holders.length - 1));
    }
  }

  private int actingSeat(Member member, StepRequest request) {
    if (request.hasSeat()) {
      int seat = request.getSeat();
      checkSeatExists(seat);
      if (!member.holds(seat)) {
        throw Errors.permissionDenied(
            "seat %d of session %s is not yours; your token holds seats %s"
                .formatted(seat, id, member.seats()));
      }
      return seat;
    }
    if (member.seatCount() == 1) {
      return member.seats().getFirst();
    }
    if (member.seatCount() == 0) {
      throw Errors.failedPrecondition(
          "your token holds no seat of session %s; JoinSession takes one (free seats: %s)"
              .formatted(id, freeSeats()));
    }
    throw Errors.invalidArgument(
        "your token holds seats %s of session %s; say which one acts in StepRequest.seat"
            .formatted(member.seats(), id));
  }

  private List<Integer> observedSeats(Member member, List<Integer> requested) {
    if (requested.isEmpty()) {
      return member.seats();
    }
    checkSeats(requested);
    for (int seat : requested) {
      if (!member.holds(seat)) {
        throw Errors.permissionDenied(
            "seat %d of session %s is not yours, so you may not observe it; your token holds seats %s"
                .formatted(seat, id, member.seats()));
      }
    }
    return requested.stream().sorted().toList();
  }

  private int action(int seat, Action action) {
    return switch (action.getKindCase()) {
      case INDEX -> {
        int index = action.getIndex();
        if (!state.legalActions(seat).contains(index)) {
          throw Errors.invalidArgument(
              "action %s is not legal for seat %d; legal: %s"
                  .formatted(describe(seat, index), seat, legalNames(seat)));
        }
        yield index;
      }
      case NAME -> byName(seat, action.getName());
      case TEXT -> byText(seat, action.getText());
      case KIND_NOT_SET -> throw Errors.invalidArgument(
          "the step has no action; set Action.index or Action.name. Legal for seat %d: %s"
              .formatted(seat, legalNames(seat)));
    };
  }

  /** An exact action name (case and surrounding spaces aside) or number. */
  private int byName(int seat, String name) {
    String wanted = name.strip();
    List<Integer> legal = state.legalActions(seat);
    for (int action : legal) {
      if (state.actionToString(seat, action).equalsIgnoreCase(wanted)) {
        return action;
      }
    }
    try {
      int number = Integer.parseInt(wanted);
      if (legal.contains(number)) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // not a number either; the message below says what is legal
    }
    throw Errors.invalidArgument(
        "'%s' is not the name of a legal action for seat %d; legal: %s (Action.text takes free text)"
            .formatted(Errors.echo(wanted), seat, legalNames(seat)));
  }

  /**
   * Free text, read by the game's own parser (an LLM's answer, for example), else a text action
   * ({@link #TEXT_ACTION}) of a game that takes them, which the step applies or the game refuses.
   */
  private int byText(int seat, String text) {
    int parsed;
    String refusal = "";
    try {
      parsed = state.parseAction(seat, text);
    } catch (IllegalArgumentException e) {
      parsed = -1;
      refusal = e.getMessage();
    }
    if ((parsed < 0 || !state.legalActions(seat).contains(parsed))
        && game.facts().textActions().accepted() && !state.isSimultaneousNode()) {
      return TEXT_ACTION;
    }
    if (parsed < 0 || !state.legalActions(seat).contains(parsed)) {
      // The game's own refusal when it gave one: it names what it reads, forms and ranges included
      // (the arena's move_to X Y), where the legal list alone would not.
      boolean said = refusal != null && !refusal.isEmpty();
      throw Errors.invalidArgument(
          "game %s could not read a legal action for seat %d from the text '%s'%s"
              .formatted(game.spec(), seat, Errors.echo(text.strip()),
                  said ? ": " + Errors.cut(refusal, 4 * Errors.MAX_ECHOED_CHARS) : "; legal: " + legalNames(seat)));
    }
    return parsed;
  }

  private String describe(int seat, int action) {
    if (action < 0 || action >= game.numDistinctActions()) {
      return action + " (out of range 0.." + (game.numDistinctActions() - 1) + ")";
    }
    try {
      return action + " (" + state.actionToString(seat, action) + ")";
    } catch (RuntimeException e) {
      return String.valueOf(action);
    }
  }

  private String legalNames(int seat) {
    List<Integer> legal = state.legalActions(seat);
    String named = legal.stream()
        .limit(MAX_NAMED_ACTIONS)
        .map(a -> a + " " + state.actionToString(seat, a))
        .collect(Collectors.joining(", ", "[", ""));
    return legal.size() > MAX_NAMED_ACTIONS
        ? named + ", ... (" + legal.size() + " in all)]"
        : named + "]";
  }

  private String whoActs(List<Integer> acting) {
    if (acting.size() == 1) {
      return "seat " + acting.getFirst() + " acts now";
    }
    return "seats " + acting + " act now, waiting for " + awaitedSeats(acting);
  }

  // ---- Changes ----

  private void take(Member member, List<Integer> seats) {
    member.add(seats);
    for (int seat : seats) {
      holders[seat] = member;
    }
  }

  private void startEpisode(OptionalLong chosen) {
    long newSeed = chosen.orElseGet(Ids::seed);
    State fresh = game.newInitialState(newSeed);
    double[] rewards = new double[holders.length];
    int chanceMoves = resolveChance(fresh, rewards);
    state = fresh;
    seed = newSeed;
    seedChosen = chosen.isPresent();
    episode++;
    moves = chanceMoves;
    Arrays.fill(isHeld, false);
    lastRewards = rewards;
  }

  /** Applies a seat or joint move, then any chance events after it, recording the step's rewards. */
  private void advance(Runnable move) {
    try {
      move.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The game's own checks; by its contract the state is unchanged.
      throw Errors.invalidArgument(e.getMessage());
    }
    double[] rewards = state.rewards();
    moves += 1 + resolveChance(state, rewards);
    lastRewards = rewards;
  }

  /**
   * Clients only see seat decisions: the server draws chance outcomes from the episode's seed and
   * history ({@link State#sampleChanceOutcome()}), adding their rewards. Returns the number drawn.
   */
  private int resolveChance(State target, double[] rewards) {
    int drawn = 0;
    while (target.isChanceNode()) {
      if (drawn > game.maxGameLength()) {
        throw Errors.internal("game " + game.spec() + " keeps drawing chance events", null);
      }
      target.apply(target.sampleChanceOutcome());
      drawn++;
      double[] r = target.rewards();
      for (int i = 0; i < rewards.length; i++) {
        rewards[i] += r[i];
      }
    }
    return drawn;
  }

  private void touch() {
    lastActiveNanos = System.nanoTime();
  }

  private void collectReady(List<Runnable> deliveries) {
    if (waiters.isEmpty()) {
      return;
    }
    for (var it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (isReady(waiter)) {
        it.remove();
        ObserveResponse response = observeResponse(waiter.seats(), waiter.view());
        deliveries.add(() -> waiter.delivery().ready(response));
      }
    }
  }

  private boolean isReady(Waiter waiter) {
    if (episode < waiter.minEpisode()) {
      return false;
    }
    if (state.isTerminal()) {
      return true;
    }
    for (int seat : waiter.seats()) {
      if (awaits(seat)) {
        return true;
      }
    }
    return false;
  }

  // ---- Views ----

  /**
   * The bytes a reset or step answered with this view is expected to take: the largest such answer
   * so far, or before any, an answer for every seat now. Changes nothing.
   */
  synchronized int expectedResponseBytes(ObservationView view) {
    int parts = Parts.of(view).ordinal();
    if (largestResponse[parts] == 0) {
      List<Integer> everySeat = java.util.stream.IntStream.range(0, holders.length).boxed().toList();
      largestResponse[parts] = observeResponse(everySeat, view).getSerializedSize();
    }
    return largestResponse[parts];
  }

  /** Notes the answer's size (protobuf keeps it, so sending it does not count again). */
  private <T extends MessageLite> T remember(ObservationView view, T response) {
    int parts = Parts.of(view).ordinal();
    largestResponse[parts] = Math.max(largestResponse[parts], response.getSerializedSize());
    return response;
  }

  /** Whether the episode waits for this seat's action. */
  private boolean awaits(int seat) {
    return !isHeld[seat] && state.actingPlayers().contains(seat);
  }

  private List<Integer> awaitedSeats(List<Integer> acting) {
    return acting.stream().filter(s -> !isHeld[s]).toList();
  }

  private int firstFreeSeat() {
    for (int seat = 0; seat < holders.length; seat++) {
      if (holders[seat] == null) {
        return seat;
      }
    }
    return -1;
  }

  private List<Integer> freeSeats() {
    List<Integer> free = new ArrayList<>();
    for (int seat = 0; seat < holders.length; seat++) {
      if (holders[seat] == null) {
        free.add(seat);
      }
    }
    return free;
  }

  private SessionStatus status() {
    return status(state.actingPlayers());
  }

  /**
   * The session's public state. The seed decides every card, so a seed the server drew is shown
   * only once its episode has ended (for replays), and one the owner chose never: the owner knows
   * it, and the other seats must not.
   */
  private SessionStatus status(List<Integer> acting) {
    SessionStatus.Builder status = SessionStatus.newBuilder();
    if (state.isTerminal() && !seedChosen) {
      status.setSeed(seed);
    }
    return status
        .setSessionId(id)
        .setEpisode(episode)
        .setEndStatus(Protos.endStatus(state.endStatus()))
        .addAllActingSeats(acting)
        .addAllAwaitedSeats(awaitedSeats(acting))
        .setMoveNumber(moves)
        .addAllFreeSeats(freeSeats())
        .build();
  }

  private ObserveResponse observeResponse(List<Integer> seats, ObservationView view) {
    List<Integer> acting = state.actingPlayers();
    return ObserveResponse.newBuilder()
        .setStatus(status(acting))
        .addAllObservations(observations(seats, view, acting))
        .build();
  }

  private List<Observation> observations(List<Integer> seats, ObservationView view) {
    return observations(seats, view, state.actingPlayers());
  }

  /**
   * The parts of an observation a view fills. Every view but NONE fills the seat, to_act, legal
   * actions, mask, acting seats, rewards, returns and end status.
   */
  private enum Parts {
    NOTHING(false, false, false),
    COMPACT(true, false, false),
    SEAT(true, true, false),
    FULL(true, true, true);

    final boolean observations;
    final boolean seatObservation;
    /** The text, tensor and action names of clients before seat_observation. */
    final boolean olderFields;

    Parts(boolean observations, boolean seatObservation, boolean olderFields) {
      this.observations = observations;
      this.seatObservation = seatObservation;
      this.olderFields = olderFields;
    }

    static Parts of(ObservationView view) {
      return switch (view) {
        case OBSERVATION_VIEW_NONE -> NOTHING;
        case OBSERVATION_VIEW_COMPACT -> COMPACT;
        case OBSERVATION_VIEW_SEAT -> SEAT;
        // Unset, and values added after this server: all there is.
        case OBSERVATION_VIEW_FULL, OBSERVATION_VIEW_UNSPECIFIED, UNRECOGNIZED -> FULL;
      };
    }
  }

  private List<Observation> observations(List<Integer> seats, ObservationView view, List<Integer> acting) {
    Parts parts = Parts.of(view);
    if (!parts.observations || seats.isEmpty()) {
      return List.of();
    }
    io.sparring.proto.v1.EndStatus end = Protos.endStatus(state.endStatus());
    double[] returns = state.returns();
    List<Observation> result = new ArrayList<>(seats.size());
    for (int seat : seats) {
      Observation.Builder o = Observation.newBuilder()
          .setSeat(seat)
          .setEndStatus(end)
          .addAllActingSeats(acting);
      for (int i = 0; i < holders.length; i++) {
        o.addRewards(lastRewards[i]);
        o.addReturns(returns[i]);
      }
      boolean toAct = !isHeld[seat] && acting.contains(seat);
      o.setToAct(toAct);
      boolean[] mask = new boolean[game.numDistinctActions()];
      List<Integer> legal = toAct ? state.legalActions(seat) : List.of();
      o.addAllLegalActions(legal);
      for (int action : legal) {
        mask[action] = true;
      }
      for (boolean isLegal : mask) {
        o.addActionMask(isLegal);
      }
      if (parts.seatObservation) {
        Protos.setSeatObservation(o, game, new io.sparring.core.game.Observation(seat,
            state.observationText(seat), state.observationTensor(seat), legal,
            legal.stream().map(action -> state.actionToString(seat, action)).toList(), mask),
            parts.olderFields);
      }
      result.add(o.build());
    }
    return result;
  }

  private static String lower(EndStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
