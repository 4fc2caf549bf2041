package io.sparring.training;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Registry;
import io.sparring.core.spec.Spec;

/** The registered learners, created from spec strings such as {@code tabular(learning_rate=0.5)}. */
public final class Learners {
  private static final Registry<LearnerProvider> REGISTRY =
      Registry.load(LearnerProvider.class, "learner");

  private Learners() {}

  public static Registry<LearnerProvider> registry() {
    return REGISTRY;
  }

  /** Creates a learner from a spec string; bad specs fail with a message listing what is valid. */
  public static Learner create(String spec, Game game, long seed) {
    return create(Spec.parse(spec), game, seed);
  }

  public static Learner create(Spec spec, Game game, long seed) {
    return REGISTRY.provider(spec.name()).create(REGISTRY.arguments(spec), game, seed);
  }

  /**
   * Checks a learner spec for a game as {@link #create} would, without creating the learner:
   * the name, the parameters, and the provider's own checks of their values.
   */
  public static void check(String spec, Game game) {
    Spec parsed = Spec.parse(spec);
    REGISTRY.provider(parsed.name()).check(REGISTRY.arguments(parsed), game);
  }

  /** The canonical form of a learner spec: its name and every parameter, defaults included. */
  public static String canonical(String spec) {
    return REGISTRY.arguments(Spec.parse(spec)).toSpec().toString();
  }
}
