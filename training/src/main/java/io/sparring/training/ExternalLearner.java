package io.sparring.training;

import io.sparring.proto.v1.ExperienceBatch;

/**
 * A learner whose learning happens in a trainer outside the league (docs/trainers.md). The league
 * offers it each batch's experience as {@code sparring.v1.ExperienceBatch} messages instead of
 * calling {@link #learn}, asks it before each batch which version to play (waiting while the
 * trainer is too far behind), and snapshots every version it plays, so the versions a trainer
 * publishes become the player's snapshots.
 */
public interface ExternalLearner extends Learner {

  /**
   * Waits until batch {@code batch} may be played (the trainer is within its staleness bound and
   * has room for more experience), then returns the version to play in it.
   */
  Version awaitBatch(int batch) throws InterruptedException;

  /** Hands over the experience of a batch; never blocks. Sequences acknowledged already are dropped. */
  void offer(ExperienceBatch experience);

  /** The last experience sequence number the trainer acknowledged (0: none). */
  long acknowledged();

  /**
   * After a resume, before the stored batches are offered again: what the trainer had acknowledged,
   * and the version last played, as its snapshot held it.
   */
  void restore(long acknowledged, long version, LearnedPolicy policy);

  /** An external learner learns in its trainer: the league offers experience instead. */
  @Override
  default UpdateStats learn(io.sparring.training.ExperienceBatch batch) {
    throw new UnsupportedOperationException("an external learner learns in its trainer; offer() its experience");
  }

  /**
   * A published version: its number (0 is the initial policy), the policy to play, and how to write
   * it as a snapshot of {@code kind} whose weights file is {@code weightsFile}.
   */
  record Version(long number, LearnedPolicy policy, String kind, String weightsFile, Snapshots.WeightsWriter weights) {}
}
