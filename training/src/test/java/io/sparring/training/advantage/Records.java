package io.sparring.training.advantage;

import io.sparring.proto.v1.ActionRecord;
import io.sparring.proto.v1.ActionSource;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnObservation;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.Violation;
import io.sparring.proto.v1.ViolationKind;
import java.util.List;

/** Small hand-made match records for the advantage tests, in format version 1's layout (TurnObservation). */
final class Records {
  private Records() {}

  /** A turn of {@code seat} playing {@code action} out of legal actions 0..8; its key names both. */
  @SuppressWarnings("deprecation") // format version 1's observation field
  static TurnRecord.Builder turn(int seat, int action) {
    return TurnRecord.newBuilder().setSeat(seat)
        .setObservation(TurnObservation.newBuilder()
            .addAllLegalActions(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8))
            .setInformationStateKey("s" + seat + "a" + action)
            .addInformationState(seat).addInformationState(action))
        .addRoles(RoleOutput.newBuilder().setRole(Role.ROLE_GENERATOR).setAction(action))
        .setAction(ActionRecord.newBuilder().setIndex(action).setSource(ActionSource.ACTION_SOURCE_GENERATOR));
  }

  /** A turn that broke a rule once and still played {@code action} (a successful retry). */
  static TurnRecord.Builder retried(int seat, int action) {
    return turn(seat, action).addViolations(violation());
  }

  /** A forfeited turn: a violation and no action. */
  static TurnRecord.Builder forfeited(int seat) {
    return turn(seat, 0).clearAction().addViolations(violation());
  }

  private static Violation violation() {
    return Violation.newBuilder().setKind(ViolationKind.VIOLATION_KIND_ILLEGAL_ACTION)
        .setRole(Role.ROLE_GENERATOR).setMessage("action 9 is not legal").build();
  }

  /** A sequential step: one turn and each seat's reward. */
  static Step step(TurnRecord.Builder turn, double... rewards) {
    Step.Builder step = Step.newBuilder().addTurns(turn);
    for (double r : rewards) {
      step.addRewards(r);
    }
    return step.build();
  }

  /** A simultaneous step: several turns and each seat's reward. */
  static Step joint(List<TurnRecord.Builder> turns, double... rewards) {
    Step.Builder step = Step.newBuilder();
    turns.forEach(step::addTurns);
    for (double r : rewards) {
      step.addRewards(r);
    }
    return step.build();
  }

  /** A chance step (no turns) with zero rewards for two seats. */
  static Step chance() {
    return Step.newBuilder().setChance(io.sparring.proto.v1.ChanceRecord.newBuilder().setOutcome(0))
        .addRewards(0).addRewards(0).build();
  }

  /** A finished match whose returns are the sums of its steps' rewards. */
  static Trajectory match(String game, Step... steps) {
    Trajectory.Builder match = Trajectory.newBuilder().setFormatVersion(1).setGame(game)
        .setMatchId(game + "#" + steps.length).setEndReason(EndReason.END_REASON_TERMINATED);
    int seats = steps[0].getRewardsCount();
    double[] returns = new double[seats];
    for (Step step : steps) {
      match.addSteps(step);
      for (int p = 0; p < seats; p++) {
        returns[p] += step.getRewards(p);
      }
    }
    for (double r : returns) {
      match.addReturns(r);
    }
    return match.build();
  }
}
