package io.sparring.core.game;

import java.util.List;

/**
 * What one seat may see of a state, as plain data: the text an LLM reads, the tensor a network
 * reads, and the seat's legal actions (empty when it is not to act) with their names and mask.
 */
public record Observation(
    int seat,
    String text,
    float[] tensor,
    List<Integer> legalActions,
    List<String> legalActionNames,
    boolean[] mask) {

  public Observation {
    legalActions = List.copyOf(legalActions);
    legalActionNames = List.copyOf(legalActionNames);
  }
}
