package io.sparring.agents.match;

import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.agents.Decision;
import io.sparring.agents.DecisionTimeout;
import io.sparring.agents.MatchAbandoned;
import io.sparring.agents.Role;
import io.sparring.agents.SeatView;
import io.sparring.agents.TurnContext;
import io.sparring.core.game.EndStatus;
import io.sparring.core.game.Game;
import io.sparring.core.game.Observation;
import io.sparring.core.game.Seeds;
import io.sparring.core.game.State;
import io.sparring.core.game.TextActions;
import io.sparring.proto.v1.ActionRecord;
import io.sparring.proto.v1.ActionSource;
import io.sparring.proto.v1.ChanceRecord;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.SeatAssignment;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.Verdict;
import io.sparring.proto.v1.Violation;
import io.sparring.proto.v1.ViolationKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays one match and records it. Chance follows the game's seeded sampler; each player's agent is
 * created with a seed derived from the match seed, so the same {@link MatchConfig} plays the same
 * match. Invalid or late answers are recorded as violations and handled by the match's {@link
 * ViolationPolicy}. Free text that names no legal action is, in a game that declares text actions,
 * a text action ({@link State#applyText}): it is applied as soon as it is read, so that a refusal
 * is a violation like any other, and recorded with index -1 and its text.
 */
public final class MatchRunner {
  /**
   * The version written in {@link Trajectory#getFormatVersion()}; 2 added text actions and the
   * shared seat observation; 3 lets records omit what a replay derives ({@link CompactRecords}); 4
   * derives agent seeds one way ({@link MatchConfig.AgentSeeds#ONE_WAY}); 5 adds a language
   * model's completion tokens to a role's output; 6 adds the state's fingerprint to every {@value
   * #FINGERPRINT_INTERVAL}th step and the last. This writes full records: version 6, or 3 (without
   * fingerprints) for a match whose agent seeds are {@link MatchConfig.AgentSeeds#INVERTIBLE}.
   */
  public static final int FORMAT_VERSION = 6;
  /** The last version whose agent seeds are {@link MatchConfig.AgentSeeds#INVERTIBLE}. */
  private static final int LAST_INVERTIBLE_FORMAT = 3;
  /** Steps between recorded fingerprints: few enough to cost nothing, close enough to place a drift. */
  private static final int FINGERPRINT_INTERVAL = 60;
  /** The action index of a text action, in decisions resolved here and in the record. */
  private static final int TEXT_ACTION = -1;

  private final MatchConfig config;
  private final Game game;
  private final Listener listener;
  private final Agent[] agentOfSeat;
  private final String[] specOfSeat;
  private final List<List<Decision>> ownHistory = new ArrayList<>();
  private final SplittableRandom policyRandom;
  private ExecutorService timer;

  /** Hears each step as it is played, for progress output. */
  public interface Listener {
    void onStep(State stateAfter, Step step);
  }

  /** Makes the agent of a player spec; {@link Agents#create} unless a caller supplies its own. */
  public interface AgentFactory {
    Agent create(io.sparring.core.spec.Spec player, Game game, long seed);
  }

  private MatchRunner(MatchConfig config, Listener listener, AgentFactory factory) {
    this.config = config;
    this.game = config.game();
    this.listener = listener;
    this.agentOfSeat = new Agent[game.numPlayers()];
    this.specOfSeat = new String[game.numPlayers()];
    this.policyRandom = new SplittableRandom(Seeds.derive(config.seed(), 0));
    List<Seating> seatings = config.seatings();
    for (int i = 0; i < seatings.size(); i++) {
      Seating seating = seatings.get(i);
      Agent agent = factory.create(seating.player(), game, agentSeed(config, i));
      for (int seat : seating.seats()) {
        agentOfSeat[seat] = agent;
        specOfSeat[seat] = seating.player().toString();
      }
    }
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      ownHistory.add(new ArrayList<>());
    }
  }

  /** Plays a match to its end. */
  public static Trajectory play(MatchConfig config) {
    return play(config, (state, step) -> {});
  }

  public static Trajectory play(MatchConfig config, Listener listener) {
    return play(config, listener, Agents::create);
  }

  /** Plays with agents from {@code factory}, e.g. a person at a given terminal. */
  public static Trajectory play(MatchConfig config, Listener listener, AgentFactory factory) {
    MatchRunner runner = new MatchRunner(config, listener, factory);
    try {
      return runner.run();
    } finally {
      if (runner.timer != null) {
        runner.timer.shutdownNow();
      }
    }
  }

  /** The seed of the agents of seating {@code index}; recorded in the trajectory. */
  static long agentSeed(MatchConfig config, int index) {
    if (config.agentSalt() > 0) { // its own stream of keys: no salt and seating gives another's seed
      return Seeds.keyed(config.seed(), -((long) config.agentSalt() << 20) - index - 1);
    }
    return agentSeed(config.seed(), index, formatVersion(config));
  }

  /** The agent seed of seating {@code index} in a record of version {@code formatVersion}. */
  static long agentSeed(long matchSeed, int index, int formatVersion) {
    return formatVersion > LAST_INVERTIBLE_FORMAT
        ? Seeds.keyed(matchSeed, index + 1)
        : Seeds.derive(matchSeed, index + 1);
  }

  private static int formatVersion(MatchConfig config) {
    return config.agentSeeds() == MatchConfig.AgentSeeds.ONE_WAY ? FORMAT_VERSION : LAST_INVERTIBLE_FORMAT;
  }

  private Trajectory run() {
    boolean fingerprints = formatVersion(config) > LAST_INVERTIBLE_FORMAT; // a legacy run's records have none
    Trajectory.Builder record = Trajectory.newBuilder()
        .setFormatVersion(formatVersion(config))
        .setGame(game.spec().toString())
        .setSeed(config.seed())
        .setViolationPolicy(config.violationPolicy().spec().toString())
        .setMatchId(config.matchId());
    SeatAssignment[] seats = new SeatAssignment[game.numPlayers()];
    for (int i = 0; i < config.seatings().size(); i++) {
      Seating seating = config.seatings().get(i);
      for (int seat : seating.seats()) {
        seats[seat] = SeatAssignment.newBuilder().setSeat(seat).setPlayer(seating.player().toString())
            .setSnapshotId(seating.snapshotId()).setAgentSeed(agentSeed(config, i)).build();
      }
    }
    record.addAllSeats(List.of(seats));
    State state = game.newInitialState(config.seed());
    while (!state.isTerminal()) {
      Step.Builder step = Step.newBuilder();
      if (state.isChanceNode()) {
        int outcome = state.sampleChanceOutcome();
        double probability = state.chanceOutcomes().stream()
            .filter(o -> o.action() == outcome).findFirst().orElseThrow().probability();
        step.setChance(ChanceRecord.newBuilder().setOutcome(outcome)
            .setName(state.actionToString(State.CHANCE, outcome)).setProbability(probability));
        state.apply(outcome);
      } else {
        List<Integer> actors = state.actingPlayers();
        List<Integer> actions = new ArrayList<>();
        Forfeit forfeit = null;
        for (int seat : actors) {
          Turn turn = decide(state, seat);
          step.addTurns(turn.record());
          if (turn.forfeit() != null) {
            forfeit = turn.forfeit();
            break;
          }
          actions.add(turn.record().getAction().getIndex());
        }
        if (forfeit != null) {
          double[] before = state.returns();
          double[] after = forfeit.returns(game.numPlayers());
          for (int p = 0; p < after.length; p++) {
            step.addRewards(after[p] - before[p]);
          }
          if (fingerprints && record.getStepsCount() + 1 >= FINGERPRINT_INTERVAL) {
            // the last step of a long match: the state as the offender's turn found it
            step.setFingerprint(state.fingerprint());
          }
          Step finished = step.build();
          record.addSteps(finished);
          listener.onStep(state, finished);
          for (double r : after) {
            record.addReturns(r);
          }
          return record.setEndReason(EndReason.END_REASON_FORFEIT).build();
        }
        if (state.isSimultaneousNode()) {
          state.applyJoint(actions);
        } else if (actions.getFirst() != TEXT_ACTION) { // a text action was applied when read
          state.apply(actions.getFirst());
        }
      }
      for (double reward : state.rewards()) {
        step.addRewards(reward);
      }
      int steps = record.getStepsCount() + 1;
      // A match shorter than the interval has none: its moves fix it, and hashes would double the
      // store's records of small games.
      if (fingerprints && (steps % FINGERPRINT_INTERVAL == 0 || state.isTerminal() && steps >= FINGERPRINT_INTERVAL)) {
        step.setFingerprint(state.fingerprint());
      }
      Step finished = step.build();
      record.addSteps(finished);
      listener.onStep(state, finished);
    }
    for (double r : state.returns()) {
      record.addReturns(r);
    }
    record.setEndReason(state.endStatus() == EndStatus.TRUNCATED
        ? EndReason.END_REASON_TRUNCATED : EndReason.END_REASON_TERMINATED);
    return record.build();
  }

  private record Turn(TurnRecord record, Forfeit forfeit) {}

  private record Forfeit(int seat, ViolationPolicy.Penalty penalty) {
    double[] returns(int players) {
      double[] returns = new double[players];
      for (int p = 0; p < players; p++) {
        returns[p] = p == seat ? penalty.value() : penalty.others();
      }
      return returns;
    }
  }

  /** A failed answer: what kind of violation and why. */
  private record Failure(ViolationKind kind, String message) {}

  private Turn decide(State state, int seat) {
    SeatView view = SeatViews.of(state, seat, ownHistory.get(seat));
    Observation observation = view.observation();
    TurnRecord.Builder turn = TurnRecord.newBuilder().setSeat(seat)
        .setSeatObservation(ObservationMessages.recorded(state, observation));
    ViolationPolicy policy = config.violationPolicy();
    int retriesLeft = policy instanceof ViolationPolicy.Retry retry ? retry.times() : 0;
    ViolationPolicy last = policy instanceof ViolationPolicy.Retry retry ? retry.then() : policy;
    TurnContext context = TurnContext.alone();
    while (true) {
      Decision decision = null;
      Failure failure;
      try {
        decision = call(agentOfSeat[seat], view, context);
        addRoleOutputs(turn, seat, decision);
        int action = resolve(decision, state, seat);
        if (action == TEXT_ACTION) {
          applyText(state, seat, decision.freeText());
        }
        ownHistory.get(seat).add(decision);
        decision.logProbability().ifPresent(turn::setLogProbability);
        return new Turn(turn.setAction(actionRecord(state, seat, action, decision, source(decision)))
            .build(), null);
      } catch (Rejected rejected) {
        failure = rejected.failure;
      }
      boolean refined = decision != null && source(decision) == ActionSource.ACTION_SOURCE_REFINER;
      turn.addViolations(Violation.newBuilder().setKind(failure.kind())
          .setRole(refined ? io.sparring.proto.v1.Role.ROLE_REFINER : io.sparring.proto.v1.Role.ROLE_GENERATOR)
          .setMessage(failure.message()));
      if (retriesLeft-- > 0) {
        context = context.withFeedback(failure.message());
        continue;
      }
      if (last instanceof ViolationPolicy.Penalty penalty) {
        return new Turn(turn.build(), new Forfeit(seat, penalty));
      }
      List<Integer> legal = observation.legalActions();
      int action = legal.isEmpty() ? noOpFallback(state, seat) : legal.get(policyRandom.nextInt(legal.size()));
      Decision fallback = decision != null ? decision : Decision.action(action);
      return new Turn(turn.setAction(actionRecord(state, seat, action, fallback,
          ActionSource.ACTION_SOURCE_FALLBACK)).build(), null);
    }
  }

  /** A violation found while calling or reading an agent. */
  private static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Failure failure;

    Rejected(ViolationKind kind, String message) {
      super(message, null, false, false);
      this.failure = new Failure(kind, message);
    }
  }

  private Decision call(Agent agent, SeatView view, TurnContext context) {
    long start = System.nanoTime();
    Decision decision;
    try {
      if (config.timeBudget().isEmpty()) {
        decision = agent.decide(view, context);
      } else {
        if (timer == null) {
          timer = Executors.newVirtualThreadPerTaskExecutor();
        }
        Future<Decision> future = timer.submit(() -> agent.decide(view, context));
        Duration budget = config.timeBudget().get();
        try {
          decision = future.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
          future.cancel(true);
          throw new Rejected(ViolationKind.VIOLATION_KIND_TIMEOUT,
              "no answer within the time budget of " + budget.toMillis() + " ms");
        } catch (ExecutionException failed) {
          if (failed.getCause() instanceof MatchAbandoned abandoned) {
            throw abandoned;
          }
          if (failed.getCause() instanceof DecisionTimeout late) {
            throw new Rejected(ViolationKind.VIOLATION_KIND_TIMEOUT, late.getMessage());
          }
          throw new Rejected(ViolationKind.VIOLATION_KIND_ERROR, "the agent failed: " + failed.getCause());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for an agent", interrupted);
        }
      }
    } catch (MatchAbandoned | Rejected passOn) {
      throw passOn;
    } catch (DecisionTimeout late) {
      throw new Rejected(ViolationKind.VIOLATION_KIND_TIMEOUT, late.getMessage());
    } catch (RuntimeException failed) {
      throw new Rejected(ViolationKind.VIOLATION_KIND_ERROR, "the agent failed: " + failed);
    }
    if (decision == null) {
      throw new Rejected(ViolationKind.VIOLATION_KIND_INVALID_OUTPUT, "the agent returned nothing");
    }
    return decision.withLatency(Duration.ofNanos(System.nanoTime() - start));
  }

  /** Applies a text action; a refusal is invalid output, and the state is then unchanged. */
  private static void applyText(State state, int seat, String text) {
    try {
      state.applyText(seat, text);
    } catch (IllegalArgumentException refused) {
      throw new Rejected(ViolationKind.VIOLATION_KIND_INVALID_OUTPUT, refused.getMessage());
    }
  }

  /**
   * The random fallback of a seat with no legal action to draw, in a game of text actions only:
   * an empty text, which a game that takes unusable text as a no-op applies as one.
   */
  private static int noOpFallback(State state, int seat) {
    if (state.game().facts().textActions().unusable() != TextActions.Unusable.NO_OP) {
      throw new IllegalStateException("the random fallback has no legal action to play in "
          + state.game().spec() + ", which refuses unusable text; use a penalty");
    }
    state.applyText(seat, "");
    return TEXT_ACTION;
  }

  /**
   * The legal action a decision names, {@link #TEXT_ACTION} for free text that is a text action of
   * the game, or a rejection saying why there is none.
   */
  private static int resolve(Decision decision, State state, int seat) {
    List<Integer> legal = state.legalActions(seat);
    if (decision.action() != Decision.NO_ACTION) {
      if (!legal.contains(decision.action())) {
        throw new Rejected(ViolationKind.VIOLATION_KIND_ILLEGAL_ACTION,
            "action %d is not legal; legal: %s".formatted(decision.action(), names(state, seat, legal)));
      }
      return decision.action();
    }
    if (decision.freeText().isBlank()) {
      throw new Rejected(ViolationKind.VIOLATION_KIND_INVALID_OUTPUT, "the answer names no action");
    }
    try {
      return state.parseAction(seat, decision.freeText());
    } catch (IllegalArgumentException unreadable) {
      if (state.game().facts().textActions().accepted() && !state.isSimultaneousNode()) {
        return TEXT_ACTION;
      }
      throw new Rejected(ViolationKind.VIOLATION_KIND_INVALID_OUTPUT, unreadable.getMessage());
    }
  }

  private static String names(State state, int seat, List<Integer> legal) {
    return legal.stream().map(a -> a + " " + state.actionToString(seat, a)).toList().toString();
  }

  private static ActionSource source(Decision decision) {
    for (Decision.RoleStep step : decision.roleSteps().reversed()) {
      Decision d = step.decision();
      if (step.role() == Role.REFINER && (d.action() != Decision.NO_ACTION || !d.freeText().isBlank())) {
        return ActionSource.ACTION_SOURCE_REFINER;
      }
      if (step.role() == Role.GENERATOR) {
        return ActionSource.ACTION_SOURCE_GENERATOR;
      }
    }
    return ActionSource.ACTION_SOURCE_GENERATOR;
  }

  private static ActionRecord actionRecord(
      State state, int seat, int action, Decision decision, ActionSource source) {
    ActionRecord.Builder record = ActionRecord.newBuilder().setIndex(action)
        .setFreeText(decision.freeText()).setSource(source);
    if (action == TEXT_ACTION) {
      // The state has moved on; the text move it applied is the last of its history.
      return record.setTextAction(state.history().getLast().text()).build();
    }
    return record.setName(state.actionToString(seat, action)).build();
  }

  private void addRoleOutputs(TurnRecord.Builder turn, int seat, Decision decision) {
    if (decision.roleSteps().isEmpty()) {
      turn.addRoles(roleOutput(Role.GENERATOR, specOfSeat[seat], "", decision));
      return;
    }
    for (Decision.RoleStep step : decision.roleSteps()) {
      turn.addRoles(roleOutput(step.role(), step.agent(), step.input(), step.decision()));
    }
  }

  private static final Map<Role, io.sparring.proto.v1.Role> ROLES = Map.of(
      Role.STRATEGIST, io.sparring.proto.v1.Role.ROLE_STRATEGIST,
      Role.GENERATOR, io.sparring.proto.v1.Role.ROLE_GENERATOR,
      Role.VERIFIER, io.sparring.proto.v1.Role.ROLE_VERIFIER,
      Role.REFINER, io.sparring.proto.v1.Role.ROLE_REFINER);

  private static RoleOutput roleOutput(Role role, String agent, String input, Decision decision) {
    RoleOutput.Builder out = RoleOutput.newBuilder().setRole(ROLES.get(role)).setAgent(agent)
        .setInput(input).setOutput(decision.text()).setAction(decision.action())
        .setFreeText(decision.freeText())
        .setVerdict(switch (decision.verdict()) {
          case NONE -> Verdict.VERDICT_UNSPECIFIED;
          case ACCEPT -> Verdict.VERDICT_ACCEPT;
          case REJECT -> Verdict.VERDICT_REJECT;
        })
        .setLatencyMicros(decision.latency().toNanos() / 1000);
    decision.logProbability().ifPresent(out::setLogProbability);
    // a language model's completion tokens, untouched (empty for other agents)
    out.addAllTokens(decision.tokens().tokens()).addAllTokenLogprobs(decision.tokens().logprobs())
        .addAllTokenIds(decision.tokens().ids());
    return out.build();
  }
}
