package io.sparring.agents;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Registry;
import io.sparring.core.spec.Spec;

/** The registered agent backends, created from spec strings such as {@code random}. */
public final class Agents {
  private static final Registry<AgentProvider> REGISTRY =
      Registry.load(AgentProvider.class, "agent");

  private Agents() {}

  public static Registry<AgentProvider> registry() {
    return REGISTRY;
  }

  public static Agent create(String spec, Game game, long seed) {
    return create(Spec.parse(spec), game, seed);
  }

  public static Agent create(Spec spec, Game game, long seed) {
    return REGISTRY.provider(spec.name()).create(REGISTRY.arguments(spec), game, seed);
  }
}
