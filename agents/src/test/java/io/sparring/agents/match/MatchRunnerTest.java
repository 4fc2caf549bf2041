package io.sparring.agents.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.ScriptedAgents;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.SeedAttack;
import io.sparring.core.game.State;
import io.sparring.proto.v1.ActionSource;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.SeatAssignment;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.ViolationKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MatchRunnerTest {
  private final Game ticTacToe = Games.create("tic_tac_toe");
  private final Game kuhn = Games.create("kuhn_poker");

  private static MatchConfig config(Game game, long seed, String policy, String... players) {
    List<Seating> seatings = new java.util.ArrayList<>();
    for (int i = 0; i < players.length; i++) {
      seatings.add(Seating.of(i, players[i]));
    }
    return new MatchConfig(game, seed, seatings, ViolationPolicy.parse(policy), Optional.empty(), "m1");
  }

  /** A trajectory without wall-clock latencies, which differ between runs. */
  static Trajectory withoutLatency(Trajectory t) {
    Trajectory.Builder b = t.toBuilder();
    for (Step.Builder step : b.getStepsBuilderList()) {
      for (TurnRecord.Builder turn : step.getTurnsBuilderList()) {
        for (RoleOutput.Builder role : turn.getRolesBuilderList()) {
          role.setLatencyMicros(0);
        }
      }
    }
    return b.build();
  }

  @Test
  void recordsEveryTurnAndReplaysBitIdentically() {
    MatchConfig config = config(kuhn, 17, "penalty", "mcts(simulations=50)", "random");
    Trajectory first = MatchRunner.play(config);
    Trajectory second = MatchRunner.play(config);
    assertEquals(withoutLatency(first), withoutLatency(second), "same config, same match");
    assertEquals("kuhn_poker(players=2)", first.getGame());
    assertEquals(EndReason.END_REASON_TERMINATED, first.getEndReason());
    assertTrue(first.getSteps(0).hasChance() && first.getSteps(1).hasChance(), "the deal comes first");
    TurnRecord turn = first.getSteps(2).getTurns(0);
    assertEquals(0, turn.getSeat());
    assertTrue(turn.getSeatObservation().getText().startsWith("Rules: Kuhn poker"));
    assertEquals(List.of(0, 1), turn.getSeatObservation().getLegalActionsList());
    assertEquals("mcts(simulations=50)", turn.getRoles(0).getAgent());
    assertTrue(turn.getRoles(0).getOutput().startsWith("mcts: 50 simulations"), turn.getRoles(0).getOutput());
    State end = Replay.replay(first);
    assertArrayEquals(end.returns(), first.getReturnsList().stream().mapToDouble(d -> d).toArray());
    assertNotEquals(withoutLatency(first), withoutLatency(MatchRunner.play(config.withSeed(18))));
  }

  @Test
  void aTamperedTrajectoryDoesNotReplay() {
    Trajectory played = MatchRunner.play(config(ticTacToe, 3, "penalty", "random", "random"));
    Trajectory.Builder tampered = played.toBuilder();
    tampered.getStepsBuilder(0).setRewards(0, 5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Replay.replay(tampered.build()));
    assertTrue(e.getMessage().contains("does not replay at step 0: rewards"), e.getMessage());
    Trajectory.Builder wrongVersion = played.toBuilder().setFormatVersion(99);
    assertThrows(IllegalArgumentException.class, () -> Replay.replay(wrongVersion.build()));
  }

  @Test
  void anIllegalActionForfeitsWithThePenalty() {
    Trajectory t = MatchRunner.play(config(ticTacToe, 1, "penalty(value=-11, others=0)",
        "scripted(answers='4;4')", "scripted(answers='4')"));
    assertEquals(EndReason.END_REASON_FORFEIT, t.getEndReason());
    assertEquals(List.of(0.0, -11.0), t.getReturnsList());
    TurnRecord last = t.getSteps(t.getStepsCount() - 1).getTurns(0);
    assertEquals(1, last.getSeat());
    assertEquals(ViolationKind.VIOLATION_KIND_ILLEGAL_ACTION, last.getViolations(0).getKind());
    assertTrue(last.getViolations(0).getMessage().contains("action 4 is not legal"));
    double summed = t.getStepsList().stream().mapToDouble(s -> s.getRewards(1)).sum();
    assertEquals(-11.0, summed, 1e-9, "rewards add up to the penalty");
    Replay.replay(t);
  }

  @Test
  void retryGivesFeedbackThenTheAgentMayRecover() {
    ScriptedAgents.CALLS.clear();
    Trajectory t = MatchRunner.play(config(ticTacToe, 1, "retry(times=1, then=penalty)",
        "scripted(answers='~X(9,9);0;1;2', name=x)", "scripted(answers='4;5;6', name=o)"));
    TurnRecord first = t.getSteps(0).getTurns(0);
    assertEquals(ViolationKind.VIOLATION_KIND_INVALID_OUTPUT, first.getViolations(0).getKind());
    assertEquals(0, first.getAction().getIndex());
    assertEquals(2, first.getRolesCount(), "both answers are recorded");
    assertTrue(ScriptedAgents.CALLS.get(1).feedback().contains("'X(9,9)' is not a legal action"));
  }

  @Test
  void randomFallbackPlaysALegalActionAndSaysSo() {
    Trajectory t = MatchRunner.play(config(ticTacToe, 1, "random", "scripted(answers='77')", "random"));
    TurnRecord first = t.getSteps(0).getTurns(0);
    assertEquals(ActionSource.ACTION_SOURCE_FALLBACK, first.getAction().getSource());
    assertEquals(ViolationKind.VIOLATION_KIND_ILLEGAL_ACTION, first.getViolations(0).getKind());
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());
  }

  @Test
  void aSlowAgentIsATimeoutViolation() {
    MatchConfig slow = new MatchConfig(ticTacToe, 1,
        List.of(Seating.of(0, "scripted(sleep_ms=2000)"), Seating.of(1, "random")),
        ViolationPolicy.parse("penalty"), Optional.of(Duration.ofMillis(50)), "slow");
    Trajectory t = MatchRunner.play(slow);
    assertEquals(EndReason.END_REASON_FORFEIT, t.getEndReason());
    assertEquals(ViolationKind.VIOLATION_KIND_TIMEOUT,
        t.getSteps(0).getTurns(0).getViolations(0).getKind());
  }

  @Test
  void freeTextAnswersAreParsedByTheGame() {
    Trajectory t = MatchRunner.play(config(ticTacToe, 1, "penalty", "scripted(answers='~x(1,1)')",
        "random"));
    assertEquals(4, t.getSteps(0).getTurns(0).getAction().getIndex());
    assertEquals("x(1,1)", t.getSteps(0).getTurns(0).getAction().getFreeText());
  }

  @Test
  void badConfigsFailWithMessages() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> MatchConfig.of(ticTacToe, 1, List.of(Seating.of(0, "random"))));
    assertTrue(missing.getMessage().contains("every seat needs a player"), missing.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> MatchConfig.of(ticTacToe, 1, List.of(Seating.of(0, "random"), Seating.of(0, "random"))));
    assertTrue(twice.getMessage().contains("seat 0 is given twice"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ViolationPolicy.parse("retry(times=0)"));
    assertEquals("retry(times=2, then=random)", ViolationPolicy.parse("retry(times=2, then=random)")
        .spec().toString());
  }

  @Test
  void trajectoriesRoundTripThroughJsonLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Trajectory a = MatchRunner.play(config(kuhn, 1, "penalty", "random", "random"));
    Trajectory b = MatchRunner.play(config(ticTacToe, 2, "penalty", "random", "random"));
    java.nio.file.Path file = dir.resolve("runs/matches.jsonl");
    Trajectories.append(file, List.of(a));
    Trajectories.append(file, List.of(b));
    assertEquals(List.of(a, b), Trajectories.read(file));
    java.nio.file.Files.writeString(file, "not json\n", java.nio.file.StandardOpenOption.APPEND);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trajectories.read(file));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void textActionsAreAppliedRecordedAndReplayedFromTheirText() {
    Game wordChain = Games.create("word_chain(rounds=2)");
    MatchConfig config = config(wordChain, 5, "penalty",
        "scripted(answers='~say[apple];~say[goat]')", "scripted(answers='~say[egg];~hello')");

    Trajectory played = MatchRunner.play(config);

    assertEquals(MatchRunner.FORMAT_VERSION, played.getFormatVersion());
    List<String> texts = played.getStepsList().stream()
        .map(step -> step.getTurns(0).getAction())
        .map(action -> action.getIndex() + " " + action.getTextAction()).toList();
    assertEquals(List.of("-1 say[apple]", "-1 say[egg]", "-1 say[goat]", "-1 hello"), texts);
    assertEquals(List.of(0.0, -1.0), played.getSteps(3).getRewardsList(), "hello is a no-op scoring -1");
    assertEquals(List.of(2.0, 0.0), played.getReturnsList());
    State replayed = Replay.replay(played);
    assertEquals("5;\"say[apple]\",\"say[egg]\",\"say[goat]\",\"hello\"", replayed.serialize());
    Trajectory.Builder otherText = played.toBuilder();
    otherText.getStepsBuilder(3).getTurnsBuilder(0).getActionBuilder().setTextAction("say[tiger]");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Replay.replay(otherText.build()));
    assertTrue(e.getMessage().contains("does not replay at step 3: rewards"), e.getMessage());
  }

  @Test
  void randomPlaysAGameOfTextActionsByItsExamples() {
    Trajectory played = MatchRunner.play(config(Games.create("word_chain"), 2, "penalty", "random", "random"));

    assertEquals("say[apple]", played.getSteps(0).getTurns(0).getAction().getTextAction());
    assertEquals(EndReason.END_REASON_TERMINATED, played.getEndReason());
    Replay.replay(played);
  }

  /** The seed each agent is given must not lead back to the match seed, which deals every card. */
  @Test
  void anAgentsSeedDoesNotGiveTheMatchSeedAway() {
    Trajectory played = MatchRunner.play(config(Games.create("kuhn_poker"), 7, "penalty", "random", "random"));
    for (SeatAssignment seat : played.getSeatsList()) {
      assertNotEquals(7, SeedAttack.invertDerive(seat.getAgentSeed(), seat.getSeat() + 1), "seat " + seat.getSeat());
    }
    assertNotEquals(played.getSeats(0).getAgentSeed(), played.getSeats(1).getAgentSeed());
  }

  @Test
  void recordsOfFormatVersionOneStillReplay() {
    Trajectory played = MatchRunner.play(config(ticTacToe, 3, "penalty", "random", "random"));

    Replay.replay(played.toBuilder().setFormatVersion(1).build());
    assertThrows(IllegalArgumentException.class,
        () -> Replay.replay(played.toBuilder().setFormatVersion(MatchRunner.FORMAT_VERSION + 1).build()));
  }
}
