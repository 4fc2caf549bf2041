package io.sparring.agents.match;

import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.proto.v1.ActionRecord;
import io.sparring.proto.v1.ChanceRecord;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.SeatAssignment;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.TurnRecordOrBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact match records (format version 3 and later) and the way back. A compact record omits what the game
 * re-derives by replaying the seed and the recorded moves: observations, names of indexed actions
 * and chance outcomes, chance probabilities, rewards, returns (kept after a forfeit, which the game
 * cannot reproduce), agent seeds that follow the seat order, and the implied role of an agent that
 * answered with a bare action. What the agents produced (role texts, free text, text actions,
 * violations, verdicts, log-probabilities) is kept, and so are the states' fingerprints (version
 * 6), which check a replay rather than follow from it.
 */
public final class CompactRecords {
  /** The first version with compact records; older ones are relabelled to it when compacted. */
  private static final int FIRST_COMPACT_VERSION = 3;

  private CompactRecords() {}

  /**
   * The record without what {@link #expand} derives again, as format version 3 or its own if later. Checks that {@code
   * expand} gives the record back (the implied roles' {@code latency_micros}, a wall-clock
   * diagnostic, comes back as 0); where it would not, returns the record as it is, not marked
   * {@code compact}, so that {@code expand} leaves it alone.
   *
   * @throws ReplayMismatch when the record does not replay
   */
  public static Trajectory compact(Trajectory full) {
    checkVersion(full);
    Trajectory compact = strip(full);
    return expand(compact).equals(withoutImpliedLatency(full)) ? compact : full;
  }

  /**
   * The record with what a compact record omits filled back in, exactly as {@link MatchRunner}
   * writes it (implied roles with latency 0). Reads format versions 1 to {@value MatchRunner#FORMAT_VERSION}; a record that has
   * everything comes back unchanged. Agent seeds and implied roles are filled only in a record
   * marked {@code compact}, where their absence means they were omitted.
   *
   * @throws ReplayMismatch naming the step when the record does not replay
   */
  public static Trajectory expand(Trajectory record) {
    checkVersion(record);
    boolean compact = record.getCompact();
    Trajectory.Builder out = record.toBuilder().clearCompact();
    Map<Integer, String> players = players(record);
    for (SeatAssignment.Builder seat : out.getSeatsBuilderList()) {
      if (compact && seat.getAgentSeed() == 0) {
        seat.setAgentSeed(MatchRunner.agentSeed(record.getSeed(), seat.getSeat(), record.getFormatVersion()));
      }
    }
    Game game = Games.create(record.getGame());
    State state = game.newInitialState(record.getSeed());
    boolean forfeit = record.getEndReason() == EndReason.END_REASON_FORFEIT;
    int count = out.getStepsCount();
    for (int i = 0; i < count; i++) {
      Step.Builder step = out.getStepsBuilder(i);
      try {
        double[] rewards = expandStep(step, state, forfeit && i == count - 1, record, players, compact);
        if (step.getRewardsCount() == 0) {
          for (double reward : rewards) {
            step.addRewards(reward);
          }
        }
      } catch (IllegalArgumentException | IllegalStateException problem) {
        throw notReplaying(i, problem);
      }
    }
    if (!forfeit) {
      if (!state.isTerminal()) {
        throw new ReplayMismatch(count, "the recorded steps end before the game does", null);
      }
      if (out.getReturnsCount() == 0) {
        for (double r : state.returns()) {
          out.addReturns(r);
        }
      }
    }
    return out.build();
  }

  /** @throws IllegalArgumentException for a format version this does not read */
  static void checkVersion(Trajectory trajectory) {
    if (trajectory.getFormatVersion() < 1 || trajectory.getFormatVersion() > MatchRunner.FORMAT_VERSION) {
      throw new IllegalArgumentException("trajectory format version %d is not supported (this reads 1 to %d)"
          .formatted(trajectory.getFormatVersion(), MatchRunner.FORMAT_VERSION));
    }
  }

