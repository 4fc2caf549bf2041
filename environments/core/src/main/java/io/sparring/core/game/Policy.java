package io.sparring.core.game;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A distribution over a player's legal actions, for solvers, evaluation and agents. Policies of
 * imperfect-information games must depend only on the player's information state.
 */
@FunctionalInterface
public interface Policy {

  /** Probability of each legal action of {@code player} in {@code state}; the values sum to 1. */
  Map<Integer, Double> actionProbabilities(State state, int player);

  /** Every legal action equally likely. */
  static Policy uniform() {
    return (state, player) -> {
      List<Integer> legal = state.legalActions(player);
      Map<Integer, Double> probabilities = new LinkedHashMap<>();
      legal.forEach(a -> probabilities.put(a, 1.0 / legal.size()));
      return probabilities;
    };
  }

  /** Draws one action from this policy. */
  default int sample(State state, int player, RandomGenerator random) {
    Map<Integer, Double> probabilities = actionProbabilities(state, player);
    double u = random.nextDouble();
    double cumulative = 0;
    int last = -1;
    for (Map.Entry<Integer, Double> entry : probabilities.entrySet()) {
      cumulative += entry.getValue();
      last = entry.getKey();
      if (u < cumulative) {
        return last;
      }
    }
    if (last < 0) {
      throw new IllegalStateException("player " + player + " has no legal action to sample");
    }
    return last;
  }
}
