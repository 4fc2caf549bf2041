package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.store.LeagueStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparring eval} of a run's last snapshot computes the numbers its league computed. */
class EvalCommandTest {
  private static final Pattern SEAT = Pattern.compile("as seat \\d against solver\\(kind=minimax\\): "
      + "(\\d+) wins, (\\d+) draws, (\\d+) losses in (\\d+) games");

  @TempDir Path dir;

  private Path run(String yaml) throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, yaml);
    Path run = dir.resolve("run");
    CliRun ran = CliRun.of("", "league", "run", "--config", config.toString(), "--run-dir", run.toString());
    assertEquals(0, ran.exitCode(), ran.err());
    return run;
  }

  private static double lastEvaluation(Path run, String metric) throws Exception {
    try (LeagueStore store = LeagueStore.open(run)) {
      return store.evaluations().stream().filter(e -> e.metric().equals(metric)).toList().getLast().value();
    }
  }

  @Test
  void evalLosesAsOftenToMinimaxAsTheLeagueMeasured() throws Exception {
    Path run = run("""
        seed: 11
        match_seeds: public
        game: tic_tac_toe
        matches: 200
        batch_matches: 100
        threads: 1
        players:
          - name: main
            learner: tabular(learning_rate=0.5, entropy=0.1)
            snapshot_every: 1
        baselines:
          - name: random
            agent: random
        evaluation:
          every: 1
          minimax_games: 4
        """);
    double league = lastEvaluation(run, "minimax_losses");
    CliRun eval = CliRun.of("", "eval", run.toString(), "--greedy", "--opponent", "solver(kind=minimax)",
        "--games", "4");
    assertEquals(0, eval.exitCode(), eval.err());
    Matcher m = SEAT.matcher(eval.out());
    int losses = 0;
    int games = 0;
    while (m.find()) {
      losses += Integer.parseInt(m.group(3));
      games += Integer.parseInt(m.group(4));
    }
    assertEquals(8, games, eval.out());
    assertEquals(league, (double) losses / games, eval.out());
    // Neither all nor none: a number that the seeds and the loss rule decide.
    assertTrue(losses > 0 && losses < games, eval.out());
  }

  @Test
  void evalMeasuresTheExploitabilityTheLeagueMeasured() throws Exception {
    Path run = run("""
        game: kuhn_poker
        matches: 2000
        batch_matches: 1000
        threads: 1
        players:
          - name: main
            learner: tabular(learning_rate=0.5, entropy=0.1)
        evaluation:
          every: 1
        """);
    double league = lastEvaluation(run, "exploitability");
    CliRun eval = CliRun.of("", "eval", run.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().contains(String.format(Locale.ROOT, "exploitability %.5f ", league)),
        league + " vs " + eval.out());
  }
}
