package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.match.CompactRecords;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Replay;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.Trajectories;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.game.Games;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.proto.v1.Trajectory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
  private static final String KUHN = "kuhn_poker(players=2)";
  private static final String POLICY = "penalty(value=-11.0, others=0.0)";

  private static Trajectory play(String game, long seed, String matchId) {
    return MatchRunner.play(new MatchConfig(Games.create(game), seed,
        List.of(Seating.of(0, "random"), Seating.of(1, "random")), ViolationPolicy.parse(POLICY), Optional.empty(),
        matchId));
  }

  private static Trajectory withFingerprint(Trajectory record, int step, long fingerprint) {
    Trajectory.Builder tampered = record.toBuilder();
    tampered.getStepsBuilder(step).setFingerprint(fingerprint);
    return tampered.build();
  }

  @Test
  void aMatchFromAFileReproduces(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ttt.jsonl");
    CliRun match = CliRun.of("", "match", "tic_tac_toe", "--seat", "0=random", "--seat", "1=random",
        "--games", "3", "--out", file.toString());
    assertEquals(0, match.exitCode(), match.err());
    Trajectory second = Trajectories.read(file).get(1);

    CliRun run = CliRun.of("", "replay", file.toString(), "game-2");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("Replayed match game-2 of " + file + " (tic_tac_toe, seed 2): " + second.getStepsCount()
        + " steps, no state hashes (a match under 60 steps has none), returns " + second.getReturnsList()
        + " (TERMINATED): reproduced.\n",
        run.out());
  }

  @Test
  void aCompactRecordReportsTheReturnsItsReplayGives(@TempDir Path dir) throws Exception {
    Trajectory played = play(KUHN, 8, "k8");
    Path file = dir.resolve("compact.jsonl");
    Trajectories.append(file, List.of(CompactRecords.compact(played)));

    CliRun run = CliRun.of("", "replay", file.toString(), "k8");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("returns " + played.getReturnsList() + " (TERMINATED): reproduced."), run.out());
  }

  @Test
  void aFingerprintThatDiffersExitsWithThreeNamingTheStep(@TempDir Path dir) throws Exception {
    Trajectory played = play("tic_tac_toe", 5, "m5");
    int last = played.getStepsCount() - 1;
    Path file = dir.resolve("one.jsonl");
    Trajectories.append(file, List.of(withFingerprint(played, last, 42)));

    CliRun run = CliRun.of("", "replay", file.toString());

    assertEquals(ReplayCommand.NOT_REPRODUCED, run.exitCode(), run.out());
    assertEquals("error: the match of " + file + " does not reproduce: the trajectory does not replay at step " + last
        + ": the state's fingerprint is %016x, recorded %016x\n".formatted(io.sparring.agents.match.Replay.replay(played).fingerprint(), 42),
        run.err());
  }

  @Test
  void aFileOfSeveralMatchesNeedsAMatchIdItHolds(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("two.jsonl");
    Trajectories.append(file, List.of(play("tic_tac_toe", 1, "a"), play("tic_tac_toe", 2, "b")));

    CliRun unnamed = CliRun.of("", "replay", file.toString());
    CliRun unknown = CliRun.of("", "replay", file.toString(), "c");

    assertEquals(2, unnamed.exitCode());
    assertTrue(unnamed.err().contains(file + " holds 2 matches; name one: a, b"), unnamed.err());
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("no match 'c' in " + file + "; it holds a, b"), unknown.err());
  }

  @Test
  void aGameWithoutADrawingCannotBeDrawn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("one.jsonl");
    Trajectories.append(file, List.of(play("tic_tac_toe", 1, "a")));

    CliRun run = CliRun.of("", "replay", file.toString(), "--gif", dir.resolve("a.gif").toString());

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("no drawing for game tic_tac_toe; --gif and --frames work for: arena"),
        run.err());
    assertTrue(Files.notExists(dir.resolve("a.gif")));
  }

  @Test
  void aRunsMatchesReplayByIndexAndAStoredRecordThatDoesNotExpandIsAMismatch(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    Trajectory tampered = withFingerprint(play(KUHN, 11, "1"), 2, 7);
    Trajectory third = play(KUHN, 12, "2");
    try (LeagueStore store = LeagueStore.create(run, Optional.empty(), KUHN, POLICY)) {
      List<MatchRow> rows = new ArrayList<>();
      for (Trajectory record : List.of(play(KUHN, 10, "0"), tampered, third)) {
        rows.add(new MatchRow(Long.parseLong(record.getMatchId()), 1, List.of("random", "random"),
            record.getReturnsList(), record));
      }
      store.addMatches(rows);
    }
    // the third's record cut short, stored plain: the store cannot expand it, as the game goes on past its end
    Trajectory cut = CompactRecords.compact(third).toBuilder().removeSteps(third.getStepsCount() - 1)
        .clearGame().clearViolationPolicy().clearMatchId().build();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + run.resolve(LeagueStore.FILE));
        PreparedStatement q = db.prepareStatement("UPDATE matches SET codec = 1, record = ? WHERE match_index = 2")) {
      q.setBytes(1, cut.toByteArray());
      assertEquals(1, q.executeUpdate());
    }

    CliRun reproduced = CliRun.of("", "replay", run.toString(), "0");
    CliRun otherHash = CliRun.of("", "replay", run.toString(), "1");
    CliRun cutShort = CliRun.of("", "replay", run.toString(), "2");
    CliRun missing = CliRun.of("", "replay", run.toString(), "3");
    CliRun unnamed = CliRun.of("", "replay", run.toString());

    assertEquals(0, reproduced.exitCode(), reproduced.err());
    assertTrue(reproduced.out().startsWith("Replayed match 0 of " + run + " (" + KUHN + ", seed 10): "),
        reproduced.out());
    assertEquals(3, otherHash.exitCode(), otherHash.out());
    assertTrue(otherHash.err().startsWith("error: match 1 of " + run + " does not reproduce: the trajectory does"
        + " not replay at step 2: the state's fingerprint is "), otherHash.err());
    assertEquals(3, cutShort.exitCode(), cutShort.out());
    assertTrue(cutShort.err().contains("does not replay at step " + (third.getStepsCount() - 1)
        + ": the recorded steps end before the game does"), cutShort.err());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("no match 3 in " + run + ", which holds 3 matches"), missing.err());
    assertEquals(2, unnamed.exitCode());
    assertTrue(unnamed.err().contains("name the match of " + run + " to replay"), unnamed.err());
  }

  /** No game has a drawing yet, so the frames are drawn by a test drawer: the steps done as a grey. */
  @Test
  void everyNthStateAndTheLastAreDrawnIntoTheGifAndThePngs(@TempDir Path dir) throws Exception {
    Trajectory played = play("tic_tac_toe", 3, "m3");
    int steps = played.getStepsCount();
    FrameDrawer drawer = state -> {
      BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
      int grey = state.history().size() * 20;
      image.setRGB(0, 0, grey << 16 | grey << 8 | grey);
      return image;
    };
    Path gif = dir.resolve("m3.gif");
    Path pngs = dir.resolve("frames");

    try (ReplayCommand.Frames frames = new ReplayCommand.Frames(drawer, steps, 2, 4, Optional.of(gif),
        Duration.ofMillis(50), Optional.of(pngs))) {
      int[] done = {-1};
      Replay.replay(played, state -> frames.offer(++done[0], state));
    }

    List<String> expected = new ArrayList<>();
    for (int done = 0; done <= steps; done++) {
      if (done % 2 == 0 || done == steps) {
        expected.add("step-%05d.png".formatted(done));
      }
    }
    try (Stream<Path> files = Files.list(pngs)) {
      assertEquals(expected, files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    BufferedImage last = ImageIO.read(pngs.resolve("step-%05d.png".formatted(steps)).toFile());
    assertEquals(12, last.getWidth(), "scaled 4 times");
    assertEquals(steps * 20, last.getRGB(3, 3) & 0xff, "the last state, pixel for pixel");
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      assertEquals(expected.size(), reader.getNumImages(true));
      assertEquals(12, reader.getWidth(0));
    } finally {
      reader.dispose();
    }
  }
}
