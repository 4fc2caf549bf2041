package io.sparring.training;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a snapshot is. People read the name and version, written as a label ({@code main-b20}: the
 * player {@code main} as it was after its 20th batch); machines compare the SHA-256 of the
 * snapshot's content ({@link SnapshotManifest#sha256}), which names cannot fake or collide on.
 * This is the one place that builds and parses labels.
 *
 * @param name the player's name: a letter, then letters, digits, '_' and '-'
 * @param version the batch the snapshot was taken after (a league's versions grow with its batches)
 * @param sha256 64 lower-case hex digits
 */
public record SnapshotId(String name, long version, String sha256) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  // Greedy: a name may itself contain "-b1", the version is the last "-b" and digits.
  private static final Pattern LABEL = Pattern.compile("(" + NAME + ")-b(\\d{1,18})");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public SnapshotId {
    checkArgument(NAME.matcher(name).matches(), "a snapshot name is a letter, then letters, digits,"
        + " '_' and '-', got '%s'", name);
    checkArgument(version >= 0, "a snapshot version is not negative, got %s", version);
    checkArgument(SHA256.matcher(sha256).matches(), "a snapshot sha256 is 64 lower-case hex digits,"
        + " got '%s'", sha256);
  }

  /** What people see: {@code NAME-bVERSION}. */
  public static String label(String name, long version) {
    checkArgument(NAME.matcher(name).matches() && version >= 0, "no snapshot label for %s, %s", name, version);
    return name + "-b" + version;
  }

  /** The identity of a label ({@code main-b20}) with the content's SHA-256. */
  public static SnapshotId parse(String label, String sha256) {
    Matcher m = LABEL.matcher(label);
    checkArgument(m.matches(), "'%s' is not a snapshot label (NAME-bVERSION)", label);
    return new SnapshotId(m.group(1), Long.parseLong(m.group(2)), sha256);
  }

  /** The name in a label ({@code main} of {@code main-b20}). */
  public static String nameOf(String label) {
    Matcher m = LABEL.matcher(label);
    checkArgument(m.matches(), "'%s' is not a snapshot label (NAME-bVERSION)", label);
    return m.group(1);
  }

  public String label() {
    return label(name, version);
  }

  @Override
  public String toString() {
    return label() + "@" + sha256.substring(0, 12);
  }
}
