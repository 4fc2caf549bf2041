package io.sparring.training;

import java.io.IOException;

/**
 * A snapshot that cannot be read: no manifest, a corrupt one, an unsupported format version, an
 * unknown kind, or missing or corrupt weights. The message names the snapshot directory.
 */
public final class SnapshotException extends IOException {
  private static final long serialVersionUID = 1L;

  public SnapshotException(String message) {
    super(message);
  }

  public SnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
