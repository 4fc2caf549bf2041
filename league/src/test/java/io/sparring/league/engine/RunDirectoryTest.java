package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.sparring.league.config.ConfigException;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.ConfigChangeRow;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.league.store.LeagueStore.PlayerRow;
import io.sparring.league.store.PlayerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run directory moves and copies freely, refuses unsafe config edits, and has one writer at a time. */
class RunDirectoryTest {
  private static final List<String> KEYS = List.of("game=kuhn_poker",
      "match_seeds=public", /* two runs compared must deal alike */ "matches=1500", "batch_matches=500",
      "threads=1", "ratings.bootstrap=0", "players.0.snapshot_every=1", "evaluation.every=1");
  private static final LeagueConfig CONFIG = ConfigLoader.load(null, KEYS);
  @TempDir Path dir;
  private List<List<Double>> whole;

  @BeforeEach
  void playTheWholeRun() throws Exception {
    try (League league = League.start(CONFIG, dir.resolve("whole"))) {
      league.run().forEach(r -> {});
      whole = returns(league);
    }
  }

  private static List<List<Double>> returns(League league) throws Exception {
    return league.store().matches().stream().map(MatchRow::returns).toList();
  }

  /** A run stopped after {@code batches} batches. */
  private Path stopped(String name, int batches) throws Exception {
    Path run = dir.resolve(name);
    try (League league = League.start(CONFIG, run)) {
      league.run().limit(batches).forEach(r -> {});
    }
    return run;
  }

  @Test
  void aMovedRunResumesWithItsOwnSnapshotsAndStoresPathsRelativeToItself() throws Exception {
    Path original = stopped("original", 2);
    Path moved = dir.resolve("elsewhere").resolve("moved");
    Files.createDirectories(moved.getParent());
    Files.move(original, moved);
    try (League league = League.resume(moved)) {
      league.run().forEach(r -> {});
      assertEquals(whole, returns(league));
      for (PlayerRow p : league.store().players()) {
        if (p.kind() == PlayerKind.SNAPSHOT) {
          assertEquals("snapshots/" + p.id(), p.path());
          assertEquals(moved.resolve("snapshots").resolve(p.id()), League.snapshotDirectory(moved, p));
        }
      }
    }
  }

  @Test
  void aCopiedRunNeverReadsTheOriginalsSnapshots() throws Exception {
    Path original = stopped("original", 2);
    Path copy = dir.resolve("copy");
    copyTree(original, copy);
    try (League league = League.resume(copy)) {
      for (PlayerRow p : league.store().players()) {
        if (p.kind() == PlayerKind.SNAPSHOT) {
          assertTrue(League.snapshotDirectory(copy, p).startsWith(copy), p.path());
        }
      }
    }
    MoreFiles.deleteRecursively(copy.resolve("snapshots").resolve("main-b2"), RecursiveDeleteOption.ALLOW_INSECURE);
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> League.resume(copy));
    assertTrue(missing.getMessage().contains("snapshot main-b2 of " + copy + " is missing"), missing.getMessage());
  }

  @Test
  void anEditedConfigIsRefusedNamingTheKeysUnlessAllowedAndThenRecorded() throws Exception {
    Path run = stopped("edited", 1);
    Path configFile = run.resolve(League.CONFIG_FILE);
    edit(configFile, "seed=2", "baseline_rate=0.5");
    ConfigException refused = assertThrows(ConfigException.class, () -> League.resume(run));
    assertTrue(refused.getMessage().contains("seed, baseline_rate"), refused.getMessage());
    assertTrue(refused.getMessage().contains("--allow-config-change"), refused.getMessage());
    try (LeagueStore store = LeagueStore.openReadOnly(run)) {
      assertEquals(List.of(), store.configChanges(), "a refused resume records nothing");
    }
    try (League league = League.resume(run, true, executor -> executor)) {
      List<ConfigChangeRow> changes = league.store().configChanges();
      assertEquals(1, changes.size());
      assertEquals("seed,baseline_rate", changes.getFirst().keys());
      assertEquals(1, changes.getFirst().afterBatch());
    }
    // once accepted, the edited config is the run's; resuming again needs no flag
    try (League league = League.resume(run)) {
      assertEquals(2L, league.config().seed());
    }
  }

  @Test
  void aChangeIsRecordedOnlyWhenTheResumeSucceeds() throws Exception {
    Path run = stopped("failing", 2);
    edit(run.resolve(League.CONFIG_FILE), "baseline_rate=0.5");
    MoreFiles.deleteRecursively(run.resolve("snapshots").resolve("main-b1"), RecursiveDeleteOption.ALLOW_INSECURE);
    assertThrows(IllegalStateException.class, () -> League.resume(run, true, executor -> executor));
    try (LeagueStore store = LeagueStore.openReadOnly(run)) {
      assertEquals(List.of(), store.configChanges());
      assertEquals(CONFIG.baselineRate(), ConfigLoader.parse(store.meta("config").orElseThrow(), "store")
          .baselineRate());
    }
  }

  @Test
  void fewerMatchesThanWerePlayedIsNoSafeChange() throws Exception {
    Path run = stopped("shortened", 2);
    edit(run.resolve(League.CONFIG_FILE), "matches=600");
    ConfigException refused = assertThrows(ConfigException.class, () -> League.resume(run));
    assertTrue(refused.getMessage().contains("matches (600 is fewer than the 1000 played)"), refused.getMessage());
  }

  @Test
  void safeKeysMayChangeOnResumeAndTheRunStaysExact() throws Exception {
    Path run = stopped("safe", 2);
    Path configFile = run.resolve(League.CONFIG_FILE);
    edit(configFile, "threads=2", "evaluation.every=3");
    try (League league = League.resume(run)) {
      league.run().forEach(r -> {});
      assertEquals(whole, returns(league));
      assertEquals("threads,evaluation.every", league.store().configChanges().getFirst().keys());
    }
  }

  @Test
  void aRunHasOneWriterAndReadersNeedNoLock() throws Exception {
    Path run = stopped("busy", 1);
    try (League writer = League.resume(run)) {
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> League.resume(run));
      assertTrue(refused.getMessage().contains("process " + ProcessHandle.current().pid()), refused.getMessage());
      try (LeagueStore reader = LeagueStore.openReadOnly(run)) {
        assertEquals(500, reader.matchCount());
        assertEquals(500, writer.store().matchCount());
      }
    }
    try (League again = League.resume(run)) { // the lock went with the writer
      assertEquals(1, again.store().completedBatches());
    }
  }

  /** Writes the run's config with some keys changed, as a user editing config.yaml would. */
  private static void edit(Path configFile, String... changes) throws Exception {
    List<String> keys = new ArrayList<>(KEYS);
    keys.addAll(List.of(changes));
    Files.writeString(configFile, ConfigLoader.toYaml(ConfigLoader.load(null, keys)));
  }

  private static void copyTree(Path from, Path to) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = new ArrayList<>(walk.toList());
    }
    for (Path file : files) {
      Path target = to.resolve(from.relativize(file).toString());
      if (Files.isDirectory(file)) {
        Files.createDirectories(target);
      } else if (!file.getFileName().toString().equals("league.lock")) {
        Files.copy(file, target);
      }
    }
  }
}
