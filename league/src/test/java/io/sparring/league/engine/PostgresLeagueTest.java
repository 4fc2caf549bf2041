package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.store.Latencies;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.league.store.Postgres;
import io.sparring.league.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same league on SQLite and on a real PostgreSQL server: the same matches, standings and resume. */
class PostgresLeagueTest {
  private static final LeagueConfig CONFIG = ConfigLoader.load(null, List.of("game=kuhn_poker",
      "match_seeds=public", /* two runs compared must deal alike */ "matches=2000",
      "batch_matches=500", "threads=1", "ratings.bootstrap=50", "players.0.snapshot_every=1", "evaluation.every=2"));
  @TempDir Path dir;

  @BeforeEach
  void needsAServer() {
    Postgres.assumeAvailable();
  }

  @AfterEach
  void dropSchemas() throws Exception {
    for (String run : List.of("postgres", "stopped")) {
      Postgres.dropRunSchema(dir.resolve(run));
    }
  }

  @Test
  void theSameLeagueOnSqliteAndPostgresqlGivesTheSameMatchesAndStandings() throws Exception {
    List<MatchRow> onSqlite;
    Standings sqliteStandings;
    try (League league = League.start(CONFIG, dir.resolve("sqlite"))) {
      league.run().forEach(r -> {});
      onSqlite = league.store().matches();
      sqliteStandings = Standings.compute(league.store(), CONFIG);
    }
    Path run = dir.resolve("postgres");
    try (League league = League.start(CONFIG, run, Postgres.url(), UnaryOperator.identity())) {
      league.run().forEach(r -> {});
      assertEquals(Latencies.cleared(onSqlite), Latencies.cleared(league.store().matches()));
      assertEquals(sqliteStandings.rows(), Standings.compute(league.store(), CONFIG).rows());
    }
    assertTrue(Files.exists(run.resolve(LeagueStore.SERVER_FILE)));
    assertFalse(Files.exists(run.resolve(LeagueStore.FILE)));
    String properties = Files.readString(run.resolve(LeagueStore.SERVER_FILE));
    assertFalse(properties.toLowerCase().contains("password="), properties);
    try (LeagueStore reader = LeagueStore.openReadOnly(run)) {
      assertEquals(2000, reader.matchCount());
      assertEquals(sqliteStandings.rows(), Standings.compute(reader, CONFIG).rows());
    }
  }

  @Test
  void aStoppedRunOnPostgresqlResumesExactlyAndHasOneWriter() throws Exception {
    List<List<Double>> whole;
    try (League league = League.start(CONFIG, dir.resolve("whole"))) {
      league.run().forEach(r -> {});
      whole = league.store().matches().stream().map(MatchRow::returns).toList();
    }
    Path run = dir.resolve("stopped");
    try (League league = League.start(CONFIG, run, Postgres.url(), UnaryOperator.identity())) {
      league.run().limit(2).forEach(r -> {});
    }
    try (League league = League.resume(run)) {
      assertThrows(IllegalStateException.class, () -> LeagueStore.open(run), "the schema has one writer");
      league.run().forEach(r -> {});
      assertEquals(whole, league.store().matches().stream().map(MatchRow::returns).toList());
    }
  }

  @Test
  void aCopyOfARunOnPostgresqlIsRefusedWhileTheOriginalIsThereAndAMovedOneIsFollowed() throws Exception {
    Path run = dir.resolve("postgres");
    try (League league = League.start(CONFIG, run, Postgres.url(), UnaryOperator.identity())) {
      league.run().limit(1).forEach(r -> {});
    }
    Path copy = dir.resolve("copy");
    Files.createDirectories(copy);
    try (var files = Files.list(run)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> LeagueStore.open(copy));
    assertTrue(refused.getMessage().contains("is a copy of " + run.toAbsolutePath()), refused.getMessage());
    Path moved = dir.resolve("moved");
    Files.move(run, moved);
    try (LeagueStore store = LeagueStore.open(moved)) {
      assertEquals(moved.toAbsolutePath().toString(), store.meta("run_directory").orElseThrow());
    }
    Files.move(moved, run); // for the schema's cleanup
  }

  @Test
  void anUnreachableServerIsReportedAndLeavesNoRun() {
    Path run = dir.resolve("nowhere");
    StoreException refused = assertThrows(StoreException.class, () -> League.start(CONFIG, run,
        Optional.of("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2"), UnaryOperator.identity()));
    assertTrue(refused.getMessage().contains("cannot connect to the league store at jdbc:postgresql://127.0.0.1:1"),
        refused.getMessage());
    String password = System.getenv(LeagueStore.PASSWORD_ENV);
    if (password != null && !password.isEmpty()) {
      assertFalse(refused.getMessage().contains(password), "the password is never printed");
    }
    assertFalse(LeagueStore.exists(run));
  }
}
