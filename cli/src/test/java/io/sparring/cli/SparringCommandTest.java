package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparringCommandTest {

  @Test
  void helpShowsCommandsExamplesAndExitCodes() {
    CliRun run = CliRun.of("", "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("games"), run.out());
    assertTrue(run.out().contains("play"), run.out());
    assertTrue(run.out().contains("Examples:"), run.out());
    assertTrue(run.out().contains("2 usage error"), run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"games", "play", "serve", "bench"})
  void everyCommandHelpHasExamples(String command) {
    CliRun run = CliRun.of("", command, "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("Examples:"), run.out());
    assertTrue(run.out().contains("./sparring " + command), run.out());
  }

  @Test
  void versionNamesSparringAndJava() {
    CliRun run = CliRun.of("", "--version");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().matches("(?s)sparring \\d+\\.\\d+\\.\\d+.*Java \\d+.*"), run.out());
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRun run = CliRun.of("", "fly");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("unknown command 'fly'"), run.err());
  }

  @Test
  void badLogLevelIsAUsageErrorListingTheLevels() {
    CliRun run = CliRun.of("", "--log-level", "loud", "games");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("error, warn, info, debug, trace, off"), run.err());
  }

  @Test
  void logLevelIsAcceptedOnSubcommands() {
    assertEquals(0, CliRun.of("", "games", "--log-level", "DEBUG").exitCode());
  }

  @Test
  void gamesListsEveryRegisteredGameWithFactsAndParameters() {
    CliRun run = CliRun.of("", "games");
    assertEquals(0, run.exitCode());
    String table = run.out();
    assertTrue(table.lines().anyMatch(l -> l.startsWith("tic_tac_toe") && l.contains("perfect")
        && l.contains("deterministic") && l.contains("zero-sum")), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("kuhn_poker") && l.contains("imperfect")
        && l.contains("explicit") && l.contains("players=2 (2..3)")), table);
    assertEquals("", run.err());
  }
}
