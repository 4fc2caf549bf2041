package io.sparring.league.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.spec.Spec;
import io.sparring.league.store.LeagueStore.EvaluationRow;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.league.store.LeagueStore.PlayerRow;
import io.sparring.proto.v1.Trajectory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The store's contract, on SQLite and on a real PostgreSQL server (skipped without one, failed under CI). */
class LeagueStoreTest {
  private static final String GAME = "kuhn_poker(players=2)";
  private static final String POLICY = "penalty(value=-11.0, others=0.0)";
  @TempDir Path dir;
  private final List<Path> created = new ArrayList<>();

  static Stream<String> backends() {
    return Stream.of("sqlite", "postgresql");
  }

  private LeagueStore create(String backend, Path run) throws Exception {
    created.add(run);
    return LeagueStore.create(run, server(backend), GAME, POLICY);
  }

  private static Optional<String> server(String backend) {
    if (backend.equals("sqlite")) {
      return Optional.empty();
    }
    Postgres.assumeAvailable();
    return Postgres.url();
  }

  @AfterEach
  void dropSchemas() throws Exception {
    for (Path run : created) {
      Postgres.dropRunSchema(run);
    }
  }

  static List<MatchRow> matches(int batch, long firstIndex, int count) {
    Game game = Games.create(GAME);
    List<MatchRow> rows = new ArrayList<>();
    for (long index = firstIndex; index < firstIndex + count; index++) {
      List<Seating> seatings = List.of(new Seating(List.of(0), Spec.of("random"), ""),
          new Seating(List.of(1), Spec.of("random"), ""));
      Trajectory record = MatchRunner.play(new MatchConfig(game, 1000 + index, seatings,
          ViolationPolicy.parse(POLICY), Optional.empty(), String.valueOf(index)));
      rows.add(new MatchRow(index, batch, List.of("random", "random"), record.getReturnsList(), record));
    }
    return rows;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void everythingWrittenReadsBack(String backend) throws Exception {
    Path run = dir.resolve("run");
    List<MatchRow> first = matches(1, 0, 50);
    List<MatchRow> second = matches(2, 50, 30);
    try (LeagueStore store = create(backend, run)) {
      store.addPlayer(new PlayerRow("main", PlayerKind.LEARNER, "tabular", "", 0, ""));
      store.addPlayer(new PlayerRow("random", PlayerKind.BASELINE, "random", "", 0, ""));
      store.addMatches(first);
      store.completeBatch(1, 50, 0.5, List.of(), Map.of("main", 1210.0, "random", 1190.0));
      store.addMatches(second);
      store.addEvaluation(new EvaluationRow(1, "main", "exploitability", 0.3));
      store.addEvaluation(new EvaluationRow(1, "main", "exploitability", 0.2)); // replaces
    }
    try (LeagueStore store = LeagueStore.open(run)) {
      assertEquals(List.of("main", "random"), store.players().stream().map(PlayerRow::id).toList());
      assertEquals(80, store.matchCount());
      assertEquals(1, store.completedBatches());
      assertEquals(first.size(), store.matchIndices(1).size());
      List<MatchRow> read = store.matches();
      for (int i = 0; i < 80; i++) {
        MatchRow written = i < 50 ? first.get(i) : second.get(i - 50);
        MatchRow back = read.get(i);
        assertEquals(written.index(), back.index());
        assertEquals(written.returns(), back.returns());
        assertEquals(written.seats(), back.seats());
        // compact records keep no latency for a seat's lone agent: a wall-clock diagnostic, not a move
        assertEquals(Latencies.cleared(written.trajectory()), back.trajectory(), "match " + i + " reads back");
      }
      assertEquals(second.stream().map(MatchRow::index).toList(),
          store.matches(2).stream().map(MatchRow::index).toList());
      assertEquals(read.get(57), store.match(57).orElseThrow());
      assertTrue(store.match(80).isEmpty());
      assertEquals(List.of(new EvaluationRow(1, "main", "exploitability", 0.2)), store.evaluations());
      assertEquals(Map.of("main", 1210.0, "random", 1190.0), store.ratingHistory().get(1));
      assertEquals(80, store.results().size());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aStoreOfANewerSchemaIsRefusedNamingBothVersions(String backend) throws Exception {
    Path run = dir.resolve("run");
    try (LeagueStore store = create(backend, run)) {
      store.setMeta("schema_version", "99");
    }
    StoreException refused = assertThrows(StoreException.class, () -> LeagueStore.open(run));
    assertTrue(refused.getMessage().contains("schema version 99"), refused.getMessage());
    assertTrue(refused.getMessage().contains("1 to " + LeagueStore.SCHEMA_VERSION), refused.getMessage());
    assertThrows(StoreException.class, () -> LeagueStore.openReadOnly(run));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aSecondStoreInTheSameRunDirectoryIsRefused(String backend) throws Exception {
    Path run = dir.resolve("run");
    try (LeagueStore store = create(backend, run)) {
      assertTrue(LeagueStore.exists(run));
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> create(backend, run));
      assertTrue(refused.getMessage().contains("already holds a league"), refused.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aReaderSeesCommittedMatchesWhileTheWriterIsOpen(String backend) throws Exception {
    Path run = dir.resolve("run");
    try (LeagueStore writer = create(backend, run)) {
      writer.addMatches(matches(1, 0, 10));
      try (LeagueStore reader = LeagueStore.openReadOnly(run)) {
        assertEquals(10, reader.matchCount());
        writer.addMatches(matches(1, 10, 5));
        assertEquals(15, reader.matchCount());
      }
    }
  }

  @org.junit.jupiter.api.Test
  void recordsAreStoredCompactly() throws Exception {
    Path run = dir.resolve("run");
    List<MatchRow> later = matches(2, 200, 400);
    long full = later.stream().mapToLong(r -> r.trajectory().getSerializedSize()).sum();
    try (LeagueStore store = create("sqlite", run)) {
      store.addMatches(matches(1, 0, 200)); // the first matches give the dictionary
      store.addMatches(later);
    }
    long stored;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + run.resolve(LeagueStore.FILE));
        Statement s = c.createStatement();
        var r = s.executeQuery("SELECT SUM(LENGTH(record)), MIN(codec) FROM matches WHERE batch = 2")) {
      r.next();
      stored = r.getLong(1);
      assertEquals(RecordCodec.DEFLATED, r.getInt(2), "every record deflated against the dictionary");
    }
    System.out.printf("Kuhn records of random agents: %.0f bytes full, %.0f stored%n", full / 400.0,
        stored / 400.0);
    assertTrue(stored * 20 < full, "stored " + stored + " bytes of " + full);
  }

  @org.junit.jupiter.api.Test
  void aTruncatedDatabaseIsReportedWithItsPathAndWhatToDo() throws Exception {
    Path run = dir.resolve("run");
    try (LeagueStore store = create("sqlite", run)) {
      store.addMatches(matches(1, 0, 300));
    }
    Path file = run.resolve(LeagueStore.FILE);
    try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() / 2);
    }
    StoreException refused = assertThrows(StoreException.class, () -> LeagueStore.open(run));
    assertTrue(refused.getMessage().startsWith(file.toString()), refused.getMessage());
    assertTrue(refused.getMessage().contains("corrupt or truncated"), refused.getMessage());
    assertTrue(refused.getMessage().contains("Restore"), refused.getMessage());
  }

  @org.junit.jupiter.api.Test
  void anEmptyOrForeignFileIsNoLeague() throws Exception {
    Path empty = dir.resolve("empty");
    java.nio.file.Files.createDirectories(empty);
    java.nio.file.Files.createFile(empty.resolve(LeagueStore.FILE));
    StoreException refused = assertThrows(StoreException.class, () -> LeagueStore.open(empty));
    assertTrue(refused.getMessage().contains("is empty"), refused.getMessage());

    Path foreign = dir.resolve("foreign");
    java.nio.file.Files.createDirectories(foreign);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign.resolve(LeagueStore.FILE));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (text TEXT)");
    }
    refused = assertThrows(StoreException.class, () -> LeagueStore.openReadOnly(foreign));
    assertTrue(refused.getMessage().contains("is not a league database"), refused.getMessage());

    Path file = dir.resolve("a-file");
    java.nio.file.Files.writeString(file, "x");
    IllegalStateException notADirectory = assertThrows(IllegalStateException.class, () -> LeagueStore.open(file));
    assertTrue(notADirectory.getMessage().contains("is a file, not a run directory"), notADirectory.getMessage());
    assertFalse(LeagueStore.exists(dir.resolve("nothing")));
  }

