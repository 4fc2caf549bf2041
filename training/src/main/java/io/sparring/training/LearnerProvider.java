package io.sparring.training;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Provider;

/**
 * Creates learners of one kind from checked spec arguments, e.g. {@code tabular(learning_rate=0.5)}.
 * Implementations are registered in {@code META-INF/services/io.sparring.training.LearnerProvider}.
 */
public interface LearnerProvider extends Provider {

  /**
   * A learner for {@code game}, starting from its initial policy (uniform for the tabular one);
   * any randomness it uses (initial weights, minibatch order) comes from {@code seed}.
   */
  Learner create(Arguments arguments, Game game, long seed);

  /**
   * Checks what {@link #create} would check of {@code arguments} for {@code game}, without creating
   * a learner (no weights, no native memory): a config is checked before its run starts. Throws
   * {@link io.sparring.core.spec.SpecException} (an {@link IllegalArgumentException}) where {@code
   * create} would refuse them. The default checks nothing beyond the registry's own checks.
   */
  default void check(Arguments arguments, Game game) {}
}
