package io.sparring.training;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A player that is an agent spec rather than a distribution: a version of an LLM player published
 * by an external trainer is {@code llm(..., model='policy@3')}. The league plays it by creating the
 * agent; it cannot be queried for probabilities, so it is never evaluated exactly.
 *
 * @param agent the agent spec, e.g. {@code llm(base_url='http://127.0.0.1:8000/v1', model='policy@3')}
 */
public record AgentPolicy(String agent) implements LearnedPolicy {

  public AgentPolicy {
    requireNonNull(agent);
  }

  @Override
  public Map<Integer, Double> probabilities(String informationStateKey, float[] informationState,
      List<Integer> legalActions) {
    throw new UnsupportedOperationException("the agent " + agent + " plays; it has no probabilities to query");
  }
}
