package io.sparring.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import org.junit.jupiter.api.Test;

/**
 * Learning without the league: the tabular learner improves Kuhn poker by self-play, with each
 * turn's advantage its seat's match return minus the batch's mean return for that seat. NashConv
 * of the uniform policy is 0.9167; of an equilibrium, 0. The runs are deterministic (fixed seeds),
 * and each prints its curve.
 */
class KuhnSelfPlayLearningTest {
  private static final Game KUHN = Games.create("kuhn_poker");
  private static final double UNIFORM = 11.0 / 12;

  /** Runs self-play and returns the final NashConv, printing it every {@code every} iterations. */
  private static double run(String spec, int gamesPerBatch, int iterations, int every) {
    return new SelfPlay(KUHN, Learners.create(spec, KUHN, 0))
        .train(spec + ", " + gamesPerBatch + " games per batch", gamesPerBatch, iterations, every);
  }

  @Test
  void theDefaultLearnerFallsFarBelowUniformWithinTenThousandGames() {
    double nashConv = run("tabular", 100, 100, 20);
    assertTrue(nashConv < 0.45, "NashConv " + nashConv + " (uniform " + UNIFORM + ")");
  }

  @Test
  void anEntropyBonusReachesLowExploitability() {
    double nashConv = run("tabular(learning_rate=0.5, entropy=0.1)", 1000, 150, 25);
    assertTrue(nashConv < 0.12, "NashConv " + nashConv);
  }

  @Test
  void learningRateZeroIsANegativeControl() {
    double nashConv = run("tabular(learning_rate=0, entropy=0.1)", 100, 50, 25);
    assertEquals(UNIFORM, nashConv, 1e-12);
  }
}
