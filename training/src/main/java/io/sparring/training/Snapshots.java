package io.sparring.training;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparring.core.spec.Registry;
import io.sparring.core.spec.SpecException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Policy snapshots: a directory holding {@code manifest.json} (format version, snapshot id, kind,
 * creation time, learner and game specs, provenance, the weights file's name, the content's
 * SHA-256 and, once published, the {@link SnapshotId}'s name and version) and the weights file,
 * whose format the kind defines. Learners write snapshots through {@link #write}, which is
 * atomic: everything goes into a hidden temporary directory beside the target, which is renamed to
 * the target only when complete, so a crash never leaves a half-written snapshot under the target
 * name. {@link #load} reads any kind a registered {@link SnapshotReader} knows.
 */
public final class Snapshots {
  /** The manifest layout this code writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  /** The manifest's file name inside a snapshot directory. */
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Registry<SnapshotReader> READERS =
      Registry.load(SnapshotReader.class, "snapshot kind");

  private Snapshots() {}

  /** Writes a kind's weights files into a directory (the temporary one {@link #write} made). */
  @FunctionalInterface
  public interface WeightsWriter {
    void write(Path directory) throws IOException;
  }

  /**
   * The policy stored in a snapshot directory, read by the reader of its manifest's kind.
   *
   * @throws SnapshotException naming the directory when it holds no readable snapshot
   */
  public static LearnedPolicy load(Path directory) throws IOException {
    SnapshotManifest manifest = manifest(directory);
    SnapshotReader reader;
    try {
      reader = READERS.provider(manifest.kind());
    } catch (SpecException unknown) {
      throw new SnapshotException("snapshot " + directory + " has kind '" + manifest.kind()
          + "', which this Sparring cannot read; known kinds: "
          + String.join(", ", READERS.providers().stream().map(SnapshotReader::name).toList()));
    }
    return reader.read(directory, manifest);
  }

  /**
   * Reads and checks a snapshot's manifest.
   *
   * @throws SnapshotException naming the directory and the problem: no manifest, invalid JSON, a
   *     missing or ill-typed field, or a format version other than {@link #FORMAT_VERSION}
   */
  public static SnapshotManifest manifest(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new SnapshotException("snapshot " + directory + " is not a directory");
    }
    Path file = directory.resolve(MANIFEST);
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException missing) {
      throw new SnapshotException("snapshot " + directory + " has no " + MANIFEST
          + " (not a snapshot directory)");
    } catch (JsonProcessingException corrupt) {
      throw new SnapshotException("snapshot " + directory + ": " + MANIFEST + " is not valid JSON: "
          + corrupt.getOriginalMessage(), corrupt);
    }
    if (root == null || !root.isObject()) {
      throw new SnapshotException("snapshot " + directory + ": " + MANIFEST + " is not a JSON object");
    }
    ManifestReader fields = new ManifestReader(directory);
    long version = fields.integer(root, "format_version");
    if (version != FORMAT_VERSION) {
      throw new SnapshotException("snapshot " + directory + " has format version " + version
          + "; this Sparring reads version " + FORMAT_VERSION);
    }
    JsonNode provenance = root.get("provenance");
    if (provenance == null || !provenance.isObject()) {
      throw new SnapshotException(
          "snapshot " + directory + ": " + MANIFEST + " has no 'provenance' object");
    }
    String created = fields.text(root, "created_at");
    Instant createdAt;
    try {
      createdAt = Instant.parse(created);
    } catch (DateTimeParseException bad) {
      throw new SnapshotException("snapshot " + directory + ": " + MANIFEST
          + " field 'created_at' is not an ISO-8601 instant: '" + created + "'");
    }
    String weights = fields.text(root, "weights");
    if (!SnapshotManifest.isPlainFileName(weights)) {
      throw new SnapshotException("snapshot " + directory + ": " + MANIFEST
          + " field 'weights' must name a file in the snapshot, got '" + weights + "'");
    }
    long gamesSeen = fields.integer(provenance, "games_seen");
    if (gamesSeen < 0) {
      throw new SnapshotException("snapshot " + directory + ": " + MANIFEST
          + " field 'games_seen' is negative: " + gamesSeen);
    }
    String kind = fields.text(root, "kind");
    Provenance origin = new Provenance(
        fields.text(root, "learner"),
        fields.text(root, "game"),
        fields.text(provenance, "config"),
        fields.integer(provenance, "seed"),
        fields.text(provenance, "parent_snapshot"),
        gamesSeen);
    // Snapshots written before the sha256 field have the same content hash, computed here.
    String sha256 = root.has("sha256") ? fields.text(root, "sha256") : sha256(kind, weights, origin, directory);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new SnapshotException("snapshot " + directory + ": " + MANIFEST
          + " field 'sha256' must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
    Optional<SnapshotId> id = Optional.empty();
    if (root.has("name")) {
      try {
        id = Optional.of(new SnapshotId(fields.text(root, "name"), fields.integer(root, "version"), sha256));
      } catch (IllegalArgumentException invalid) {
        throw new SnapshotException("snapshot " + directory + ": " + MANIFEST + " " + invalid.getMessage());
      }
    }
    return new SnapshotManifest((int) version, fields.text(root, "snapshot_id"), kind, createdAt, origin,
        weights, sha256, id);
  }

  /**
   * Gives a snapshot its name and version, once, right after it is written and before anyone is
   * told of it (the league names each snapshot before recording it). The manifest is replaced
   * atomically; the content and so the sha256 stay as they are.
   *
   * @return the snapshot's identity
   * @throws IllegalStateException when the snapshot already has another name or version
   */
  public static SnapshotId name(Path directory, String name, long version) throws IOException {
    SnapshotManifest manifest = manifest(directory);
    SnapshotId id = new SnapshotId(name, version, manifest.sha256());
    if (manifest.id().isPresent()) {
      if (!manifest.id().get().equals(id)) {
        throw new IllegalStateException("snapshot " + directory + " is already " + manifest.id().get());
      }
      return id;
    }
    SnapshotManifest named = new SnapshotManifest(manifest.formatVersion(), manifest.snapshotId(),
        manifest.kind(), manifest.createdAt(), manifest.provenance(), manifest.weights(),
        manifest.sha256(), Optional.of(id));
    Path target = directory.toAbsolutePath().normalize();
    Path temporary = target.resolveSibling("." + target.getFileName() + "." + MANIFEST + ".partial-"
        + ProcessHandle.current().pid());
    try {
      Files.write(temporary, JSON.writeValueAsBytes(toJson(named)));
      force(temporary);
      Files.move(temporary, target.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      force(target);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return id;
  }

  /**
   * Writes a snapshot atomically: the weights (by {@code weights}) and then the manifest go into a
   * temporary directory beside {@code directory}, every file is flushed to disk, and the temporary
   * directory is renamed to {@code directory}. Missing parent directories are created.
   *
   * @param directory the snapshot directory; it must not exist yet (snapshots are immutable)
   * @param kind the weights format; a {@link SnapshotReader} of that name must be registered
   * @param weightsFile the name of the weights file {@code weights} writes
   * @param provenance where the policy came from; its learner and game specs go into the manifest
   * @return the manifest written, with the snapshot id
   * @throws FileAlreadyExistsException when {@code directory} exists
   */
  public static SnapshotManifest write(
      Path directory, String kind, String weightsFile, Provenance provenance, WeightsWriter weights)
      throws IOException {
    READERS.provider(kind); // fails naming the known kinds: nobody could read this snapshot
    checkArgument(SnapshotManifest.isPlainFileName(weightsFile) && !weightsFile.equals(MANIFEST),
        "the weights file must be a plain file name other than %s, got '%s'", MANIFEST, weightsFile);
    Path target = directory.toAbsolutePath().normalize();
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null,
          "snapshot directory already exists (snapshots are never overwritten)");
    }
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path temporary = createPartialDirectory(target);
    try {
      weights.write(temporary);
      if (!Files.isRegularFile(temporary.resolve(weightsFile))) {
        throw new IllegalStateException("the " + kind + " writer did not write " + weightsFile);
      }
      String sha256 = sha256(kind, weightsFile, provenance, temporary);
      SnapshotManifest manifest = new SnapshotManifest(FORMAT_VERSION, kind + "-" + sha256.substring(0, 16),
          kind, Instant.now(), provenance, weightsFile, sha256, Optional.empty());
      Files.write(temporary.resolve(MANIFEST), JSON.writeValueAsBytes(toJson(manifest)));
      try (Stream<Path> files = Files.list(temporary)) {
        for (Path file : files.toList()) {
          if (Files.isRegularFile(file)) {
            force(file);
          }
        }
      }
      force(temporary);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      force(parent);
      return manifest;
    } catch (IOException | RuntimeException failed) {
      deleteRecursively(temporary);
      throw failed;
    }
  }

  private static ObjectNode toJson(SnapshotManifest manifest) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", manifest.formatVersion());
    root.put("snapshot_id", manifest.snapshotId());
    root.put("kind", manifest.kind());
    root.put("created_at", manifest.createdAt().toString());
    root.put("learner", manifest.learner());
    root.put("game", manifest.game());
    ObjectNode provenance = root.putObject("provenance");
    provenance.put("config", manifest.provenance().config());
    provenance.put("seed", manifest.provenance().seed());
    provenance.put("parent_snapshot", manifest.provenance().parentSnapshot());
    provenance.put("games_seen", manifest.provenance().gamesSeen());
    root.put("weights", manifest.weights());
    root.put("sha256", manifest.sha256());
    manifest.id().ifPresent(id -> {
      root.put("name", id.name());
      root.put("version", id.version());
    });
    return root;
  }

  /**
   * The SHA-256 (64 hex digits) over the kind, the provenance and every file of the snapshot but
   * the manifest (names and bytes): the same policy from the same run gets the same hash whenever
   * it is written, and neither the creation time nor the name changes it. The manifest's {@code
   * snapshot_id} is the kind and its first 16 digits.
   */
  private static String sha256(String kind, String weightsFile, Provenance provenance,
      Path directory) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every Java platform has SHA-256", impossible);
    }
    for (String field : List.of(kind, weightsFile, provenance.learner(), provenance.game(),
        provenance.config(), Long.toString(provenance.seed()), provenance.parentSnapshot(),
        Long.toString(provenance.gamesSeen()))) {
      digest.update(field.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().equals(MANIFEST))
          .sorted().toList()) {
        digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(file));
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * A new hidden directory beside the target, {@code .NAME.partial-PID-N}. Unlike a temporary
   * directory it gets the user's usual permissions (the umask), which the renamed snapshot keeps.
   */
  private static Path createPartialDirectory(Path target) throws IOException {
    String prefix = "." + target.getFileName() + ".partial-" + ProcessHandle.current().pid() + "-";
    for (long n = System.nanoTime(); ; n++) {
      try {
        return Files.createDirectory(target.resolveSibling(prefix + Long.toHexString(n)));
      } catch (FileAlreadyExistsException taken) {
        // another writer's; try the next name
      }
    }
  }

  /** Flushes a file or directory to the disk, where the platform allows it. */
  private static void force(Path path) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException notSupported) {
      // Some platforms cannot open or sync directories; the rename is still atomic there.
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // Best effort: a leftover hidden .partial directory is never taken for a snapshot.
    }
  }

  /** Reads required manifest fields with messages that name the snapshot and the field. */
  private record ManifestReader(Path directory) {

    String text(JsonNode node, String field) throws SnapshotException {
      JsonNode value = node.get(field);
      if (value == null || !value.isTextual()) {
        throw problem(field, "a string", value);
      }
      return value.textValue();
    }

    long integer(JsonNode node, String field) throws SnapshotException {
      JsonNode value = node.get(field);
      if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
        throw problem(field, "an integer", value);
      }
      return value.longValue();
    }

    private SnapshotException problem(String field, String expected, JsonNode value) {
      return new SnapshotException("snapshot " + directory + ": " + MANIFEST + " field '" + field
          + "' must be " + expected + (value == null ? ", but it is missing" : ", got " + value));
    }
  }
}
