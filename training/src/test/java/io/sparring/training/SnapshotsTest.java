package io.sparring.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsTest {
  private static final Game KUHN = Games.create("kuhn_poker");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Learner trained;

  @TempDir Path temp;

  @BeforeAll
  static void train() {
    trained = Learners.create("tabular(learning_rate=0.5)", KUHN, 0);
    SelfPlay selfPlay = new SelfPlay(KUHN, trained);
    for (int i = 0; i < 20; i++) {
      selfPlay.iterate(100, i * 100L);
    }
  }

  private static Provenance provenance(long gamesSeen) {
    return new Provenance("tabular(learning_rate=0.5)", "kuhn_poker", "league:\n  game: kuhn_poker\n",
        42, "tabular-0123456789abcdef", gamesSeen);
  }

  private Path saved(String name) throws IOException {
    Path directory = temp.resolve(name);
    trained.save(directory, provenance(2000));
    return directory;
  }

  private static ObjectNode manifestJson(Path directory) throws IOException {
    return (ObjectNode) JSON.readTree(directory.resolve(Snapshots.MANIFEST).toFile());
  }

  private static void writeManifest(Path directory, JsonNode manifest) throws IOException {
    Files.write(directory.resolve(Snapshots.MANIFEST), JSON.writeValueAsBytes(manifest));
  }

  private static String loadFailure(Path directory) {
    return assertThrows(SnapshotException.class, () -> Snapshots.load(directory)).getMessage();
  }

  @Test
  void aSavedSnapshotLoadsWithIdenticalProbabilities() throws IOException {
    LearnedPolicy loaded = Snapshots.load(saved("snap"));
    LearnedPolicy frozen = trained.freeze();
    boolean learnedSomething = false;
    for (InformationStates.Point point : InformationStates.of(KUHN)) {
      var expected = frozen.probabilities(point.key(), point.tensor(), point.legal());
      assertEquals(expected, loaded.probabilities(point.key(), point.tensor(), point.legal()), point.key());
      learnedSomething |= expected.values().stream().anyMatch(p -> Math.abs(p - 0.5) > 0.05);
    }
    assertTrue(learnedSomething, "the snapshot should hold a policy that is not uniform");
  }

  @Test
  void theManifestRecordsKindSpecsProvenanceTimeAndId() throws IOException {
    Instant before = Instant.now();
    Path directory = saved("snap");
    JsonNode json = manifestJson(directory);
    assertEquals(1, json.get("format_version").intValue());
    assertEquals("tabular", json.get("kind").textValue());
    assertEquals("tabular(learning_rate=0.5, entropy=0.0, gradient=vanilla)", json.get("learner").textValue());
    assertEquals("kuhn_poker(players=2)", json.get("game").textValue());
    assertEquals("league:\n  game: kuhn_poker\n", json.at("/provenance/config").textValue());
    assertEquals(42, json.at("/provenance/seed").longValue());
    assertEquals("tabular-0123456789abcdef", json.at("/provenance/parent_snapshot").textValue());
    assertEquals(2000, json.at("/provenance/games_seen").longValue());
    assertEquals("logits.json", json.get("weights").textValue());
    assertTrue(json.get("snapshot_id").textValue().matches("tabular-[0-9a-f]{16}"), json.toString());
    Instant created = Instant.parse(json.get("created_at").textValue());
    assertFalse(created.isBefore(before.minus(Duration.ofSeconds(1))));

    SnapshotManifest manifest = Snapshots.manifest(directory);
    assertEquals(json.get("snapshot_id").textValue(), manifest.snapshotId());
    assertEquals("tabular(learning_rate=0.5, entropy=0.0, gradient=vanilla)", manifest.learner());
    assertEquals(2000, manifest.provenance().gamesSeen());
    assertEquals(created, manifest.createdAt());
  }

  @Test
  void theIdDependsOnWeightsAndProvenanceButNotOnTime() throws IOException {
    String first = Snapshots.manifest(saved("a")).snapshotId();
    String again = Snapshots.manifest(saved("b")).snapshotId();
    assertEquals(first, again);
    Path other = temp.resolve("c");
    trained.save(other, provenance(2001));
    assertNotEquals(first, Snapshots.manifest(other).snapshotId());
    Learner untrained = Learners.create("tabular(learning_rate=0.5)", KUHN, 0);
    Path uniform = temp.resolve("d");
    untrained.save(uniform, provenance(2000));
    assertNotEquals(first, Snapshots.manifest(uniform).snapshotId());
  }

  @Test
  void namingRecordsNameAndVersionAndKeepsTheContentHash() throws IOException {
    Path directory = saved("main-b20");
    SnapshotManifest written = Snapshots.manifest(directory);
    assertTrue(written.sha256().startsWith(written.snapshotId().substring("tabular-".length())));
    assertTrue(written.id().isEmpty());
    SnapshotId id = Snapshots.name(directory, "main", 20);
    assertEquals(new SnapshotId("main", 20, written.sha256()), id);
    SnapshotManifest named = Snapshots.manifest(directory);
    assertEquals(java.util.Optional.of(id), named.id());
    assertEquals(written.snapshotId(), named.snapshotId());
    assertEquals("main", manifestJson(directory).get("name").textValue());
    assertEquals(20, manifestJson(directory).get("version").longValue());
    assertEquals(id, Snapshots.name(directory, "main", 20), "naming again with the same name is a no-op");
    assertThrows(IllegalStateException.class, () -> Snapshots.name(directory, "main", 21));
    try (Stream<Path> entries = Files.list(temp)) {
      assertEquals(List.of(directory), entries.toList(), "no partial manifest is left behind");
    }
  }

  @Test
  void aManifestWithoutSha256GetsTheHashItWouldHaveBeenWrittenWith() throws IOException {
    Path directory = saved("old");
    String sha256 = Snapshots.manifest(directory).sha256();
    ObjectNode json = manifestJson(directory);
    json.remove("sha256");
    writeManifest(directory, json);
    assertEquals(sha256, Snapshots.manifest(directory).sha256());
    Files.writeString(directory.resolve("logits.json"), "{\"actions\": 2, \"logits\": {}}");
    assertNotEquals(sha256, Snapshots.manifest(directory).sha256(), "the hash covers the weights");
  }

  @Test
  void aMissingDirectoryOrManifestSaysSo() throws IOException {
    assertTrue(loadFailure(temp.resolve("nowhere")).contains("is not a directory"));
    Path empty = Files.createDirectory(temp.resolve("empty"));
    String message = loadFailure(empty);
    assertTrue(message.contains("has no manifest.json") && message.contains(empty.toString()), message);
  }

  @Test
  void aCorruptManifestSaysWhatIsWrong() throws IOException {
    Path directory = saved("snap");
    Files.writeString(directory.resolve(Snapshots.MANIFEST), "{\"format_version\": 1, \"kind\": ");
    assertTrue(loadFailure(directory).contains("manifest.json is not valid JSON"));

    Files.writeString(directory.resolve(Snapshots.MANIFEST), "[1, 2]");
    assertTrue(loadFailure(directory).contains("is not a JSON object"));

    Path missingField = saved("missing");
    ObjectNode json = manifestJson(missingField);
    json.remove("kind");
    writeManifest(missingField, json);
    String message = loadFailure(missingField);
    assertTrue(message.contains("field 'kind' must be a string, but it is missing"), message);

    Path badSeed = saved("seed");
    json = manifestJson(badSeed);
    ((ObjectNode) json.get("provenance")).put("seed", "forty-two");
    writeManifest(badSeed, json);
    message = loadFailure(badSeed);
    assertTrue(message.contains("field 'seed' must be an integer, got \"forty-two\""), message);

    Path escaping = saved("escaping");
    json = manifestJson(escaping);
    json.put("weights", "../elsewhere.json");
    writeManifest(escaping, json);
    assertTrue(loadFailure(escaping).contains("field 'weights' must name a file in the snapshot"));
  }

  @Test
  void anUnsupportedFormatVersionIsRefused() throws IOException {
    Path directory = saved("snap");
    ObjectNode json = manifestJson(directory);
    json.put("format_version", 2);
    writeManifest(directory, json);
    String message = loadFailure(directory);
    assertTrue(message.contains("has format version 2; this Sparring reads version 1"), message);
  }

  @Test
  void anUnknownKindNamesTheKnownOnes() throws IOException {
    Path directory = saved("snap");
    ObjectNode json = manifestJson(directory);
    json.put("kind", "transformer");
    writeManifest(directory, json);
    String message = loadFailure(directory);
    assertTrue(message.contains("has kind 'transformer', which this Sparring cannot read; known kinds: agent, mlp, tabular"),
        message);
  }

  @Test
  void missingOrCorruptWeightsAreReported() throws IOException {
    Path missing = saved("missing");
    Files.delete(missing.resolve("logits.json"));
    assertTrue(loadFailure(missing).contains("has no weights file logits.json"));

    Path corrupt = saved("corrupt");
    Files.writeString(corrupt.resolve("logits.json"), "{\"actions\": 2, \"logits\": {\"k\": [1.0]}}");
    String message = loadFailure(corrupt);
    assertTrue(message.contains("the row of 'k' must be an array of 2 numbers"), message);

    Files.writeString(corrupt.resolve("logits.json"), "{\"actions\": 2, \"logits\": {\"k\": [1.0, \"x\"]}}");
    assertTrue(loadFailure(corrupt).contains("not a finite number"));

    Files.writeString(corrupt.resolve("logits.json"), "{\"actions\": 2}");
    assertTrue(loadFailure(corrupt).contains("an object 'logits'"));
  }

  @Test
  void anExistingDirectoryIsNeverOverwritten() throws IOException {
    Path directory = saved("snap");
    String id = Snapshots.manifest(directory).snapshotId();
    assertThrows(FileAlreadyExistsException.class, () -> trained.save(directory, provenance(1)));
    assertEquals(id, Snapshots.manifest(directory).snapshotId());
    try (Stream<Path> entries = Files.list(temp)) {
      assertEquals(List.of(directory), entries.toList(), "no partial directory is left behind");
    }
  }

  @Test
  void aFailedWriteLeavesNeitherTheSnapshotNorAPartialDirectory() throws IOException {
    Path directory = temp.resolve("runs/main/snap");
    assertThrows(UncheckedIOException.class, () -> Snapshots.write(directory, "tabular", "logits.json",
        provenance(0), partial -> {
          Files.writeString(partial.resolve("logits.json"), "{\"actions\": 2, \"logi");
          throw new UncheckedIOException(new IOException("disk full"));
        }));
    assertFalse(Files.exists(directory));
    try (Stream<Path> entries = Files.list(directory.getParent())) {
      assertEquals(List.of(), entries.toList());
    }
  }

  @Test
  void provenanceMustNameThisLearnerAndGame() {
    Exception game = assertThrows(IllegalArgumentException.class, () -> trained.save(temp.resolve("x"),
        new Provenance("tabular(learning_rate=0.5)", "kuhn_poker(players=3)", "", 0, "", 0)));
    assertTrue(game.getMessage().contains("kuhn_poker(players=3)"), game.getMessage());
    Exception learner = assertThrows(IllegalArgumentException.class, () -> trained.save(temp.resolve("y"),
        new Provenance("tabular(learning_rate=0.1)", "kuhn_poker", "", 0, "", 0)));
    assertTrue(learner.getMessage().contains("learning_rate=0.1"), learner.getMessage());
    assertFalse(Files.exists(temp.resolve("x")) || Files.exists(temp.resolve("y")));
  }
}
