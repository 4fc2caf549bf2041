package io.sparring.training;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Improves a policy from experience batches. Implementations see nothing but the batches: no game
 * tree, no solver, no opponent internals. A learner may hold native memory (a neural network's
 * weights); {@link #close} frees it, and the learner must not be used afterwards. Its frozen
 * policies stay usable.
 */
public interface Learner extends AutoCloseable {

  /** One update from a batch; returns what happened, for logs and the league's statistics. */
  UpdateStats learn(ExperienceBatch batch);

  /** The current policy; later updates may change what it returns. */
  LearnedPolicy policy();

  /** A frozen copy of the current policy, unaffected by later updates (a league snapshot). */
  LearnedPolicy freeze();

  /**
   * The current policy for playing many matches at once until the next update; by default {@link
   * #freeze()}. A neural learner with batched inference returns one that sends its forward passes
   * through one queue.
   */
  default LearnedPolicy player() {
    return freeze();
  }

  /** Writes the current policy as a snapshot directory; see {@link Snapshots}. */
  void save(Path directory, Provenance provenance) throws IOException;

  /** Frees what the learner holds outside the Java heap; nothing by default. */
  @Override
  default void close() {}

  /** Summary of one update. */
  record UpdateStats(int samples, double loss, double meanAdvantage, double entropy) {}
}
