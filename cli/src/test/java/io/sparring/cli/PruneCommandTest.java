package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.league.store.LeagueStore.PlayerRow;
import io.sparring.league.store.PlayerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code league prune}: records go, results, standings and evaluation stay, resume is refused. */
class PruneCommandTest {
  @TempDir Path dir;

  private static CliRun league(Path run, String matches) {
    List<String> args = new ArrayList<>(List.of("league", "run", "--run-dir", run.toString(), "--set",
        "game=kuhn_poker", "--set", "matches=" + matches, "--set", "batch_matches=300", "--set", "threads=1",
        "--set", "players.0.learner=tabular(learning_rate=0.5)", "--set", "players.0.snapshot_every=1",
        "--set", "baseline_rate=0.5", "--set", "ratings.bootstrap=0"));
    return CliRun.of("", args.toArray(String[]::new));
  }

  @Test
  void pruningKeepsResultsAndStandingsAndRefusesResume() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(0, league(run, "1500").exitCode());
    String standingsBefore = CliRun.of("", "league", "standings", run.toString()).out();
    List<MatchRow> before;
    Set<String> baselines;
    try (LeagueStore store = LeagueStore.openReadOnly(run)) {
      before = store.matches();
      baselines = store.players().stream().filter(p -> p.kind() == PlayerKind.BASELINE).map(PlayerRow::id)
          .collect(Collectors.toSet());
    }
    Predicate<MatchRow> againstABaseline = m -> m.seats().stream().anyMatch(baselines::contains);
    long againstBaselines = before.stream().filter(againstABaseline).count();
    assertTrue(againstBaselines > 0 && againstBaselines < before.size(), "some matches against the baseline");

    CliRun pruned = CliRun.of("", "league", "prune", run.toString(), "--baselines-only");
    assertEquals(0, pruned.exitCode(), pruned.err());
    assertTrue(pruned.out().contains("removed the records of " + againstBaselines + " of 1500 matches"), pruned.out());
    try (LeagueStore store = LeagueStore.openReadOnly(run)) {
      List<MatchRow> after = store.matches();
      assertEquals(before.stream().map(MatchRow::returns).toList(), after.stream().map(MatchRow::returns).toList());
      for (MatchRow m : after) {
        assertEquals(againstABaseline.test(m), m.trajectory() == null, "match " + m.index());
      }
    }
    assertEquals(standingsBefore, CliRun.of("", "league", "standings", run.toString()).out());
    assertEquals(0, CliRun.of("", "eval", run.toString()).exitCode());

    CliRun resumed = CliRun.of("", "league", "resume", run.toString());
    assertEquals(1, resumed.exitCode());
    assertTrue(resumed.err().contains("were removed by 'league prune'"), resumed.err());

    CliRun keepLast = CliRun.of("", "league", "prune", run.toString(), "--keep-batches", "2");
    assertEquals(0, keepLast.exitCode(), keepLast.err());
    try (LeagueStore store = LeagueStore.openReadOnly(run)) {
      assertTrue(store.matches().stream().allMatch(m -> (m.trajectory() != null) == (m.batch() > 3
          && !againstABaseline.test(m))));
    }
  }

  @Test
  void aPruneThatRemovesNothingLeavesTheRunResumable() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(0, league(run, "600").exitCode());
    CliRun pruned = CliRun.of("", "league", "prune", run.toString(), "--keep-batches", "5");
    assertTrue(pruned.out().contains("removed the records of 0 of 600 matches"), pruned.out());
    Path config = run.resolve("config.yaml");
    Files.writeString(config, Files.readString(config).replace("matches: 600", "matches: 900"));
    CliRun resumed = CliRun.of("", "league", "resume", run.toString());
    assertEquals(0, resumed.exitCode(), resumed.err());
  }

  @Test
  void anUnfinishedRunIsNotPruned() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(0, league(run, "600").exitCode());
    Path config = run.resolve("config.yaml");
    Files.writeString(config, Files.readString(config).replace("matches: 600", "matches: 900"));
    CliRun refused = CliRun.of("", "league", "prune", run.toString());
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().contains("has finished 2 of 3 batches"), refused.err());
  }
}
