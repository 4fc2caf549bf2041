package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.MatchRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory written by the previous release (commit dcd4508: match records of format version
 * 1, store schema 1, manifests without a content hash; two games, Kuhn poker and tic-tac-toe),
 * committed under {@code src/test/resources/fixtures/previous-release-run}, still shows its
 * standings, evaluates, resumes, and plays on beside its old records. It was made with that
 * release's jar: {@code sparring league run --config cfg.yaml --run-dir previous-release-run}
 * (seed 3, tabular learners; Kuhn 60 matches in batches of 20, tic-tac-toe 20 in batches of 10).
 */
class PreviousReleaseRunTest {
  private static final Path FIXTURE = Path.of("src", "test", "resources", "fixtures", "previous-release-run");
  @TempDir Path dir;

  @Test
  void aRunOfThePreviousReleaseShowsStandingsEvaluatesResumesAndPlaysOn() throws Exception {
    Path run = dir.resolve("run");
    copy(FIXTURE, run);

    CliRun standings = CliRun.of("", "league", "standings", run.toString());
    assertEquals(0, standings.exitCode(), standings.err());
    assertTrue(standings.out().contains("(kuhn_poker): 60 matches, 3 of 3 batches complete"), standings.out());
    assertTrue(standings.out().contains("(tic_tac_toe): 20 matches, 2 of 2 batches complete"), standings.out());
    assertTrue(standings.out().contains("main-b2  snapshot"), standings.out());

    CliRun eval = CliRun.of("", "eval", run.toString(), "--games", "2");
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().contains("exploitability"), eval.out());
    assertTrue(eval.out().contains("against solver"), eval.out());

    // Resuming rebuilds every learner from the version-1 records; the runs are complete.
    CliRun resumed = CliRun.of("", "league", "resume", run.toString());
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("after batch 3 of 3 (60 matches stored)"), resumed.out());

    // Extended by 20 matches, Kuhn plays a fourth batch whose records are the current version.
    Path kuhnConfig = run.resolve("kuhn_poker").resolve("config.yaml");
    Files.writeString(kuhnConfig, Files.readString(kuhnConfig).replace("matches: 60", "matches: 80"));
    CliRun extended = CliRun.of("", "league", "resume", run.toString());
    assertEquals(0, extended.exitCode(), extended.err());
    assertTrue(extended.out().contains("[kuhn_poker] batch 4/4"), extended.out());
    try (LeagueStore store = LeagueStore.open(run.resolve("kuhn_poker"))) {
      List<MatchRow> matches = store.matches();
      assertEquals(80, matches.size());
      assertEquals(List.of(1),
          matches.stream().filter(m -> m.batch() <= 3).map(m -> m.trajectory().getFormatVersion()).distinct().toList());
      // version 3, the last whose agent seeds follow the run's old derivation, so that it plays on exactly
      assertEquals(List.of(3),
          matches.stream().filter(m -> m.batch() == 4).map(m -> m.trajectory().getFormatVersion()).distinct().toList());
      assertTrue(store.players().stream().anyMatch(p -> p.id().equals("main-b4") && !p.sha256().isEmpty()));
    }
  }

  /**
   * A run of the release before compact records (commit dcf8b2b: format version 2, store schema 2,
   * snapshot paths relative to the working directory it was started from), stopped after two of its
   * three batches, resumes where it is now: it reads its own snapshots, and it plays the third
   * batch exactly as that release played the run that never stopped ({@code
   * schema2-run-whole-returns.txt}: index, seats and returns of each match). Made with that
   * release's jar: {@code sparring league run --config cfg.yaml --run-dir schema2-run} (seed 5, Kuhn,
   * tabular learner, baseline random; 40 matches in batches of 20), and the same with {@code --set
   * matches=60 --run-dir whole}.
   */
  @Test
  void aStoppedRunOfTheReleaseBeforeResumesToTheSameResultFromWhereItIsNow() throws Exception {
    Path run = dir.resolve("moved").resolve("schema2-run");
    copy(FIXTURE.resolveSibling("schema2-run"), run);
    Path config = run.resolve("config.yaml");
    Files.writeString(config, Files.readString(config).replace("matches: 40", "matches: 60")); // a safe key

    CliRun resumed = CliRun.of("", "league", "resume", run.toString());
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("after batch 2 of 3 (40 matches stored)"), resumed.out());
    List<String> expected = Files.readAllLines(FIXTURE.resolveSibling("schema2-run-whole-returns.txt"));
    try (LeagueStore store = LeagueStore.openReadOnly(run)) {
      List<String> actual = store.matches().stream().map(m -> m.index() + "|" + String.join(",", m.seats()) + "|"
          + m.returns()).toList();
      assertEquals(expected, actual);
      assertEquals(List.of("snapshots/main-b1", "snapshots/main-b2", "snapshots/main-b3"), store.players().stream()
          .filter(p -> !p.path().isEmpty()).map(p -> p.path()).toList(), "paths relative to the run");
    }
    CliRun standings = CliRun.of("", "league", "standings", run.toString());
    assertEquals(0, standings.exitCode(), standings.err());
    assertTrue(standings.out().contains("60 matches, 3 of 3 batches complete"), standings.out());
    CliRun eval = CliRun.of("", "eval", run.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().contains("main (policy(path='" + run.toAbsolutePath().resolve("snapshots/main-b3")),
        eval.out());
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
