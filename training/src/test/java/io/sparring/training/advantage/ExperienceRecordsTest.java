package io.sparring.training.advantage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.game.Games;
import io.sparring.proto.v1.ActionRecord;
import io.sparring.proto.v1.ActionSource;
import io.sparring.proto.v1.AdvantageStatistics;
import io.sparring.proto.v1.ChanceRecord;
import io.sparring.proto.v1.Credit;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.ExperienceBatch;
import io.sparring.proto.v1.ExperienceTurn;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.SeatAssignment;
import io.sparring.proto.v1.SeatObservation;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.Verdict;
import io.sparring.training.Experience;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every expected number below is worked out by hand in the comment above it. */
class ExperienceRecordsTest {
  private static final double EPS = 1e-12;
  private static final List<String> CELLS = List.of("x(0,0)", "x(0,1)", "x(0,2)", "x(1,0)", "x(1,1)", "x(1,2)",
      "x(2,0)", "x(2,1)", "x(2,2)");

  private static SeatObservation seen(int seat, String text, List<Integer> legal, List<String> names) {
    return SeatObservation.newBuilder().setSeat(seat).setText(text).addAllLegalActions(legal)
        .addAllLegalActionNames(names).setInformationStateKey(text).build();
  }

  private static SeatObservation board(int seat, String text) {
    return seen(seat, text, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), CELLS);
  }

  private static RoleOutput role(Role role, String agent, String input, String output, int action) {
    return RoleOutput.newBuilder().setRole(role).setAgent(agent).setInput(input).setOutput(output)
        .setAction(action).build();
  }

  private static ActionRecord action(int index, String name, ActionSource source) {
    return ActionRecord.newBuilder().setIndex(index).setName(name).setSource(source).build();
  }

  private static Step step(TurnRecord turn, double... rewards) {
    Step.Builder step = Step.newBuilder().addTurns(turn);
    for (double r : rewards) {
      step.addRewards(r);
    }
    return step.build();
  }

  /**
   * A tic-tac-toe team in seat 0 (strategist, generator, verifier, refiner), a plain opponent in
   * seat 1. Turn 0: the verifier rejects the generator's centre, the refiner's corner is played.
   * Turn 1: the verifier accepts the generator's move, which wins: returns 1 and −1.
   */
  private static Trajectory teamWin() {
    TurnRecord first = TurnRecord.newBuilder().setSeat(0).setSeatObservation(board(0, "board 0"))
        .addRoles(role(Role.ROLE_STRATEGIST, "s", "", "take the centre", -1))
        .addRoles(role(Role.ROLE_GENERATOR, "g", "take the centre", "", 4).toBuilder().setFreeText("x(1,1)"))
        .addRoles(role(Role.ROLE_VERIFIER, "v", "x(1,1)", "the centre loses", -1).toBuilder()
            .setVerdict(Verdict.VERDICT_REJECT))
        .addRoles(role(Role.ROLE_REFINER, "r", "the centre loses", "a corner", 0).toBuilder().setLogProbability(-0.7))
        .setAction(action(0, "x(0,0)", ActionSource.ACTION_SOURCE_REFINER)).build();
    TurnRecord reply = TurnRecord.newBuilder().setSeat(1).setSeatObservation(board(1, "board 1"))
        .addRoles(role(Role.ROLE_GENERATOR, "random", "", "", 4))
        .setAction(action(4, "o(1,1)", ActionSource.ACTION_SOURCE_GENERATOR)).build();
    TurnRecord second = TurnRecord.newBuilder().setSeat(0).setSeatObservation(board(0, "board 2"))
        .addRoles(role(Role.ROLE_STRATEGIST, "s", "", "finish", -1))
        .addRoles(role(Role.ROLE_GENERATOR, "g", "finish", "", 8))
        .addRoles(role(Role.ROLE_VERIFIER, "v", "x(2,2)", "wins", -1).toBuilder().setVerdict(Verdict.VERDICT_ACCEPT))
        .setAction(action(8, "x(2,2)", ActionSource.ACTION_SOURCE_GENERATOR)).setLogProbability(-0.1).build();
    return Trajectory.newBuilder().setFormatVersion(4).setGame("tic_tac_toe").setMatchId("7")
        .addSeats(SeatAssignment.newBuilder().setSeat(0).setPlayer("team(...)"))
        .addSeats(SeatAssignment.newBuilder().setSeat(1).setPlayer("random"))
        .addSteps(step(first, 0, 0)).addSteps(step(reply, 0, 0)).addSteps(step(second, 1, -1))
        .addReturns(1).addReturns(-1).setEndReason(EndReason.END_REASON_TERMINATED).build();
  }

  @Test
  void aTeamsRolesAreCreditedByMarsAndMalt() {
    // MARS, seat 0 (group tic_tac_toe|seat=0, two turns): r = [0, 1], mean 0.5, r~ = [-0.5, 0.5];
    // gamma 1: A = [0, 0.5]; group mean 0.25, std 0.25; advantages [-0.25, 0.25].
    // MALT: V = (1 - (-1)) / (1 - (-1)) = 1, positive; advantage 2V - 1 = 1.
    List<ExperienceBatch> batches = new ExperienceRecords(AdvantageConfig.mars()).build("run", 3,
        List.of("main"), List.of(new ExperienceRecords.Played(41, new LearningMatch(teamWin(), Map.of(0, "main")))));
    assertEquals(1, batches.size());
    ExperienceBatch batch = batches.getFirst();
    assertEquals("run", batch.getRunId());
    assertEquals(3, batch.getBatch());
    assertEquals(3, batch.getSequence(), "(3 - 1) * 1 learner + place 0 + 1");
    assertEquals("tic_tac_toe", batch.getGame());
    assertEquals(1, batch.getMatches());
    assertEquals("game_seat", batch.getAdvantage().getGroupKey());
    assertEquals(List.of(AdvantageStatistics.newBuilder().setKey("tic_tac_toe|seat=0").setCount(2)
        .setRewardMean(0.5).setMean(0.25).setStd(0.25).build()), batch.getStatisticsList());

    List<ExperienceTurn> rows = batch.getTurnsList();
    assertEquals(List.of(Role.ROLE_STRATEGIST, Role.ROLE_GENERATOR, Role.ROLE_VERIFIER, Role.ROLE_REFINER,
        Role.ROLE_STRATEGIST, Role.ROLE_GENERATOR, Role.ROLE_VERIFIER), rows.stream().map(ExperienceTurn::getRole).toList());
    assertEquals(List.of(Credit.CREDIT_MALT, Credit.CREDIT_MARS, Credit.CREDIT_MALT, Credit.CREDIT_MARS,
        Credit.CREDIT_MALT, Credit.CREDIT_MARS, Credit.CREDIT_MALT), rows.stream().map(ExperienceTurn::getCredit).toList());
    assertEquals(List.of(1.0, -0.25, 1.0, -0.25, 1.0, 0.25, 1.0),
        rows.stream().map(ExperienceTurn::getAdvantage).toList());
    assertEquals(List.of(false, false, false, true, false, true, false),
        rows.stream().map(ExperienceTurn::getApplied).toList());
    for (ExperienceTurn row : rows) {
      assertEquals(41, row.getMatchIndex());
      assertEquals(41, row.getGroupId());
      assertEquals("main-b2", row.getPolicyLabel(), "the learner as it was after batch 2");
      assertEquals(2, row.getPolicyVersion());
      assertEquals("tic_tac_toe|seat=0", row.getGroupKey());
      assertEquals(0.25, row.getGroupMean(), EPS);
      assertEquals(0.25, row.getGroupStd(), EPS);
      assertEquals(row.getRole() == Role.ROLE_STRATEGIST || row.getRole() == Role.ROLE_VERIFIER, row.hasMalt());
      assertEquals(0, row.getTokenIdsCount(), "not recorded yet");
    }

    ExperienceTurn strategist = rows.get(0);
    assertEquals(1.0, strategist.getMalt().getValue());
    assertTrue(strategist.getMalt().getPositive());
    assertEquals("board 0", strategist.getPrompt(), "no role input");
    assertEquals("take the centre", strategist.getCompletion());
    assertEquals(0, strategist.getTurn());
    assertEquals(0.0, strategist.getReward(), EPS);
    assertEquals(-0.5, strategist.getCentredReward(), EPS);
    assertEquals(0.0, strategist.getReturnToGo(), EPS);

    ExperienceTurn generator = rows.get(1);
    assertEquals("board 0\n\ntake the centre", generator.getPrompt());
    assertEquals("x(1,1)", generator.getCompletion(), "its free text: it wrote no output");
    assertEquals(4, generator.getActionIndex());
    assertEquals("x(1,1)", generator.getActionName());
    assertEquals("g", generator.getAgent());
    assertFalse(generator.hasLogProbability());

    ExperienceTurn verifier = rows.get(2);
    assertEquals(Verdict.VERDICT_REJECT, verifier.getVerdict());
    assertEquals("the centre loses", verifier.getCompletion());

    ExperienceTurn refiner = rows.get(3);
    assertEquals(0, refiner.getActionIndex());
    assertEquals("x(0,0)", refiner.getActionName());
    assertEquals(-0.7, refiner.getLogProbability());
    assertEquals(3, refiner.getRoleIndex());

    ExperienceTurn winning = rows.get(5);
    assertEquals(1, winning.getTurn());
    assertEquals(1.0, winning.getReward(), EPS);
    assertEquals(0.5, winning.getReturnToGo(), EPS);
    assertEquals(-0.1, winning.getLogProbability(), "the turn's, for the applied row");
    assertEquals("x(2,2)", winning.getCompletion());
  }

  /**
   * Kuhn poker (utilities −2 … 2): after the deal, seat 0's team bets and seat 1 folds: returns 1
   * and −1. Both seats learn, as two players.
   */
  private static Trajectory kuhnFold() {
    Step deal = Step.newBuilder().setChance(ChanceRecord.newBuilder().setOutcome(0)).addRewards(0).addRewards(0)
        .build();
    List<String> names = List.of("pass", "bet");
    TurnRecord bet = TurnRecord.newBuilder().setSeat(0).setSeatObservation(seen(0, "J?", List.of(0, 1), names))
        .addRoles(role(Role.ROLE_GENERATOR, "g", "", "", 1))
        .addRoles(role(Role.ROLE_VERIFIER, "v", "bet", "", -1).toBuilder().setVerdict(Verdict.VERDICT_ACCEPT))
        .setAction(action(1, "bet", ActionSource.ACTION_SOURCE_GENERATOR)).build();
    TurnRecord fold = TurnRecord.newBuilder().setSeat(1).setSeatObservation(seen(1, "Q b", List.of(0, 1), names))
        .setAction(action(0, "pass", ActionSource.ACTION_SOURCE_GENERATOR)).build();
    return Trajectory.newBuilder().setFormatVersion(4).setGame("kuhn_poker(players=2)")
        .addSeats(SeatAssignment.newBuilder().setSeat(0).setPlayer("team(...)"))
        .addSeats(SeatAssignment.newBuilder().setSeat(1).setPlayer("tabular"))
        .addSteps(deal).addSteps(deal).addSteps(step(bet, 0, 0)).addSteps(step(fold, 1, -1))
        .addReturns(1).addReturns(-1).setEndReason(EndReason.END_REASON_TERMINATED).build();
  }

  @Test
  void maltValuesAreReturnsScaledByTheUtilityBoundsAndEveryLearnerGetsABatch() {
    // Each seat has one turn, alone in its game-seat group: it falls back to the game's group,
    // both turns: r = [1, -1], mean 0; A = [1, -1], mean 0, std 1; advantages [1, -1].
    // MALT for seat 0's verifier: V = (1 - (-2)) / (2 - (-2)) = 0.75, positive, advantage 0.5.
    List<ExperienceBatch> batches = new ExperienceRecords(AdvantageConfig.mars()).build("run", 1,
        List.of("north", "idle", "south"),
        List.of(new ExperienceRecords.Played(0, new LearningMatch(kuhnFold(), Map.of(0, "north", 1, "south")))));
    assertEquals(List.of("north", "idle", "south"), batches.stream().map(ExperienceBatch::getPlayer).toList());
    assertEquals(List.of(1L, 2L, 3L), batches.stream().map(ExperienceBatch::getSequence).toList());
    assertEquals(0, batches.get(1).getTurnsCount(), "a learner without turns gets an empty batch");
    assertEquals(0, batches.get(1).getMatches());

    List<ExperienceTurn> north = batches.get(0).getTurnsList();
    assertEquals(2, north.size());
    assertEquals(1.0, north.get(0).getAdvantage(), EPS);
    assertEquals("kuhn_poker(players=2)", north.get(0).getGroupKey(), "the coarser group");
    assertEquals(0.75, north.get(1).getMalt().getValue(), EPS);
    assertTrue(north.get(1).getMalt().getPositive());
    assertEquals(0.5, north.get(1).getAdvantage(), EPS);
    assertEquals("north-b0", north.get(0).getPolicyLabel(), "the initial policy played batch 1");

    // A turn that recorded no role (a lone agent's, or a compact record's implied one) is one
    // generator row with the seat's player as its agent and the action's name as its completion.
    List<ExperienceTurn> south = batches.get(2).getTurnsList();
    assertEquals(1, south.size());
    ExperienceTurn pass = south.getFirst();
    assertEquals(Role.ROLE_GENERATOR, pass.getRole());
    assertEquals(-1, pass.getRoleIndex());
    assertEquals("tabular", pass.getAgent());
    assertEquals("pass", pass.getCompletion());
    assertTrue(pass.getApplied());
    assertEquals(-1.0, pass.getAdvantage(), EPS);
    assertEquals(List.of("kuhn_poker(players=2)"),
        batches.get(2).getStatisticsList().stream().map(AdvantageStatistics::getKey).toList());
    assertEquals(2, batches.get(2).getStatistics(0).getCount(), "both players' turns");
  }

  @Test
  void aPlayerOutsideTheLearnersIsRefused() {
    ExperienceRecords records = new ExperienceRecords(AdvantageConfig.mars());
    List<ExperienceRecords.Played> played =
        List.of(new ExperienceRecords.Played(0, new LearningMatch(kuhnFold(), Map.of(0, "north"))));
    assertThrows(IllegalArgumentException.class, () -> records.build("run", 1, List.of("south"), played));
    assertThrows(IllegalArgumentException.class, () -> records.build("run", 0, List.of("north"), played));
  }

  /**
   * Real team matches (MatchRunner with scripted roles) under several advantage configs: the
   * applied rows carry exactly the advantages, rewards and returns-to-go that the league's
   * learners get from MarsAdvantages.compute, in the same order, and every role call is a row.
   */
  @Test
  void appliedRowsCarryExactlyTheLeaguesAdvantages() {
    String team = "team(strategist=scripted(name=s, answers='!take the centre'),"
        + " generator=scripted(name=g, answers='~x(1,1);0;1;2;3;5;6;7;8'),"
        + " verifier=scripted(name=v, answers='reject;accept;accept;accept;accept'), refiner=random)";
    List<ExperienceRecords.Played> played = new ArrayList<>();
    List<LearningMatch> matches = new ArrayList<>();
    for (int m = 0; m < 12; m++) {
      boolean teamFirst = m % 2 == 0;
      Trajectory record = MatchRunner.play(new MatchConfig(Games.create("tic_tac_toe"), m,
          List.of(Seating.of(0, teamFirst ? team : "random"), Seating.of(1, teamFirst ? "random" : team)),
          ViolationPolicy.defaultPolicy(), Optional.empty(), "m" + m));
      LearningMatch match = new LearningMatch(record, teamFirst ? Map.of(0, "team", 1, "rival")
          : Map.of(0, "rival", 1, "team"));
      matches.add(match);
      played.add(new ExperienceRecords.Played(100 + m, match));
    }
    for (AdvantageConfig config : List.of(AdvantageConfig.mars(),
        AdvantageConfig.mars().withGamma(0.9).withFormatBonus(0.05).withWhiten(true),
        AdvantageConfig.mars().withGroupKey(GroupKey.GAME_ROLE).withDrawReward(0.1).withDivideByStd(true))) {
      Map<String, io.sparring.training.ExperienceBatch> league = new MarsAdvantages(config).compute(matches);
      List<ExperienceBatch> exported = new ExperienceRecords(config).build("run", 5, List.of("team", "rival"), played);
      for (ExperienceBatch batch : exported) {
        List<Experience> expected = league.get(batch.getPlayer()).experiences();
        List<ExperienceTurn> applied = batch.getTurnsList().stream().filter(ExperienceTurn::getApplied).toList();
        assertEquals(expected.size(), applied.size(), batch.getPlayer() + " under " + config);
        for (int i = 0; i < expected.size(); i++) {
          assertEquals(expected.get(i).advantage(), applied.get(i).getAdvantage(), 0.0, config + " row " + i);
          assertEquals(expected.get(i).reward(), applied.get(i).getReward(), 0.0);
          assertEquals(expected.get(i).returnToGo(), applied.get(i).getReturnToGo(), 0.0);
          assertEquals(expected.get(i).groupKey(), applied.get(i).getGroupKey());
          assertEquals(expected.get(i).action(), applied.get(i).getActionIndex());
          assertEquals(expected.get(i).seat(), applied.get(i).getSeat());
        }
      }
      ExperienceBatch teamBatch = exported.getFirst();
      long roleCalls = matches.stream().flatMap(m -> m.trajectory().getStepsList().stream())
          .flatMap(s -> s.getTurnsList().stream())
          .filter(t -> t.hasAction() && t.getRolesCount() > 1).mapToLong(TurnRecord::getRolesCount).sum();
      assertEquals(roleCalls, teamBatch.getTurnsCount(), "a row per role call of the team's turns");
      assertTrue(teamBatch.getTurnsList().stream().anyMatch(t -> t.getRole() == Role.ROLE_REFINER && t.getApplied()),
          "the verifier rejected a proposal and the refiner's move was played");
      assertTrue(teamBatch.getTurnsList().stream()
          .filter(t -> t.getRole() == Role.ROLE_STRATEGIST || t.getRole() == Role.ROLE_VERIFIER)
          .allMatch(t -> t.getCredit() == Credit.CREDIT_MALT && t.getAdvantage() == 2 * t.getMalt().getValue() - 1));
      if (config.whiten()) {
        assertTrue(teamBatch.getWhitenStd() > 0 && teamBatch.getWhitenStd() != 1, "whitening statistics shipped");
      } else {
        assertEquals(1.0, teamBatch.getWhitenStd());
      }
    }
  }
}
