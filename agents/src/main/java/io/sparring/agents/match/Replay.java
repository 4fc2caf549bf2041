package io.sparring.agents.match;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Re-applies a recorded trajectory to a fresh game and checks, step by step, that it reproduces:
 * the same chance nodes, acting seats, legal actions, information-state keys and rewards, the
 * state's {@link State#fingerprint()} wherever the record keeps one (format version 6), and the
 * same returns at the end. Text actions are re-applied from their recorded text. Every format
 * version up to {@link MatchRunner#FORMAT_VERSION} is read; a compact record (version 3) is
 * expanded first ({@link CompactRecords#expand}), so the fields it omits are derived, not checked.
 */
public final class Replay {
  private Replay() {}

  /**
   * Replays a trajectory and returns the final state.
   *
   * @throws ReplayMismatch naming the first step that does not reproduce
   * @throws IllegalArgumentException for a format version this does not read
   */
  public static State replay(Trajectory record) {
    return replay(record, state -> {});
  }

  /**
   * Replays a trajectory as {@link #replay(Trajectory)} does, showing {@code observer} the initial
   * state and the state after each step once that step has reproduced (after a forfeit's last
   * step, the state as the offender's turn found it), e.g. to draw it. The observer sees the live
   * state: it may read it, not change it or keep it.
   */
  public static State replay(Trajectory record, Consumer<State> observer) {
    CompactRecords.checkVersion(record);
    // the fields a compact record omits are derived by the replay, so there is nothing to check them against
    Trajectory trajectory = record.getFormatVersion() >= 3 ? CompactRecords.expand(record) : record;
    Game game = Games.create(trajectory.getGame());
    State state = game.newInitialState(trajectory.getSeed());
    observer.accept(state);
    boolean forfeit = trajectory.getEndReason() == EndReason.END_REASON_FORFEIT;
    for (int i = 0; i < trajectory.getStepsCount(); i++) {
      Step step = trajectory.getSteps(i);
      // the offender's turn has no action; the penalty, not the game, ended the match
      boolean forfeited = forfeit && i == trajectory.getStepsCount() - 1;
      if (state.isTerminal()) {
        throw mismatch(i, "the game had already ended");
      }
      if (step.hasChance()) {
        if (!state.isChanceNode()) {
          throw mismatch(i, "a chance outcome is recorded but " + state.actingPlayers() + " act");
        }
        state.apply(step.getChance().getOutcome());
      } else {
        applyTurns(i, step, state, forfeited);
      }
      if (!forfeited && !close(state.rewards(), step.getRewardsList())) {
        throw mismatch(i, "rewards are %s, recorded %s"
            .formatted(Arrays.toString(state.rewards()), step.getRewardsList()));
      }
      if (step.hasFingerprint() && state.fingerprint() != step.getFingerprint()) {
        throw mismatch(i, "the state's fingerprint is %016x, recorded %016x"
            .formatted(state.fingerprint(), step.getFingerprint()));
      }
      observer.accept(state);
    }
    if (!forfeit) {
      if (!state.isTerminal()) {
        throw mismatch(trajectory.getStepsCount(), "the recorded steps end before the game does");
      }
      if (!close(state.returns(), trajectory.getReturnsList())) {
        throw mismatch(trajectory.getStepsCount(), "returns are %s, recorded %s"
            .formatted(Arrays.toString(state.returns()), trajectory.getReturnsList()));
      }
    }
    return state;
  }

  /** Checks what the acting seats saw and applies their actions, except a forfeit's. */
  private static void applyTurns(int i, Step step, State state, boolean forfeited) {
    List<Integer> actions = new ArrayList<>();
    List<Integer> seats = new ArrayList<>();
    for (TurnRecord turn : step.getTurnsList()) {
      seats.add(turn.getSeat());
      RecordedObservation seen = ObservationMessages.read(turn);
      List<Integer> legal = state.legalActions(turn.getSeat());
      if (!legal.equals(seen.observation().legalActions())) {
        throw mismatch(i, "seat %d's legal actions are %s, recorded %s"
            .formatted(turn.getSeat(), legal, seen.observation().legalActions()));
      }
      String key = state.informationStateKey(turn.getSeat());
      if (!key.equals(seen.informationStateKey())) {
        throw mismatch(i, "seat %d's information state is '%s', recorded '%s'"
            .formatted(turn.getSeat(), key, seen.informationStateKey()));
      }
      if (turn.hasAction()) {
        actions.add(turn.getAction().getIndex());
      }
    }
    if (forfeited) {
      return;
    }
    if (!seats.equals(state.actingPlayers())) {
      throw mismatch(i, "seats %s acted, but the game asks %s".formatted(seats, state.actingPlayers()));
    }
    if (state.isSimultaneousNode()) {
      state.applyJoint(actions);
    } else if (actions.getFirst() < 0) { // since version 2: a text action
      TurnRecord turn = step.getTurns(0);
      state.applyText(turn.getSeat(), turn.getAction().getTextAction());
    } else {
      state.apply(actions.getFirst());
    }
  }

  private static boolean close(double[] actual, List<Double> recorded) {
    if (actual.length != recorded.size()) {
      return false;
    }
    for (int i = 0; i < actual.length; i++) {
      if (Math.abs(actual[i] - recorded.get(i)) > 1e-9) {
        return false;
      }
    }
    return true;
  }

  private static ReplayMismatch mismatch(int step, String problem) {
    return new ReplayMismatch(step, problem, null);
  }
}
