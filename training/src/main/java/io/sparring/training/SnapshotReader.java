package io.sparring.training;

import io.sparring.core.spec.Provider;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the weights of one snapshot kind (its {@link #name()}, e.g. {@code tabular}) into a
 * policy. {@link Snapshots#load} picks the reader by the manifest's {@code kind}. Implementations
 * are registered in {@code META-INF/services/io.sparring.training.SnapshotReader}.
 */
public interface SnapshotReader extends Provider {

  /**
   * The policy stored in {@code directory}, whose manifest has already been read and checked.
   *
   * @throws SnapshotException when the weights are missing or corrupt
   */
  LearnedPolicy read(Path directory, SnapshotManifest manifest) throws IOException;
}
