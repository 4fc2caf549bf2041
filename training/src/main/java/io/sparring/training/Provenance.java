package io.sparring.training;

import static java.util.Objects.requireNonNull;

/**
 * Where a snapshot came from: the learner's spec, the run's config (as text), the run seed, the
 * snapshot it was trained from, and how many games it had seen.
 */
public record Provenance(
    String learner, String game, String config, long seed, String parentSnapshot, long gamesSeen) {

  public Provenance {
    requireNonNull(learner);
    requireNonNull(game);
    requireNonNull(config);
    requireNonNull(parentSnapshot);
  }
}
