package io.sparring.training;

import io.sparring.core.game.Policy;
import java.util.Collections;
import java.util.LinkedHashMap;
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

  /**
   * This policy as the game API's {@link Policy}, read from each seat's information state, so that
   * solvers can evaluate it (e.g. {@code BestResponse.nashConv(game, learned.asGamePolicy())}).
   */
  default Policy asGamePolicy() {
    return (state, player) -> probabilities(state.informationStateKey(player),
        state.informationStateTensor(player), state.legalActions(player));
  }

  /**
   * A policy that reads only the information-state tensor, never the key. Under perfect information
   * an agent can then play it from the seat's observation without copying the state (a copy of a long
   * physical match replays its whole history).
   */
  @FunctionalInterface
  interface OfTensor extends LearnedPolicy {

    Map<Integer, Double> probabilities(float[] informationState, List<Integer> legalActions);

    @Override
    default Map<Integer, Double> probabilities(
        String informationStateKey, float[] informationState, List<Integer> legalActions) {
      return probabilities(informationState, legalActions);
    }
  }

  /** Every legal action equally likely, whatever the information state. */
  static LearnedPolicy uniform() {
    return (key, tensor, legal) -> {
      Map<Integer, Double> probabilities = new LinkedHashMap<>();
      legal.forEach(a -> probabilities.put(a, 1.0 / legal.size()));
      return Collections.unmodifiableMap(probabilities);
    };
  }
}
