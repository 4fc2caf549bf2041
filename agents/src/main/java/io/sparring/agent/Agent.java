package io.sparring.agent;

import io.sparring.game.Observation;

/** Decides for one seat. It sees only that seat's {@link Observation}, never the full state. */
@FunctionalInterface
public interface Agent {

  /** Returns one of {@code observation.legalActions()}. */
  int act(Observation observation);
}
