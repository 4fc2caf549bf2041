package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.match.Replay;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.Trajectories;
import io.sparring.core.spec.Spec;
import io.sparring.proto.v1.SeatAssignment;
import io.sparring.proto.v1.Trajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchCommandTest {

  @Test
  void mctsDoesNotLoseTicTacToeToRandomAndTheTableSaysSo(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("ttt.jsonl");
    CliRun run = CliRun.of("", "match", "tic_tac_toe", "--seat", "0=mcts(simulations=1000)",
        "--seat", "1=random", "--games", "20", "--swap-seats", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    String mctsRow = run.out().lines().filter(l -> l.startsWith("A mcts")).findFirst().orElseThrow();
    assertTrue(mctsRow.matches("A mcts\\(simulations=1000\\)\\s+20\\s+\\d+\\s+\\d+\\s+0\\s+.*"), mctsRow);
    assertTrue(run.out().contains("game 20/20"), run.out());
    List<Trajectory> recorded = Trajectories.read(out);
    assertEquals(20, recorded.size());
    // Seats swap every game, and every recorded game replays.
    assertEquals("mcts(simulations=1000)", recorded.get(0).getSeats(0).getPlayer());
    assertEquals("mcts(simulations=1000)", recorded.get(1).getSeats(1).getPlayer());
    recorded.forEach(Replay::replay);
  }

  @Test
  void aTeamTakesSeveralSeatsOfHanabi() {
    CliRun run = CliRun.of("", "match", "hanabi(preset=mini)", "--seats",
        "0,1=team(generator=random, verifier=check)", "--games", "3");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("A team(generator=random, verifier=check)  3"), run.out());
  }

  @Test
  void missingOrDoubledSeatsAreUsageErrors() {
    CliRun missing = CliRun.of("", "match", "tic_tac_toe", "--seat", "0=random");
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("every seat needs a player"), missing.err());
    CliRun none = CliRun.of("", "match", "tic_tac_toe");
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("name the players"), none.err());
    CliRun malformed = CliRun.of("", "match", "tic_tac_toe", "--seat", "random");
    assertEquals(2, malformed.exitCode());
    assertTrue(malformed.err().contains("--seat takes N=SPEC"), malformed.err());
    CliRun unsolvable = CliRun.of("", "match", "hanabi", "--seats", "0,1=solver(kind=minimax)");
    assertEquals(1, unsolvable.exitCode());
    assertTrue(unsolvable.err().contains("minimax needs a two-player zero-sum"), unsolvable.err());
  }

  @Test
  void rotationMovesEveryPlayerThroughTheSeats() {
    var seatings = List.of(io.sparring.agents.match.Seating.of(0, "random"),
        io.sparring.agents.match.Seating.of(1, "mcts"), io.sparring.agents.match.Seating.of(2, "solver"));
    var rotated = MatchCommand.rotate(seatings, 1, 3);
    assertEquals(List.of(1), rotated.get(0).seats());
    assertEquals(List.of(0), rotated.get(2).seats());
  }

  @Test
  void sidesOfSeveralSeatsSwapWhole() {
    var sides = List.of(new Seating(List.of(0, 1), Spec.of("random"), ""),
        new Seating(List.of(2, 3), Spec.of("mcts"), ""));
    assertEquals(List.of(List.of(2, 3), List.of(0, 1)), seats(MatchCommand.rotate(sides, 1, 4)));
    assertEquals(List.of(List.of(0, 1), List.of(2, 3)), seats(MatchCommand.rotate(sides, 2, 4)));
    var alternate = List.of(new Seating(List.of(0, 2), Spec.of("random"), ""),
        new Seating(List.of(1, 3), Spec.of("mcts"), ""));
    assertEquals(List.of(List.of(1, 3), List.of(2, 0)), seats(MatchCommand.rotate(alternate, 1, 4)));
    var pair = List.of(Seating.of(0, "random"), Seating.of(1, "mcts"));
    assertEquals(List.of(List.of(1), List.of(0)), seats(MatchCommand.rotate(pair, 1, 2)), "as before");
    assertEquals(List.of(List.of(0), List.of(1)), seats(MatchCommand.rotate(pair, 2, 2)));
    // sides of different sizes cannot stay whole; each player still moves one seat a game
    var uneven = List.of(new Seating(List.of(0, 1), Spec.of("random"), ""), Seating.of(2, "mcts"));
    assertEquals(List.of(List.of(1, 2), List.of(0)), seats(MatchCommand.rotate(uneven, 1, 3)));
  }

  @Test
  void swappedSeatsKeepATeamOnItsSide(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("sides.jsonl");
    CliRun run = CliRun.of("", "match", "goofspiel(cards=3, players=4)", "--seats", "0,1=random",
        "--seats", "2,3=mcts(simulations=5)", "--games", "2", "--swap-seats", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<Trajectory> recorded = Trajectories.read(out);
    assertEquals(List.of("random", "random", "mcts(simulations=5)", "mcts(simulations=5)"), players(recorded.get(0)));
    assertEquals(List.of("mcts(simulations=5)", "mcts(simulations=5)", "random", "random"), players(recorded.get(1)));
  }

  @Test
  void durationsAndWilsonIntervals() {
    assertEquals(Duration.ofMillis(500), MatchCommand.duration("500ms"));
    assertEquals(Duration.ofSeconds(30), MatchCommand.duration("30s"));
    assertEquals(Duration.ofMinutes(10), MatchCommand.duration("10m"));
    assertArrayEquals(new double[] {0.0, 0.0}, new double[] {MatchStandings.wilson(0, 10)[0], 0.0});
    double[] half = MatchStandings.wilson(50, 100);
    assertEquals(0.404, half[0], 1e-3);
    assertEquals(0.596, half[1], 1e-3);
  }

  private static List<List<Integer>> seats(List<Seating> seatings) {
    return seatings.stream().map(Seating::seats).toList();
  }

  private static List<String> players(Trajectory trajectory) {
    return trajectory.getSeatsList().stream().map(SeatAssignment::getPlayer).toList();
  }
}
