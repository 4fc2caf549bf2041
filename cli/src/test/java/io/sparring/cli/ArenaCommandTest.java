package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.match.Trajectories;
import io.sparring.proto.v1.Trajectory;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arena from the command line: a side per agent, compact records, a replay drawn as a GIF, the benchmark. */
class ArenaCommandTest {

  @Test
  void sidesSwapAndAReplayOfARecordedMatchIsDrawn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("soccer.jsonl");
    CliRun match = CliRun.of("", "match", "arena(mode=soccer, seconds=10)", "--seats", "0,1=arena_bot(level=3)",
        "--seats", "2,3=arena_bot(level=1)", "--games", "4", "--swap-seats", "--quiet", "--out", file.toString(),
        "--compact");

    assertEquals(0, match.exitCode(), match.err());
    assertTrue(match.out().contains("A arena_bot(level=3)  4"), match.out());
    List<Trajectory> records = Trajectories.read(file);
    assertEquals(4, records.size());
    assertTrue(records.stream().allMatch(Trajectory::getCompact));
    // game 2 swaps the sides: level 3 holds seats 2 and 3
    assertEquals(List.of("arena_bot(level=1)", "arena_bot(level=1)", "arena_bot(level=3)", "arena_bot(level=3)"),
        records.get(1).getSeatsList().stream().map(s -> s.getPlayer()).toList());

    Path gif = dir.resolve("game-2.gif");
    CliRun replay = CliRun.of("", "replay", file.toString(), "game-2", "--gif", gif.toString(), "--every", "3");

    assertEquals(0, replay.exitCode(), replay.err());
    assertTrue(replay.out().contains("state hash") && replay.out().contains("reproduced"), replay.out());
    int steps = records.get(1).getStepsCount();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
      reader.setInput(in);
      assertEquals(steps / 3 + 1 + (steps % 3 == 0 ? 0 : 1), reader.getNumImages(true), "the start, every third step, the last");
    }
  }

  @Test
  void theBenchmarkPrintsEveryRow() {
    CliRun bench = CliRun.of("", "bench", "arena", "--episodes", "1", "--threads", "1");

    assertEquals(0, bench.exitCode(), bench.err());
    for (String row : List.of("physics steps/s", "decisions/s: whole observation + bot", "decisions/s: tensor + bot",
        "wall s per 120 s game time", "record of that match")) {
      assertTrue(bench.out().contains(row), row + " in\n" + bench.out());
    }
  }
}
