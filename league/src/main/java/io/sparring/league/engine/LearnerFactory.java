package io.sparring.league.engine;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Spec;
import io.sparring.training.Learner;
import io.sparring.training.Learners;

/**
 * Makes a league player's learner. The default makes every kind from the learner registry; a
 * delivery layer that serves trainers gives one that makes {@code external(...)} learners bound to
 * its server and the rest from the registry.
 */
@FunctionalInterface
public interface LearnerFactory {
  /** Every learner from the registry; an external one there refuses to be made without a server. */
  LearnerFactory REGISTRY = (player, spec, game, seed) -> Learners.create(spec, game, seed);

  /** The learner of league player {@code player}, from its spec, for {@code game}, seeded by {@code seed}. */
  Learner create(String player, Spec spec, Game game, long seed);
}
