package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpandCommandTest {

  @Test
  void writesNodesAndPairsWithProgress(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("malt.jsonl");
    CliRun run = CliRun.of("", "expand", "tic_tac_toe", "--team",
        "team(generator=random, verifier=check, refiner=random)", "--playout", "random",
        "--branches", "2", "--states", "3", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("state 3/3"), run.out());
    List<String> lines = Files.readAllLines(out);
    assertEquals(3 * (2 + 4 + 8), lines.stream().filter(l -> l.startsWith("{\"kind\":\"node\"")).count());
    assertTrue(run.out().contains("Wrote 42 nodes"), run.out());
  }

  @Test
  void aTeamWithoutARefinerIsAUsageError(@TempDir Path dir) {
    CliRun run = CliRun.of("", "expand", "tic_tac_toe", "--team", "team(generator=random, verifier=check)",
        "--out", dir.resolve("x.jsonl").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("expand needs the team's refiner"), run.err());
  }
}
