package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run of two games from the command line: its layout, summaries, standings, eval and resume. */
class MultiGameLeagueTest {
  @TempDir Path dir;

  @Test
  void aRunOfTwoGamesKeepsOneLeaguePerGameAndEveryCommandReadsThemAll() throws Exception {
    Path config = dir.resolve("two.yaml");
    Files.writeString(config, """
        threads: 1
        games:
          - game: kuhn_poker
            matches: 2000
          - game: tic_tac_toe
            matches: 1000
            batch_matches: 500
            players:
              - name: main
                learner: ppo(network=mlp(hidden=[16]))
            baselines:
              - name: minimax
                agent: solver(kind=minimax)
            baseline_rate: 0.5
            evaluation:
              every: 1
              minimax_games: 5
        """);
    Path run = dir.resolve("run");
    CliRun ran = CliRun.of("", "league", "run", "--config", config.toString(), "--run-dir", run.toString());
    assertEquals(0, ran.exitCode(), ran.err());
    assertEquals(List.of("kuhn_poker", "tic_tac_toe"), Files.readAllLines(run.resolve("games.txt")));
    // the leagues take turns: Kuhn's first batch is reported before tic-tac-toe's, and its second after
    int kuhn1 = ran.out().indexOf("[kuhn_poker] batch 1/2");
    int ttt1 = ran.out().indexOf("[tic_tac_toe] batch 1/2");
    int kuhn2 = ran.out().indexOf("[kuhn_poker] batch 2/2");
    assertTrue(kuhn1 >= 0 && kuhn1 < ttt1 && ttt1 < kuhn2, ran.out());
    assertTrue(ran.out().matches("(?s).*\\[tic_tac_toe\\] batch 2/2 .* main loses \\d+% to minimax.*"), ran.out());
    String summary = Files.readString(run.resolve("summary.txt"));
    assertTrue(summary.contains("League kuhn_poker finished: 2000 matches"), summary);
    assertTrue(summary.contains("League tic_tac_toe finished: 1000 matches"), summary);
    assertTrue(summary.contains("Final losses of main against minimax (greedy play, 5 games per seat)"), summary);
    assertTrue(Files.exists(run.resolve("kuhn_poker/summary.txt")));
    assertTrue(Files.exists(run.resolve("tic_tac_toe/league.db")));

    CliRun standings = CliRun.of("", "league", "standings", run.toString());
    assertEquals(0, standings.exitCode(), standings.err());
    assertTrue(standings.out().contains("(kuhn_poker): 2000 matches, 2 of 2 batches complete"), standings.out());
    assertTrue(standings.out().contains("(tic_tac_toe): 1000 matches, 2 of 2 batches complete"), standings.out());

    CliRun eval = CliRun.of("", "eval", run.toString(), "--games", "2");
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().contains("exploitability"), eval.out());
    assertTrue(eval.out().contains("as seat 1 against solver: "), eval.out());

    CliRun resumed = CliRun.of("", "league", "resume", run.toString());
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("after batch 2 of 2 (1000 matches stored)"), resumed.out());

    CliRun again = CliRun.of("", "league", "run", "--config", config.toString(), "--run-dir", run.toString());
    assertEquals(2, again.exitCode());
    assertTrue(again.err().contains("already holds a league; resume it with"), again.err());
  }
}
