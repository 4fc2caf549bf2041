package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchGamesCommandTest {

  @Test
  void printsATableWithTheYardstickForDefaultGames() {
    CliRun run = CliRun.of("", "bench", "games", "--seconds", "0.05", "--threads", "2",
        "tic_tac_toe", "kuhn_poker(players=3)");
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().split("\n");
    assertTrue(lines[1].startsWith("GAME") && lines[1].contains("RATIO 1T"), run.out());
    // tic_tac_toe at its defaults has an OpenSpiel figure; 3-player Kuhn poker has none.
    assertTrue(lines[2].matches("tic_tac_toe\\s+[0-9.]+[kM]?\\s.*940\\.0k\\s+[0-9]+\\.[0-9]{2}"), lines[2]);
    assertTrue(lines[3].matches("kuhn_poker\\(players=3\\)\\s.*-\\s+-"), lines[3]);
    assertTrue(run.err().contains("measuring tic_tac_toe"), run.err());
  }

  @Test
  void rejectsNonPositiveDurations() {
    CliRun run = CliRun.of("", "bench", "games", "--seconds", "0");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--seconds must be > 0"), run.err());
  }

  @Test
  void benchWithoutWhatToMeasureIsAUsageError() {
    CliRun run = CliRun.of("", "bench");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("name what to measure: games, grpc, learner, serve, webshop or experience"), run.err());
  }

  @Test
  void benchLearnerTimesDjlAndSaysWhenThePyTorchSideIsMissing() {
    CliRun run = CliRun.of("", "bench", "learner", "--updates", "1", "--python", "/nonexistent/python3");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("DJL 0.35.1, PyTorch engine 2.7.1"), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.matches("\\[64,64\\]\\s+256\\s+[0-9.]+\\s+[0-9.]+k?\\s+missing\\s+-")),
        run.out());
    assertTrue(run.err().contains("PyTorch side missing"), run.err());
  }

  @Test
  void formatsLargeNumbersWithSuffixes() {
    assertEquals("2.17M", BenchGamesCommand.si(2.17e6));
    assertEquals("940.0k", BenchGamesCommand.si(940e3));
    assertEquals("12", BenchGamesCommand.si(12.3));
  }
}
