package io.sparring.agents;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Provider;

/** Creates agents of one backend from checked spec arguments. */
public interface AgentProvider extends Provider {

  /**
   * An agent for {@code game}; every random choice it makes comes from {@code seed}, so a match
   * with the same seeds replays exactly.
   */
  Agent create(Arguments arguments, Game game, long seed);
}
