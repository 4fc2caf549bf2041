package io.sparring.training.advantage;

import static io.sparring.training.advantage.Records.chance;
import static io.sparring.training.advantage.Records.forfeited;
import static io.sparring.training.advantage.Records.joint;
import static io.sparring.training.advantage.Records.match;
import static io.sparring.training.advantage.Records.retried;
import static io.sparring.training.advantage.Records.step;
import static io.sparring.training.advantage.Records.turn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sparring.proto.v1.ActionSource;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.Trajectory;
import io.sparring.training.Experience;
import io.sparring.training.ExperienceBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every expected number below is worked out by hand in the comment above it. */
class MarsAdvantagesTest {
  private static final double EPS = 1e-12;
  private static final String TTT = "tic_tac_toe";
  private static final String KUHN = "kuhn_poker(players=2)";

  private final Logger logger = (Logger) LoggerFactory.getLogger(MarsAdvantages.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(logged);
  }

  /** Seat 0 moves, seat 1 moves, seat 0 moves, seat 1 wins: the opponent's move ends the game. */
  private static Trajectory lostOnOpponentsMove() {
    return match(TTT,
        step(turn(0, 4), 0, 0),
        step(turn(1, 0), 0, 0),
        step(turn(0, 8), 0, 0),
        step(turn(1, 2), -1, 1));
  }

  private static Map<String, ExperienceBatch> compute(AdvantageConfig config, LearningMatch... matches) {
    return new MarsAdvantages(config).compute(List.of(matches));
  }

  private static double[] field(ExperienceBatch batch, java.util.function.ToDoubleFunction<Experience> f) {
    return batch.experiences().stream().mapToDouble(f).toArray();
  }

  @Test
  void theLosersLastTurnGetsMinusOneWhenTheOpponentsMoveEndsTheGame() {
    // Seat 0: r = [0, -1]; group mean -0.5, so r~ = [0.5, -0.5]; gamma 1: A = [0, -0.5];
    // the group's mean A is -0.25: advantages [0.25, -0.25].
    // Seat 1: r = [0, 1]; r~ = [-0.5, 0.5]; A = [0, 0.5]; advantages [-0.25, 0.25].
    Map<String, ExperienceBatch> batches = compute(AdvantageConfig.mars(),
        new LearningMatch(lostOnOpponentsMove(), Map.of(0, "north", 1, "south")));
    ExperienceBatch north = batches.get("north");
    assertArrayEquals(new double[] {0, -1}, field(north, Experience::reward), EPS);
    assertArrayEquals(new double[] {0, -0.5}, field(north, Experience::returnToGo), EPS);
    assertArrayEquals(new double[] {0.25, -0.25}, field(north, Experience::advantage), EPS);
    ExperienceBatch south = batches.get("south");
    assertArrayEquals(new double[] {0, 1}, field(south, Experience::reward), EPS);
    assertArrayEquals(new double[] {0, 0.5}, field(south, Experience::returnToGo), EPS);
    assertArrayEquals(new double[] {-0.25, 0.25}, field(south, Experience::advantage), EPS);
    assertTrue(logged.list.isEmpty(), "no group is a single turn");
  }

