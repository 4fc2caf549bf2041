package io.sparring.agents;

import java.util.Map;

/**
 * An agent whose choices follow a distribution it can state, so evaluators can measure it exactly
 * (exploitability, expected returns) instead of by sampling.
 */
public interface StochasticAgent extends Agent {

  /** The probability of each legal action for the view's seat; the values sum to 1. */
  Map<Integer, Double> actionProbabilities(SeatView view);
}
