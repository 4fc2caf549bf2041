package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlayCommandTest {
  /** Tries every cell in order; cells already taken are rejected and the prompt comes back. */
  private static final String EVERY_CELL = "0\n1\n2\n3\n4\n5\n6\n7\n8\n";

  @Test
  void playsTicTacToeToTheEndThroughBadInput() {
    CliRun run = CliRun.of("banana\nX(5,5)\n" + EVERY_CELL, "play", "tic_tac_toe", "--vs", "random",
        "--seed", "11");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("'banana' is not a legal action for Player 0 (X); legal: ["),
        run.out());
    assertTrue(run.out().contains("'X(5,5)' is not a legal action"), run.out());
    assertTrue(run.out().contains("Seat 1 (random) plays O("), run.out());
    assertTrue(run.out().matches("(?s).*Game over\\. (You win|You lose|It's a draw).*"), run.out());
  }

  @Test
  void aTakenCellIsRejectedAndTheGameGoesOn() {
    // The agent cannot take cell 0 before we do, so typing 0 twice hits an occupied cell.
    CliRun run = CliRun.of("0\n0\n" + EVERY_CELL, "play", "tic_tac_toe", "--seed", "3");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("'0' is not a legal action"), run.out());
    assertTrue(run.out().contains("Game over."), run.out());
  }

  @Test
  void sameSeedReplaysTheSameGame() {
    String first = CliRun.of(EVERY_CELL, "play", "tic_tac_toe", "--seed", "99").out();
    String second = CliRun.of(EVERY_CELL, "play", "tic_tac_toe", "--seed", "99").out();
    assertEquals(first, second);
  }

  @Test
  void playsSeatOneOfThreePlayerKuhnPokerWithoutSeeingOtherCardsUntilTheEnd() {
    CliRun run = CliRun.of("call\nbet\nbet\n", "play", "kuhn_poker(players=3)", "--seat", "1",
        "--seed", "5");
    assertEquals(0, run.exitCode(), run.err());
    String beforeEnd = run.out().substring(0, run.out().indexOf("Result:"));
    assertTrue(beforeEnd.contains("Player 0: card ?"), beforeEnd);
    assertTrue(beforeEnd.contains("Player 2: card ?"), beforeEnd);
    assertTrue(run.out().contains("Game over."), run.out());
  }

  @Test
  void playsMiniHanabiWithAPartnerToTheEnd() {
    // Discarding is illegal at full tokens, so "play 0" again and again is always legal.
    CliRun run = CliRun.of("play 0\n".repeat(40), "play", "hanabi(preset=mini)", "--seed", "4");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Game over. Team score: "), run.out());
  }

  @Test
  void quitLeavesCleanly() {
    CliRun run = CliRun.of("quit\n", "play", "tic_tac_toe", "--seed", "1");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("You left the game."), run.out());
  }

  @Test
  void inputEndingEarlyFails() {
    CliRun run = CliRun.of("4\n", "play", "tic_tac_toe", "--seed", "1");
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("error: input ended before the game did"), run.err());
  }

  @Test
  void unknownGameIsAUsageErrorListingTheGames() {
    CliRun run = CliRun.of("", "play", "chess");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("unknown game 'chess'; known games: "), run.err());
    assertTrue(run.err().contains("kuhn_poker") && run.err().contains("tic_tac_toe"), run.err());
  }

  @Test
  void badGameParameterIsAUsageError() {
    CliRun run = CliRun.of("", "play", "kuhn_poker(players=9)");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("must be between 2 and 3, got 9"), run.err());
  }

  @Test
  void unknownAgentIsAUsageError() {
    CliRun run = CliRun.of("", "play", "tic_tac_toe", "--vs", "oracle");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("unknown agent 'oracle'; known agents: "), run.err());
    assertTrue(run.err().contains("mcts") && run.err().contains("random"), run.err());
  }

  @Test
  void seatOutOfRangeIsAUsageError() {
    CliRun run = CliRun.of("", "play", "tic_tac_toe", "--seat", "2");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--seat 2 is out of range: tic_tac_toe has seats 0..1"),
        run.err());
  }
}