  /**
   * Fills one step and plays it on {@code state}; returns the rewards of the move as MatchRunner
   * records them.
   */
  private static double[] expandStep(Step.Builder step, State state, boolean forfeited, Trajectory record,
      Map<Integer, String> players, boolean compact) {
    if (state.isTerminal()) {
      throw new IllegalArgumentException("the game had already ended");
    }
    if (step.hasChance()) {
      if (!state.isChanceNode()) {
        throw new IllegalArgumentException("a chance outcome is recorded but " + state.actingPlayers() + " act");
      }
      ChanceRecord.Builder chance = step.getChanceBuilder();
      int outcome = chance.getOutcome();
      if (chance.getName().isEmpty()) {
        chance.setName(state.actionToString(State.CHANCE, outcome));
      }
      if (chance.getProbability() == 0) {
        chance.setProbability(state.chanceOutcomes().stream().filter(o -> o.action() == outcome)
            .mapToDouble(ChanceOutcome::probability).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("chance outcome " + outcome + " is not possible")));
      }
      state.apply(outcome);
      return state.rewards();
    }
    List<Integer> seats = step.getTurnsList().stream().map(TurnRecord::getSeat).toList();
    List<Integer> acting = state.actingPlayers();
    // a forfeit ends the step at the offender's turn, so the seats after it did not act
    boolean inOrder = forfeited
        ? !seats.isEmpty() && seats.size() <= acting.size() && seats.equals(acting.subList(0, seats.size()))
        : seats.equals(acting);
    if (!inOrder) {
      throw new IllegalArgumentException("seats %s acted, but the game asks %s".formatted(seats, acting));
    }
    List<Integer> actions = new ArrayList<>();
    for (TurnRecord.Builder turn : step.getTurnsBuilderList()) {
      int seat = turn.getSeat();
      if (!turn.hasSeatObservation() && !hasVersionOneObservation(turn)) {
        turn.setSeatObservation(ObservationMessages.recorded(state, state.observation(seat)));
      }
      if (!turn.hasAction()) {
        if (!forfeited) {
          throw new IllegalArgumentException("seat " + seat + " has no action");
        }
        continue;
      }
      ActionRecord.Builder action = turn.getActionBuilder();
      if (action.getIndex() >= 0 && action.getName().isEmpty()) {
        action.setName(state.actionToString(seat, action.getIndex()));
      }
      if (compact && turn.getRolesCount() == 0 && turn.getViolationsCount() == 0) {
        turn.addRoles(impliedRole(turn, players.getOrDefault(seat, "")));
      }
      actions.add(action.getIndex());
    }
    if (forfeited) {
      // as MatchRunner writes a forfeit: the step's rewards take the returns to the penalty
      if (record.getReturnsCount() != state.game().numPlayers()) {
        throw new IllegalArgumentException("a forfeit keeps its returns, but %d are recorded"
            .formatted(record.getReturnsCount()));
      }
      double[] before = state.returns();
      double[] rewards = new double[before.length];
      for (int p = 0; p < rewards.length; p++) {
        rewards[p] = record.getReturns(p) - before[p];
      }
      return rewards;
    }
    if (state.isSimultaneousNode()) {
      state.applyJoint(actions);
    } else if (actions.getFirst() < 0) { // a text action
      state.applyText(seats.getFirst(), step.getTurns(0).getAction().getTextAction());
    } else {
      state.apply(actions.getFirst());
    }
    return state.rewards();
  }

  @SuppressWarnings("deprecation") // format version 1 kept the observation here
  private static boolean hasVersionOneObservation(TurnRecord.Builder turn) {
    return turn.hasObservation();
  }

  /** The role MatchRunner records for an agent that answered with a bare action. */
  private static RoleOutput impliedRole(TurnRecordOrBuilder turn, String player) {
    RoleOutput.Builder role = RoleOutput.newBuilder().setRole(Role.ROLE_GENERATOR).setAgent(player)
        .setAction(turn.getAction().getIndex());
    if (turn.hasLogProbability()) {
      role.setLogProbability(turn.getLogProbability());
    }
    return role.build();
  }

  /**
   * Whether the turn's only role is the implied one (up to latency). A turn with violations keeps
   * its roles: without any it means every call failed, so a compact turn with neither is implied.
   */
  private static boolean hasImpliedRole(TurnRecordOrBuilder turn, String player) {
    return turn.getRolesCount() == 1 && turn.getViolationsCount() == 0 && turn.hasAction()
        && turn.getRoles(0).toBuilder().clearLatencyMicros().build().equals(impliedRole(turn, player));
  }

  private static Trajectory strip(Trajectory full) {
    Trajectory.Builder out = relabelled(full).toBuilder().setCompact(true);
    if (full.getEndReason() != EndReason.END_REASON_FORFEIT) {
      out.clearReturns();
    }
    Map<Integer, String> players = players(full);
    for (SeatAssignment.Builder seat : out.getSeatsBuilderList()) {
      // the seed of seating number `seat`: each seat has its own player, in seat order (the league)
      if (seat.getAgentSeed() == MatchRunner.agentSeed(full.getSeed(), seat.getSeat(), full.getFormatVersion())) {
        seat.clearAgentSeed();
      }
    }
    for (Step.Builder step : out.getStepsBuilderList()) {
      step.clearRewards();
      if (step.hasChance()) {
        step.getChanceBuilder().clearName().clearProbability();
      }
      for (TurnRecord.Builder turn : step.getTurnsBuilderList()) {
        clearObservations(turn);
        if (turn.hasAction() && turn.getAction().getIndex() >= 0) {
          turn.getActionBuilder().clearName();
        }
        if (hasImpliedRole(turn, players.getOrDefault(turn.getSeat(), ""))) {
          turn.clearRoles();
        }
      }
    }
    return out.build();
  }

  @SuppressWarnings("deprecation") // clears the version 1 observation too
  private static void clearObservations(TurnRecord.Builder turn) {
    turn.clearSeatObservation().clearObservation();
  }

  /** The record as expand gives it back: version 3 or later, implied roles with latency 0. */
  private static Trajectory withoutImpliedLatency(Trajectory full) {
    Trajectory.Builder out = relabelled(full).toBuilder();
    Map<Integer, String> players = players(full);
    for (Step.Builder step : out.getStepsBuilderList()) {
      for (TurnRecord.Builder turn : step.getTurnsBuilderList()) {
        if (hasImpliedRole(turn, players.getOrDefault(turn.getSeat(), ""))) {
          turn.getRolesBuilder(0).clearLatencyMicros();
        }
      }
    }
    return out.build();
  }

  private static Map<Integer, String> players(Trajectory record) {
    Map<Integer, String> players = new HashMap<>();
    for (SeatAssignment seat : record.getSeatsList()) {
      players.put(seat.getSeat(), seat.getPlayer());
    }
    return players;
  }

  private static Trajectory relabelled(Trajectory full) {
    return full.toBuilder().setFormatVersion(Math.max(FIRST_COMPACT_VERSION, full.getFormatVersion())).build();
  }

  private static ReplayMismatch notReplaying(int step, RuntimeException problem) {
    return new ReplayMismatch(step, problem.getMessage(), problem);
  }
}
