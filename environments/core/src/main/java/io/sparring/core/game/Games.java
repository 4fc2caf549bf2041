package io.sparring.core.game;

import io.sparring.core.spec.Registry;
import io.sparring.core.spec.Spec;

/** The registered games, created from spec strings such as {@code kuhn_poker(players=3)}. */
public final class Games {
  private static final Registry<GameProvider> REGISTRY = Registry.load(GameProvider.class, "game");

  private Games() {}

  public static Registry<GameProvider> registry() {
    return REGISTRY;
  }

  /** Creates a game from a spec string; bad specs fail with a message listing what is valid. */
  public static Game create(String spec) {
    return create(Spec.parse(spec));
  }

  public static Game create(Spec spec) {
    return REGISTRY.provider(spec.name()).create(REGISTRY.arguments(spec));
  }
}
