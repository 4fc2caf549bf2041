package io.sparring.core.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.Policy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CfrTest {
  private final Game kuhn = Games.create("kuhn_poker");

  @Test
  void cfrPlusSolvesKuhnWithinTwoHundredIterations() {
    Cfr cfr = Cfr.plus(kuhn);
    cfr.iterate(200);
    assertEquals(200, cfr.iterations());
    assertTrue(cfr.exploitability() <= 1e-3, "exploitability " + cfr.exploitability());
  }

  @Test
  void cfrPlusAverageEarnsKuhnsGameValue() {
    Cfr cfr = Cfr.plus(kuhn);
    cfr.iterate(1000);
    double[] values = BestResponse.expectedReturns(cfr.tree(), cfr.averagePolicy());
    assertEquals(-1.0 / 18, values[0], 1e-3);
    assertEquals(1.0 / 18, values[1], 1e-3);
    // At equilibrium seat 1 with a king facing a bet always calls.
    Map<Integer, Double> kingFacingBet =
        cfr.averagePolicy().probabilities(1, "seat 1 card K bets b").orElseThrow();
    assertEquals(1, kingFacingBet.get(1), 1e-3);
  }

  @Test
  void vanillaCfrConvergesWithEitherUpdateScheme() {
    for (Cfr.Updates updates : Cfr.Updates.values()) {
      Cfr cfr = Cfr.vanilla(GameTree.build(kuhn), updates);
      double start = cfr.nashConv();
      assertEquals(11.0 / 12, start, 1e-9); // no iterations yet: the uniform average
      cfr.iterate(1000);
      assertTrue(cfr.exploitability() < 0.01, updates + ": " + cfr.exploitability());
    }
  }

  @Test
  void averagePolicyIsATableWithUniformDefaults() {
    Cfr cfr = Cfr.plus(kuhn);
    cfr.iterate(10);
    TabularPolicy policy = cfr.averagePolicy();
    assertEquals(12, policy.size());
    assertEquals(6, policy.table(0).size());
    assertEquals(Map.of(0, 0.5, 1, 0.5),
        new TabularPolicy(java.util.List.of()).actionProbabilities(kuhnDecision(), 0));
    assertEquals(12, cfr.currentPolicy().size());
  }

  private io.sparring.core.game.State kuhnDecision() {
    io.sparring.core.game.State state = kuhn.newInitialState(0);
    state.apply(0);
    state.apply(1);
    return state;
  }

  @Test
  void threePlayerKuhnNashConvFalls() {
    Cfr cfr = Cfr.plus(Games.create("kuhn_poker(players=3)"));
    assertEquals(2.0625, BestResponse.nashConv(cfr.tree(), Policy.uniform()), 1e-9);
    cfr.iterate(500);
    assertTrue(cfr.nashConv() < 0.05, "3-player NashConv " + cfr.nashConv());
  }

  @Test
  void cfrPlusShrinksLeducExploitability() {
    Game leduc = Games.create("leduc_poker");
    long start = System.nanoTime();
    GameTree tree = GameTree.build(leduc);
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    Cfr cfr = Cfr.plus(tree);
    double uniform = BestResponse.exploitability(tree, Policy.uniform());
    start = System.nanoTime();
    cfr.iterate(1000);
    double seconds = (System.nanoTime() - start) / 1e9;
    double exploitability = cfr.exploitability();
    System.out.printf(
        "Leduc: tree of %d nodes, %d information sets built in %.3f s; CFR+ 1000 iterations in"
            + " %.3f s (%.0f it/s); exploitability %.6f (uniform %.6f)%n",
        tree.numNodes(), tree.numInfoSets(), buildSeconds, seconds, 1000 / seconds,
        exploitability, uniform);
    assertEquals(4.747222222222222 / 2, uniform, 1e-9);
    assertTrue(exploitability < 0.01, "exploitability " + exploitability);
  }
}
