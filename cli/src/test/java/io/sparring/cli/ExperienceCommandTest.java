package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.BatchStatsRow;
import io.sparring.proto.v1.ExperienceBatch;
import io.sparring.proto.v1.ExperienceTurn;
import io.sparring.rpc.environment.SystemPython;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code experience export} on real league runs, read back in Java and by the Python reader. */
class ExperienceCommandTest {
  private static final Path CLIENT = Path.of("..", "clients", "python").toAbsolutePath().normalize();

  @TempDir Path dir;

  private static CliRun kuhnLeague(Path run) {
    return CliRun.of("", "league", "run", "--run-dir", run.toString(), "--set", "game=kuhn_poker",
        "--set", "matches=1500", "--set", "batch_matches=300", "--set", "threads=1",
        "--set", "players.0.learner=tabular(learning_rate=0.5)", "--set", "baseline_rate=0.5",
        "--set", "ratings.bootstrap=0");
  }

  private static List<ExperienceBatch> read(Path file) throws IOException {
    List<ExperienceBatch> batches = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (ExperienceBatch b; (b = ExperienceBatch.parseDelimitedFrom(in)) != null; ) {
        batches.add(b);
      }
    }
    return batches;
  }

  @Test
  void anExportCarriesWhatTheLeaguesLearnerLearnedFrom() throws Exception {
    Path run = dir.resolve("kuhn");
    assertEquals(0, kuhnLeague(run).exitCode());
    Path file = dir.resolve("out/experience.pb");
    CliRun export = CliRun.of("", "experience", "export", run.toString(), "--out", file.toString());
    assertEquals(0, export.exitCode(), export.err());
    assertTrue(export.out().startsWith("Exported 5 experience batches (5 league batches, "), export.out());
    assertTrue(export.err().contains("kuhn: batch 5 of 5"), export.err());
    try (var listing = Files.list(file.getParent())) {
      assertEquals(List.of(file), listing.toList(), "no temporary file left");
    }

    List<ExperienceBatch> batches = read(file);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), batches.stream().map(ExperienceBatch::getSequence).toList());
    List<BatchStatsRow> learned;
    try (LeagueStore store = LeagueStore.openReadOnly(run)) {
      learned = store.batchStats();
    }
    long turns = 0;
    for (ExperienceBatch batch : batches) {
      assertEquals("kuhn", batch.getRunId());
      assertEquals("main", batch.getPlayer());
      assertEquals("kuhn_poker(players=2)", batch.getGame());
      BatchStatsRow update = learned.stream()
          .filter(s -> s.batch() == batch.getBatch() && s.player().equals("main")).findFirst().orElseThrow();
      // The learner's own record of its update: as many samples, the same mean advantage.
      assertEquals(update.samples(), batch.getTurnsCount(), "batch " + batch.getBatch());
      double mean = batch.getTurnsList().stream().mapToDouble(ExperienceTurn::getAdvantage).average().orElseThrow();
      assertEquals(update.meanAdvantage(), mean, 1e-12, "batch " + batch.getBatch());
      assertTrue(batch.getTurnsList().stream().allMatch(t -> t.getApplied() && t.getMatchIndex() / 300
          == batch.getBatch() - 1));
      turns += batch.getTurnsCount();
    }
    assertTrue(export.out().contains(turns + " turns from 1500 matches"), export.out());

    Path part = dir.resolve("part.pb");
    CliRun some = CliRun.of("", "experience", "export", run.toString(), "--out", part.toString(),
        "--player", "main", "--from-batch", "2", "--to-batch", "3");
    assertEquals(0, some.exitCode(), some.err());
    assertEquals(batches.subList(1, 3), read(part), "the same batches, byte for byte as messages");

    thePythonReaderReadsIt(file, batches.size(), turns);
  }

  /** The Python suite's export test, pointed at this file (skipped without Python's protobuf, off CI). */
  private static void thePythonReaderReadsIt(Path file, int batches, long turns) throws Exception {
    String python = SystemPython.requireGrpc();
    ProcessBuilder builder = new ProcessBuilder(python, "-m", "unittest", "-v", "tests.test_experience")
        .directory(CLIENT.toFile()).redirectErrorStream(true);
    builder.environment().put("SPARRING_EXPERIENCE_FILE", file.toString());
    builder.environment().put("SPARRING_EXPERIENCE_BATCHES", String.valueOf(batches));
    builder.environment().put("SPARRING_EXPERIENCE_TURNS", String.valueOf(turns));
    builder.environment().put("PYTHONPATH", CLIENT.toString());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("test_a_league_export_reads_with_its_rows_and_statistics") && !output.contains("skipped"),
        output);
  }

  @Test
  void aRunOfSeveralGamesExportsEachGamesLeague() throws Exception {
    Path config = Files.writeString(dir.resolve("two.yaml"), """
        threads: 1
        games:
          - game: kuhn_poker
            matches: 600
            batch_matches: 200
            players:
              - name: main
                learner: tabular
          - game: tic_tac_toe
            matches: 400
            batch_matches: 200
            players:
              - name: main
                learner: tabular
              - name: second
                learner: tabular
        """);
    Path run = dir.resolve("two");
    assertEquals(0, CliRun.of("", "league", "run", "--config", config.toString(), "--run-dir", run.toString())
        .exitCode());
    Path file = dir.resolve("two.pb");
    CliRun export = CliRun.of("", "experience", "export", run.toString(), "--out", file.toString());
    assertEquals(0, export.exitCode(), export.err());
    List<ExperienceBatch> batches = read(file);
    List<String> seen = batches.stream().map(b -> b.getRunId() + " " + b.getBatch() + " " + b.getPlayer()
        + " " + b.getSequence()).toList();
    assertEquals(List.of("two/kuhn_poker 1 main 1", "two/kuhn_poker 2 main 2", "two/kuhn_poker 3 main 3",
        "two/tic_tac_toe 1 main 1", "two/tic_tac_toe 1 second 2", "two/tic_tac_toe 2 main 3",
        "two/tic_tac_toe 2 second 4"), seen);

    CliRun second = CliRun.of("", "experience", "export", run.toString(), "--out", file.toString(),
        "--player", "second");
    assertEquals(0, second.exitCode(), second.err());
    assertEquals(List.of("second", "second"), read(file).stream().map(ExperienceBatch::getPlayer).toList(),
        "a player of one game's league only");
  }

  @Test
  void usageAndRunErrorsSayWhatIsWrong() throws Exception {
    Path run = dir.resolve("kuhn");
    Path file = dir.resolve("e.pb");
    CliRun missing = CliRun.of("", "experience", "export", run.toString(), "--out", file.toString());
    assertEquals(1, missing.exitCode());
    assertTrue(missing.err().contains("no run directory at " + run), missing.err());

    assertEquals(0, kuhnLeague(run).exitCode());
    for (String[] args : List.of(new String[] {"--player", "nobody"}, new String[] {"--from-batch", "0"},
        new String[] {"--from-batch", "3", "--to-batch", "2"})) {
      List<String> all = new ArrayList<>(List.of("experience", "export", run.toString(), "--out", file.toString()));
      all.addAll(List.of(args));
      CliRun bad = CliRun.of("", all.toArray(String[]::new));
      assertEquals(2, bad.exitCode(), String.join(" ", args) + ": " + bad.err());
    }
    CliRun nobody = CliRun.of("", "experience", "export", run.toString(), "--out", file.toString(),
        "--player", "nobody");
    assertTrue(nobody.err().contains("'nobody' is not a learner of " + run + "; its learners: main"), nobody.err());
    CliRun noVerb = CliRun.of("", "experience");
    assertEquals(2, noVerb.exitCode());
    assertTrue(noVerb.err().contains("name what to do: export"), noVerb.err());

    CliRun beyond = CliRun.of("", "experience", "export", run.toString(), "--out", file.toString(),
        "--from-batch", "9");
    assertEquals(1, beyond.exitCode());
    assertTrue(beyond.err().contains("has no completed batch in 9.. to export"), beyond.err());

    assertEquals(0, CliRun.of("", "league", "prune", run.toString(), "--keep-batches", "1").exitCode());
    CliRun last = CliRun.of("", "experience", "export", run.toString(), "--out", file.toString());
    assertEquals(0, last.exitCode(), last.err());
    assertTrue(last.out().contains("Skipped 4 batches whose records were removed by 'league prune'."), last.out());
    assertEquals(List.of(5), read(file).stream().map(ExperienceBatch::getBatch).toList());

    assertEquals(0, CliRun.of("", "league", "prune", run.toString()).exitCode());
    Files.delete(file);
    CliRun pruned = CliRun.of("", "experience", "export", run.toString(), "--out", file.toString());
    assertEquals(1, pruned.exitCode());
    assertTrue(pruned.err().contains("the records of all 5 batches asked for were removed by 'league prune';"
        + " nothing to export"), pruned.err());
    assertFalse(Files.exists(file), "nothing written");
    try (var listing = Files.list(dir)) {
      assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file left");
    }
  }
}
