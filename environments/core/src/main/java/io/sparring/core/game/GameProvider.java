package io.sparring.core.game;

import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Provider;

/**
 * Creates a game from checked arguments. Register implementations in {@code
 * META-INF/services/io.sparring.core.game.GameProvider}; the conformance kit then tests them.
 */
public interface GameProvider extends Provider {

  Game create(Arguments arguments);

  /** How many random playouts the conformance kit runs on this game (at least 100). */
  default int conformancePlayouts() {
    return 1000;
  }
}