  @org.junit.jupiter.api.Test
  void aPasswordInTheUrlIsRefusedBeforeAnythingIsWrittenAndNeverEchoed() {
    Path run = dir.resolve("run");
    for (String url : List.of("jdbc:postgresql://127.0.0.1/db?user=a&password=secret",
        "jdbc:postgresql://a:secret@127.0.0.1/db", "postgresql://a:secret@127.0.0.1/db")) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> LeagueStore.create(run, Optional.of(url), GAME, POLICY));
      assertFalse(refused.getMessage().contains("secret"), refused.getMessage());
      assertFalse(LeagueStore.exists(run));
      assertNull(run.toFile().listFiles());
    }
  }

  @org.junit.jupiter.api.Test
  void aStorePropertiesFileIsDataNeverSql() throws Exception {
    Path run = java.nio.file.Files.createDirectories(dir.resolve("run"));
    java.nio.file.Files.writeString(run.resolve(LeagueStore.SERVER_FILE),
        "url=jdbc:postgresql://127.0.0.1/db\nschema=run_x\"; DROP SCHEMA public CASCADE; --\n");
    StoreException refused = assertThrows(StoreException.class, () -> LeagueStore.openReadOnly(run));
    assertTrue(refused.getMessage().contains("names no usable store"), refused.getMessage());
  }
}
