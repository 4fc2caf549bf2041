package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.League;
import io.sparring.league.engine.Standings;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.MatchRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code sparring league run} process with SIGKILL in the middle of a batch, resumes
 * it, and checks the result against a run that was never interrupted.
 */
class KilledLeagueTest {
  private static final int BATCH = 10_000;
  private static final List<String> SETTINGS = List.of("game=kuhn_poker",
      "match_seeds=public", /* the whole run it is compared with must deal alike */
      "matches=30000", "batch_matches=" + BATCH, "threads=1", "evaluation.every=1", "ratings.bootstrap=20", "players.0.snapshot_every=1");

  @TempDir Path dir;

  @Test
  void aRunKilledMidBatchResumesWithoutLosingOrRepeatingAMatch() throws Exception {
    Path killed = dir.resolve("killed");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "io.sparring.cli.Main", "league", "run", "--run-dir", killed.toString()));
    SETTINGS.forEach(s -> command.addAll(List.of("--set", s)));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("killed.log").toFile())
        .start();
    long storedAtKill;
    try {
      storedAtKill = waitForMidSecondBatch(killed.resolve(LeagueStore.FILE), process);
    } finally {
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the database
      process.waitFor(30, TimeUnit.SECONDS);
    }

    LeagueConfig config = ConfigLoader.load(null, SETTINGS);
    try (League resumed = League.resume(killed)) {
      assertEquals(1, resumed.store().completedBatches(), "the kill came after batch 1 was complete");
      long kept = resumed.store().matchCount();
      assertTrue(kept >= storedAtKill && kept < 2 * BATCH,
          "kept " + kept + " matches; " + storedAtKill + " were stored when the process was killed");
      resumed.run().forEach(r -> {});
      assertEquals(3, resumed.store().completedBatches());
    }

    Path whole = dir.resolve("whole");
    try (League league = League.start(config, whole)) {
      league.run().forEach(r -> {});
    }
    try (LeagueStore a = LeagueStore.open(killed); LeagueStore b = LeagueStore.open(whole)) {
      List<MatchRow> resumedMatches = a.matches();
      List<MatchRow> wholeMatches = b.matches();
      assertEquals(30_000, resumedMatches.size());
      assertEquals(30_000, resumedMatches.stream().mapToLong(MatchRow::index).distinct().count());
      assertEquals(summary(wholeMatches), summary(resumedMatches));
      assertEquals(b.evaluations(), a.evaluations(), "learning after the resume took the same path");
      assertEquals(Standings.compute(b, config).rows(), Standings.compute(a, config).rows());
    }
  }

  /** Polls the database until the second batch is under way, and returns the matches stored then. */
  private static long waitForMidSecondBatch(Path database, Process process) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), "the league process ended before it could be killed");
      if (Files.exists(database)) {
        long stored = count(database);
        if (stored > BATCH) {
          assertTrue(stored < 2 * BATCH, "missed the second batch: " + stored + " matches stored");
          return stored;
        }
      }
      Thread.sleep(2);
    }
    throw new AssertionError("the league process stored no second-batch match within 3 minutes");
  }

  private static long count(Path database) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=1000");
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM matches")) {
        return r.next() ? r.getLong(1) : 0;
      }
    } catch (SQLException schemaNotYetCreated) {
      if (String.valueOf(schemaNotYetCreated.getMessage()).contains("no such table")) {
        return 0;
      }
      throw schemaNotYetCreated;
    }
  }

  /** What must not differ between the runs: who played match i, with which seed, and the result. */
  private static List<String> summary(List<MatchRow> matches) {
    return matches.stream()
        .map(m -> m.index() + " " + m.batch() + " " + m.seed() + " " + m.seats() + " " + m.returns())
        .toList();
  }
}
