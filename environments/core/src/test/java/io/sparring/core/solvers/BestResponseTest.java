package io.sparring.core.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BestResponseTest {
  private static final int PASS = 0;
  private static final int BET = 1;
  private final Game kuhn = Games.create("kuhn_poker");

  @Test
  void kuhnTreeHasFiftyEightNodesAndTwelveInformationSets() {
    GameTree tree = GameTree.build(kuhn);
    assertEquals(58, tree.numNodes());
    assertEquals(12, tree.numInfoSets());
  }

  @Test
  void uniformPolicyNashConvMatchesOpenSpiel() {
    // OpenSpiel's exploitability tests: 11/12 on Kuhn, 4.747222 on Leduc, 2.0625 on 3-player Kuhn.
    assertEquals(11.0 / 12, BestResponse.nashConv(kuhn, Policy.uniform()), 1e-9);
    assertEquals(11.0 / 24, BestResponse.exploitability(kuhn, Policy.uniform()), 1e-9);
    assertEquals(4.747222222222222,
        BestResponse.nashConv(Games.create("leduc_poker"), Policy.uniform()), 1e-9);
    assertEquals(2.0625,
        BestResponse.nashConv(Games.create("kuhn_poker(players=3)"), Policy.uniform()), 1e-9);
  }

  @Test
  void aKnownKuhnEquilibriumHasNashConvZeroAndValueMinusOneEighteenth() {
    // The equilibrium with alpha = 0 (Kuhn 1950): seat 0 never opens with a bet.
    TabularPolicy equilibrium = new TabularPolicy(List.of(
        Map.of(
            "seat 0 card J bets ", Map.of(PASS, 1.0),
            "seat 0 card Q bets ", Map.of(PASS, 1.0),
            "seat 0 card K bets ", Map.of(PASS, 1.0),
            "seat 0 card J bets pb", Map.of(PASS, 1.0),
            "seat 0 card Q bets pb", Map.of(PASS, 2.0 / 3, BET, 1.0 / 3),
            "seat 0 card K bets pb", Map.of(BET, 1.0)),
        Map.of(
            "seat 1 card J bets p", Map.of(PASS, 2.0 / 3, BET, 1.0 / 3),
            "seat 1 card Q bets p", Map.of(PASS, 1.0),
            "seat 1 card K bets p", Map.of(BET, 1.0),
            "seat 1 card J bets b", Map.of(PASS, 1.0),
            "seat 1 card Q bets b", Map.of(PASS, 2.0 / 3, BET, 1.0 / 3),
            "seat 1 card K bets b", Map.of(BET, 1.0))));
    GameTree tree = GameTree.build(kuhn);
    assertEquals(0, BestResponse.nashConv(tree, equilibrium), 1e-12);
    double[] values = BestResponse.expectedReturns(tree, equilibrium);
    assertEquals(-1.0 / 18, values[0], 1e-12);
    assertEquals(1.0 / 18, values[1], 1e-12);
  }

  @Test
  void bestResponsePolicyEarnsTheBestResponseValue() {
    GameTree tree = GameTree.build(kuhn);
    for (int seat = 0; seat < 2; seat++) {
      double value = BestResponse.value(tree, Policy.uniform(), seat);
      TabularPolicy response = BestResponse.policy(tree, Policy.uniform(), seat);
      assertEquals(value, BestResponse.expectedReturns(tree, response)[seat], 1e-12);
      response.table(seat).values().forEach(
          p -> assertEquals(1, p.values().stream().filter(x -> x == 1.0).count(), "pure " + p));
    }
    // Against uniform play seat 0 bluffs with a jack (-1/2 rather than -1) and calls with a king.
    TabularPolicy response = BestResponse.policy(tree, Policy.uniform(), 0);
    assertEquals(1.0, response.probabilities(0, "seat 0 card J bets ").orElseThrow().get(BET));
    assertEquals(1.0, response.probabilities(0, "seat 0 card K bets pb").orElseThrow().get(BET));
    assertEquals(1.0, response.probabilities(0, "seat 0 card J bets pb").orElseThrow().get(PASS));
  }

  @Test
  void anyPolicyIsAskedThroughTheGameApi() {
    // Always bet: a plain lambda, not a table, so the tree asks it on real states.
    Policy alwaysBet = (state, player) -> Map.of(BET, 1.0);
    double[] values = BestResponse.expectedReturns(kuhn, alwaysBet);
    assertEquals(0, values[0], 1e-12); // a pot of 4 won by the higher card: symmetric
    assertEquals(0, values[0] + values[1], 1e-12);
    Policy broken = (state, player) -> Map.of(BET, 0.5);
    assertThrows(IllegalArgumentException.class, () -> BestResponse.nashConv(kuhn, broken));
  }
}
