package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.league.store.LeagueStore.PlayerRow;
import io.sparring.league.store.PlayerKind;
import io.sparring.training.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run directory written before snapshots had a content hash still resumes and shows its standings. */
class OldRunDirectoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void aRunWithoutSnapshotHashesResumesToTheSameResult() throws Exception {
    LeagueConfig config = ConfigLoader.load(null, List.of("game=kuhn_poker", "matches=1500",
        "batch_matches=500", "threads=1", "ratings.bootstrap=0", "players.0.snapshot_every=1"));
    List<List<Double>> whole;
    try (League league = League.start(config, dir.resolve("whole"))) {
      league.run().forEach(r -> {});
      whole = league.store().matches().stream().map(MatchRow::returns).toList();
    }
    Path old = dir.resolve("old");
    try (League league = League.start(config, old)) {
      league.run().limit(2).forEach(r -> {});
    }
    makeVersion1(old);

    try (League league = League.resume(old)) {
      List<PlayerRow> snapshots = league.store().players().stream()
          .filter(p -> p.kind() == PlayerKind.SNAPSHOT).toList();
      assertEquals(List.of("main-b1", "main-b2"), snapshots.stream().map(PlayerRow::id).toList());
      assertTrue(snapshots.stream().allMatch(p -> p.sha256().isEmpty()), "old rows have no hash");
      league.run().forEach(r -> {});
      assertEquals(whole, league.store().matches().stream().map(MatchRow::returns).toList());
      assertEquals(3, Standings.compute(league.store(), config).rows().size()); // main, main-b1, main-b2
      PlayerRow taken = league.store().players().getLast();
      assertEquals("main-b3", taken.id());
      assertEquals(Snapshots.manifest(Path.of(taken.path())).sha256(), taken.sha256());
    }
  }

  /** The store as schema version 1 wrote it and manifests as they were before the sha256 field. */
  private static void makeVersion1(Path run) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + run.resolve(LeagueStore.FILE));
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE players DROP COLUMN sha256");
      s.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'");
    }
    try (var snapshots = Files.list(run.resolve("snapshots"))) {
      for (Path snapshot : snapshots.toList()) {
        Path file = snapshot.resolve(Snapshots.MANIFEST);
        ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
        manifest.remove(List.of("sha256", "name", "version"));
        Files.write(file, JSON.writeValueAsBytes(manifest));
      }
    }
  }
}
