package io.sparring.training.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.training.LearnedPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable softmax policy over a table of logits, one row of {@code numActions} logits per
 * information-state key: π(a | key) = exp(z[key][a]) / Σ_{b legal} exp(z[key][b]) over the legal
 * actions. A key without a row plays uniformly.
 */
final class TabularSoftmaxPolicy implements LearnedPolicy {
  private final int numActions;
  private final Map<String, double[]> logits;

  /** Copies {@code logits}; every row must have {@code numActions} finite values. */
  TabularSoftmaxPolicy(int numActions, Map<String, double[]> logits) {
    checkArgument(numActions > 0, "a policy needs actions, got %s", numActions);
    Map<String, double[]> copy = new TreeMap<>();
    logits.forEach((key, row) -> {
      checkArgument(row.length == numActions, "row '%s' has %s logits, expected %s", key, row.length,
          numActions);
      for (double z : row) {
        checkArgument(Double.isFinite(z), "row '%s' has a non-finite logit %s", key, z);
      }
      copy.put(key, row.clone());
    });
    this.numActions = numActions;
    this.logits = Collections.unmodifiableMap(copy);
  }

  @Override
  public Map<Integer, Double> probabilities(
      String informationStateKey, float[] informationState, List<Integer> legalActions) {
    return softmax(logits.get(informationStateKey), legalActions, numActions);
  }

  int numActions() {
    return numActions;
  }

  /** The rows, sorted by key; callers must not change the arrays. */
  Map<String, double[]> logits() {
    return logits;
  }

  /**
   * The softmax of a row over the legal actions, in their order; uniform (exactly 1/n each) for a
   * missing row. The largest logit is subtracted first, so large logits cannot overflow.
   */
  static Map<Integer, Double> softmax(double[] row, List<Integer> legal, int numActions) {
    checkArgument(!legal.isEmpty(), "no legal actions");
    Map<Integer, Double> probabilities = new LinkedHashMap<>();
    for (int a : legal) {
      checkArgument(a >= 0 && a < numActions, "action %s is outside 0..%s", a, numActions - 1);
    }
    if (row == null) {
      legal.forEach(a -> probabilities.put(a, 1.0 / legal.size()));
      return Collections.unmodifiableMap(probabilities);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int a : legal) {
      max = Math.max(max, row[a]);
    }
    double sum = 0;
    double[] weights = new double[legal.size()];
    for (int i = 0; i < legal.size(); i++) {
      weights[i] = Math.exp(row[legal.get(i)] - max);
      sum += weights[i];
    }
    for (int i = 0; i < legal.size(); i++) {
      probabilities.put(legal.get(i), weights[i] / sum);
    }
    return Collections.unmodifiableMap(probabilities);
  }
}
