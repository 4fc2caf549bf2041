package io.sparring.training;

import java.util.List;
import java.util.Map;

/** What a learner produces: a distribution over legal actions from an information state. */
public interface LearnedPolicy {

  /**
   * The probability of each legal action; the values sum to 1 and illegal actions get none.
   *
   * @param informationStateKey the seat's information-state key (tabular policies read this)
   * @param informationState the seat's information-state tensor (neural policies read this)
   * @param legalActions the legal actions, sorted
   */
  Map<Integer, Double> probabilities(
      String informationStateKey, float[] informationState, List<Integer> legalActions);
}
