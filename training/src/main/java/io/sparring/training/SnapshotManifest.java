package io.sparring.training;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The contents of a snapshot's {@code manifest.json}; see {@link Snapshots} and docs/training.md.
 *
 * @param formatVersion the manifest layout version ({@link Snapshots#FORMAT_VERSION})
 * @param snapshotId a content hash of the weights and provenance, prefixed by the kind (e.g.
 *     {@code tabular-3f09c2a1b4d5e6f7}); equal ids mean equal policies and provenance
 * @param kind the weights format, which picks the {@link SnapshotReader} (e.g. {@code tabular})
 * @param createdAt when the snapshot was written (not part of the id)
 * @param provenance the learner spec, game spec, run config, seed, parent snapshot, games seen
 * @param weights the weights file inside the snapshot directory
 * @param sha256 the full SHA-256 that {@code snapshotId} shows the start of: the content's identity
 * @param id the name and version whoever published the snapshot gave it ({@link Snapshots#name}),
 *     with the same sha256; empty until then
 */
public record SnapshotManifest(
    int formatVersion,
    String snapshotId,
    String kind,
    Instant createdAt,
    Provenance provenance,
    String weights,
    String sha256,
    Optional<SnapshotId> id) {

  public SnapshotManifest {
    requireNonNull(snapshotId);
    requireNonNull(kind);
    requireNonNull(createdAt);
    requireNonNull(provenance);
    requireNonNull(weights);
    requireNonNull(sha256);
    checkArgument(id.isEmpty() || id.get().sha256().equals(sha256),
        "the snapshot's id %s is not of its content %s", id, sha256);
    checkArgument(isPlainFileName(weights), "weights must be a file name in the snapshot, got '%s'",
        weights);
  }

  /** The canonical spec of the learner that wrote the snapshot. */
  public String learner() {
    return provenance.learner();
  }

  /** The canonical spec of the game the policy plays. */
  public String game() {
    return provenance.game();
  }

  static boolean isPlainFileName(String name) {
    return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
        && name.indexOf('\\') < 0;
  }
}