  @Test
  void experiencesCarryWhatTheSeatSawAndDid() {
    Trajectory record = lostOnOpponentsMove().toBuilder()
        .setSteps(0, step(turn(0, 4).setLogProbability(-0.5), 0, 0)).build();
    List<Experience> north = compute(AdvantageConfig.mars(), new LearningMatch(record, Map.of(0, "north")))
        .get("north").experiences();
    Experience first = north.get(0);
    assertEquals(TTT, first.game());
    assertEquals("north", first.player());
    assertEquals(0, first.seat());
    assertEquals(io.sparring.agents.Role.GENERATOR, first.role());
    assertEquals("tic_tac_toe|seat=0", first.groupKey());
    assertEquals("s0a4", first.informationStateKey());
    assertArrayEquals(new float[] {0, 4}, first.informationState());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), first.legalActions());
    assertEquals(4, first.action());
    assertEquals(-0.5, first.behaviourLogProbability());
    assertEquals(8, north.get(1).action());
    assertTrue(Double.isNaN(north.get(1).behaviourLogProbability()), "no log-probability recorded");
  }

  @Test
  void opponentsSeatsProduceNoExperience() {
    Map<String, ExperienceBatch> batches = compute(AdvantageConfig.mars(),
        new LearningMatch(lostOnOpponentsMove(), Map.of(1, "south")));
    assertEquals(List.of("south"), List.copyOf(batches.keySet()));
    assertTrue(batches.get("south").experiences().stream().allMatch(e -> e.seat() == 1));
  }

  @Test
  void aPlayerHoldingBothSeatsLearnsFromBoth() {
    ExperienceBatch self = compute(AdvantageConfig.mars(),
        new LearningMatch(lostOnOpponentsMove(), Map.of(0, "main", 1, "main"))).get("main");
    // Match order, then seat order, then turn order.
    assertArrayEquals(new double[] {0.25, -0.25, -0.25, 0.25}, field(self, Experience::advantage), EPS);
    assertEquals(List.of(0, 0, 1, 1), self.experiences().stream().map(Experience::seat).toList());
  }

  @Test
  void discountsOverTheSeatsOwnTurns() {
    // Seat 0 has three turns and loses on seat 1's last move: r = [0, 0, -1], mean -1/3,
    // r~ = [1/3, 1/3, -2/3]. With gamma 0.5: A2 = -2/3, A1 = 1/3 + 0.5 (-2/3) = 0,
    // A0 = 1/3 + 0.5 (0) = 1/3. The mean A is -1/9: advantages [4/9, 1/9, -5/9].
    Trajectory record = match(TTT,
        step(turn(0, 0), 0, 0), step(turn(1, 1), 0, 0),
        step(turn(0, 2), 0, 0), step(turn(1, 3), 0, 0),
        step(turn(0, 4), 0, 0), step(turn(1, 5), -1, 1));
    ExperienceBatch north = compute(AdvantageConfig.mars().withGamma(0.5),
        new LearningMatch(record, Map.of(0, "north"))).get("north");
    assertArrayEquals(new double[] {0, 0, -1}, field(north, Experience::reward), EPS);
    assertArrayEquals(new double[] {1.0 / 3, 0, -2.0 / 3}, field(north, Experience::returnToGo), EPS);
    assertArrayEquals(new double[] {4.0 / 9, 1.0 / 9, -5.0 / 9}, field(north, Experience::advantage), EPS);
  }

  @Test
  void centresEachGroupOverTheWholeBatch() {
    // Tic-tac-toe seat 0: a win on its own move (r = [0, 1]) and a loss on the opponent's (r = [0, -1]):
    // one group of four turns, mean 0, so r~ = r, A = [1, 1] and [-1, -1], mean A 0.
    // Kuhn seat 0: one turn in each of two matches, r = 2 and -1: group mean 0.5, r~ = A = [1.5, -1.5].
    Trajectory won = match(TTT, step(turn(0, 0), 0, 0), step(turn(1, 1), 0, 0), step(turn(0, 2), 1, -1));
    Trajectory kuhnWon = match(KUHN, chance(), chance(), step(turn(0, 1), 0, 0), step(turn(1, 1), 2, -2));
    Trajectory kuhnLost = match(KUHN, chance(), chance(), step(turn(0, 1), 0, 0), step(turn(1, 0), -1, 1));
    ExperienceBatch north = compute(AdvantageConfig.mars(),
        new LearningMatch(won, Map.of(0, "north")),
        new LearningMatch(lostOnOpponentsMove(), Map.of(0, "north")),
        new LearningMatch(kuhnWon, Map.of(0, "north")),
        new LearningMatch(kuhnLost, Map.of(0, "north"))).get("north");
    assertArrayEquals(new double[] {0, 1, 0, -1, 2, -1}, field(north, Experience::reward), EPS);
    assertArrayEquals(new double[] {1, 1, -1, -1, 1.5, -1.5}, field(north, Experience::advantage), EPS);
    assertEquals(List.of("tic_tac_toe|seat=0", "tic_tac_toe|seat=0", "tic_tac_toe|seat=0",
            "tic_tac_toe|seat=0", "kuhn_poker(players=2)|seat=0", "kuhn_poker(players=2)|seat=0"),
        north.experiences().stream().map(Experience::groupKey).toList());
  }

  @Test
  void groupsByPlayer() {
    // One group for both seats: r = [0, -1, 0, 1], mean 0, r~ = r; A = [-1, -1] and [1, 1]; mean A 0.
    ExperienceBatch self = compute(AdvantageConfig.mars().withGroupKey(GroupKey.PLAYER),
        new LearningMatch(lostOnOpponentsMove(), Map.of(0, "main", 1, "main"))).get("main");
    assertArrayEquals(new double[] {-1, -1, 1, 1}, field(self, Experience::advantage), EPS);
    assertTrue(self.experiences().stream().allMatch(e -> e.groupKey().equals("player=main")));
  }

  @Test
  void dividesByTheGroupsStandardDeviation() {
    // Seat 0 as in the first test: A = [0, -0.5], mean -0.25, population std 0.25: [1, -1].
    ExperienceBatch north = compute(AdvantageConfig.mars().withDivideByStd(true),
        new LearningMatch(lostOnOpponentsMove(), Map.of(0, "north"))).get("north");
    assertArrayEquals(new double[] {1, -1}, field(north, Experience::advantage), EPS);
  }

  @Test
  void whitensOverTheWholeBatch() {
    // After per-group mean removal: tic-tac-toe seat 0 [0.25, -0.25], Kuhn seat 0 [1.5, -1.5]
    // (as above). Whitening: batch mean 0, std sqrt((2 * 0.0625 + 2 * 2.25) / 4) = sqrt(1.15625).
    Trajectory kuhnWon = match(KUHN, step(turn(0, 1), 0, 0), step(turn(1, 1), 2, -2));
    Trajectory kuhnLost = match(KUHN, step(turn(0, 1), 0, 0), step(turn(1, 0), -1, 1));
    ExperienceBatch north = compute(AdvantageConfig.mars().withWhiten(true),
        new LearningMatch(lostOnOpponentsMove(), Map.of(0, "north")),
        new LearningMatch(kuhnWon, Map.of(0, "north")),
        new LearningMatch(kuhnLost, Map.of(0, "north"))).get("north");
    double std = Math.sqrt(1.15625);
    assertArrayEquals(new double[] {0.25 / std, -0.25 / std, 1.5 / std, -1.5 / std},
        field(north, Experience::advantage), EPS);
  }

  @Test
  void aSingleTurnGroupFallsBackToTheCoarserKeyAndWarnsOnce() {
    // Tic-tac-toe seat 0: r = [0, -1], its own group: A = [0, -0.5], advantages [0.25, -0.25].
    // One Kuhn turn of seat 0 with r = 2: its group, and the Kuhn game group, hold only it, so it
    // falls back to ALL (three turns): mean r = 1/3, r~ = 5/3 = A; mean A over all three turns
    // (0, -0.5, 5/3) is 7/18: advantage 5/3 - 7/18 = 23/18 (not 0).
    Trajectory kuhn = match(KUHN, chance(), step(turn(0, 1), 0, 0), step(turn(1, 1), 2, -2));
    MarsAdvantages mars = new MarsAdvantages(AdvantageConfig.mars());
    List<LearningMatch> batch = List.of(
        new LearningMatch(lostOnOpponentsMove(), Map.of(0, "north")), new LearningMatch(kuhn, Map.of(0, "north")));
    ExperienceBatch north = mars.compute(batch).get("north");
    assertArrayEquals(new double[] {0.25, -0.25, 23.0 / 18}, field(north, Experience::advantage), EPS);
    assertArrayEquals(new double[] {0, -0.5, 5.0 / 3}, field(north, Experience::returnToGo), EPS);
    assertEquals("*", north.experiences().get(2).groupKey());
    assertEquals("tic_tac_toe|seat=0", north.experiences().get(0).groupKey());

    mars.compute(batch); // the same fallback again: no second warning
    List<ILoggingEvent> warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertEquals(1, warnings.size(), "warned once: " + warnings);
    assertTrue(warnings.getFirst().getFormattedMessage().contains("kuhn_poker(players=2)|seat=0"),
        warnings.getFirst().getFormattedMessage());
  }

  @Test
  void singleTurnSeatsOfOneGameFallBackToTheGame() {
    // One Kuhn match, one turn per seat: each GAME_SEAT group holds one turn, the game group two.
    // r = [1, -1] (one per seat), game mean 0: r~ = A = r, mean A 0: advantages 1 and -1.
    Trajectory kuhn = match(KUHN, step(turn(0, 1), 0, 0), step(turn(1, 0), 1, -1));
    Map<String, ExperienceBatch> batches = compute(AdvantageConfig.mars(),
        new LearningMatch(kuhn, Map.of(0, "north", 1, "south")));
    assertEquals(1, batches.get("north").experiences().getFirst().advantage(), EPS);
    assertEquals(-1, batches.get("south").experiences().getFirst().advantage(), EPS);
    assertEquals(KUHN, batches.get("south").experiences().getFirst().groupKey());
  }

  @Test
  void aDrawIsWorthTheDrawReward() {
    // A drawn tic-tac-toe match (all rewards 0): the last turn of each seat gets 0.1.
    Trajectory draw = match(TTT,
        step(turn(0, 0), 0, 0), step(turn(1, 1), 0, 0), step(turn(0, 2), 0, 0), step(turn(1, 3), 0, 0));
    Map<String, ExperienceBatch> batches = compute(AdvantageConfig.mars().withDrawReward(0.1),
        new LearningMatch(draw, Map.of(0, "north", 1, "south")));
    assertArrayEquals(new double[] {0, 0.1}, field(batches.get("north"), Experience::reward), EPS);
    assertArrayEquals(new double[] {0, 0.1}, field(batches.get("south"), Experience::reward), EPS);
    // A decided match is not a draw.
    ExperienceBatch lost = compute(AdvantageConfig.mars().withDrawReward(0.1),
        new LearningMatch(lostOnOpponentsMove(), Map.of(0, "north"))).get("north");
    assertArrayEquals(new double[] {0, -1}, field(lost, Experience::reward), EPS);
  }

  @Test
  void onlyZeroSumAndConstantSumGamesDraw() {
    Trajectory tie = match(TTT, step(turn(0, 0), 0, 0), step(turn(1, 1), 0, 0));
    assertTrue(MarsAdvantages.isDraw(tie));
    assertTrue(MarsAdvantages.isDraw(tie.toBuilder().setReturns(1, -0.0).build()), "0 and -0 are equal");
    assertFalse(MarsAdvantages.isDraw(tie.toBuilder().setGame("negotiation").build()), "general-sum: no deal");
    assertFalse(MarsAdvantages.isDraw(tie.toBuilder().setGame("hanabi").build()), "identical utility");
    assertTrue(MarsAdvantages.isDraw(tie.toBuilder().setGame("not_a_registered_game").build()),
        "unknown game: equal zero returns");
    assertFalse(MarsAdvantages.isDraw(tie.toBuilder().setGame("not_a_registered_game")
        .setReturns(0, 3).setReturns(1, 3).build()), "unknown game: equal non-zero returns");
  }

  @Test
  void formatBonusAndViolationPenaltyCountAlsoForAForfeitedTurn() {
    // Seat 0: a clean turn (+0.05), a turn with one violation that still played (-0.5), then a
    // forfeit (one violation, -0.5, and the -11 penalty): r = [0.05, -0.5, -11.5], mean -3.98333...
    // r~ = r - mean; gamma 1: A2 = r~2, A1 = r~1 + r~2, A0 = r~0 + r~1 + r~2 = 0.
    // The forfeit has no action, so two experiences; their advantages remove the mean of all three A.
    Trajectory forfeit = match(TTT,
        step(turn(0, 0), 0, 0), step(turn(1, 1), 0, 0),
        step(retried(0, 2), 0, 0), step(turn(1, 3), 0, 0),
        step(forfeited(0), -11, 0));
    AdvantageConfig config = AdvantageConfig.mars().withFormatBonus(0.05).withViolationPenalty(-0.5);
    ExperienceBatch north = compute(config, new LearningMatch(forfeit, Map.of(0, "north"))).get("north");
    double mean = (0.05 - 0.5 - 11.5) / 3;
    double a2 = -11.5 - mean;
    double a1 = -0.5 - mean + a2;
    double a0 = 0.05 - mean + a1;
    double meanA = (a0 + a1 + a2) / 3;
    assertEquals(0, a0, 1e-12);
    assertArrayEquals(new double[] {0.05, -0.5}, field(north, Experience::reward), EPS);
    assertArrayEquals(new double[] {a0, a1}, field(north, Experience::returnToGo), 1e-12);
    assertArrayEquals(new double[] {a0 - meanA, a1 - meanA}, field(north, Experience::advantage), 1e-12);
    // The opponent's clean turns get the bonus.
    ExperienceBatch south = compute(config, new LearningMatch(forfeit, Map.of(1, "south"))).get("south");
    assertArrayEquals(new double[] {0.05, 0.05}, field(south, Experience::reward), EPS);
  }

  @Test
  void eachSeatAtASimultaneousStepHasItsOwnTurn() {
    // Two joint steps; the second gives (1, -1): seat 0 r = [0, 1], seat 1 r = [0, -1].
    Trajectory bids = match("goofspiel",
        joint(List.of(turn(0, 1), turn(1, 2)), 0, 0),
        joint(List.of(turn(0, 0), turn(1, 0)), 1, -1));
    Map<String, ExperienceBatch> batches = compute(AdvantageConfig.mars(),
        new LearningMatch(bids, Map.of(0, "north", 1, "south")));
    assertArrayEquals(new double[] {0, 1}, field(batches.get("north"), Experience::reward), EPS);
    assertArrayEquals(new double[] {0, -1}, field(batches.get("south"), Experience::reward), EPS);
    assertEquals(List.of(2, 0), batches.get("south").experiences().stream().map(Experience::action).toList());
  }

  @Test
  void theRoleIsTheOneWhoseOutputWasPlayed() {
    var refined = turn(0, 4).addRoles(RoleOutput.newBuilder().setRole(Role.ROLE_VERIFIER))
        .addRoles(RoleOutput.newBuilder().setRole(Role.ROLE_REFINER).setAction(5));
    refined.getActionBuilder().setIndex(5).setSource(ActionSource.ACTION_SOURCE_REFINER);
    Trajectory record = match(TTT, step(turn(0, 0), 0, 0), step(turn(1, 1), 0, 0),
        step(turn(0, 2), 0, 0), step(turn(1, 3), 0, 0), step(refined, 0, 0), step(turn(1, 6), -1, 1));
    ExperienceBatch north = compute(AdvantageConfig.mars().withGroupKey(GroupKey.GAME_ROLE),
        new LearningMatch(record, Map.of(0, "north"))).get("north");
    assertEquals(List.of(io.sparring.agents.Role.GENERATOR, io.sparring.agents.Role.GENERATOR,
        io.sparring.agents.Role.REFINER),
        north.experiences().stream().map(Experience::role).toList());
    assertEquals(List.of("tic_tac_toe|role=GENERATOR", "tic_tac_toe|role=GENERATOR", "tic_tac_toe"),
        north.experiences().stream().map(Experience::groupKey).toList(),
        "the refiner's group holds one turn, so it falls back to the game");
  }

  @Test
  void anEmptyBatchGivesNothing() {
    assertTrue(new MarsAdvantages(AdvantageConfig.mars()).compute(List.of()).isEmpty());
  }

  @Test
  void rejectsBadConfigurationsAndSeats() {
    assertThrows(IllegalArgumentException.class, () -> AdvantageConfig.mars().withGamma(1.5));
    assertThrows(IllegalArgumentException.class, () -> AdvantageConfig.mars().withDrawReward(Double.NaN));
    assertThrows(NullPointerException.class, () -> AdvantageConfig.mars().withGroupKey(null));
    IllegalArgumentException seat = assertThrows(IllegalArgumentException.class,
        () -> new LearningMatch(lostOnOpponentsMove(), Map.of(2, "north")));
    assertTrue(seat.getMessage().contains("seat 2"), seat.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new LearningMatch(Trajectory.getDefaultInstance(), Map.of(0, "north")));
  }

  @Test
  void marsDefaults() {
    assertEquals(new AdvantageConfig(1, 0, 0, 0, GroupKey.GAME_SEAT, false, false), AdvantageConfig.mars());
  }

  @Test
  void coarserKeysEndAtAll() {
    for (GroupKey key : GroupKey.values()) {
      GroupKey at = key;
      int hops = 0;
      while (at.coarser().isPresent()) {
        at = at.coarser().get();
        hops++;
      }
      assertEquals(GroupKey.ALL, at);
      assertTrue(hops <= 2, key + " takes " + hops + " hops");
    }
  }
}
