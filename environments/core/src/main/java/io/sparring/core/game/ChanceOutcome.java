package io.sparring.core.game;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.random.RandomGenerator;

/** One outcome of a chance node and its probability. */
public record ChanceOutcome(int action, double probability) {

  public ChanceOutcome {
    checkArgument(probability > 0 && probability <= 1, "probability %s not in (0, 1]", probability);
  }

  /** Draws one outcome from a distribution. */
  public static int sample(List<ChanceOutcome> outcomes, RandomGenerator random) {
    double u = random.nextDouble();
    double cumulative = 0;
    for (ChanceOutcome outcome : outcomes) {
      cumulative += outcome.probability();
      if (u < cumulative) {
        return outcome.action();
      }
    }
    return outcomes.getLast().action(); // rounding left u above the last cumulative sum
  }
}
