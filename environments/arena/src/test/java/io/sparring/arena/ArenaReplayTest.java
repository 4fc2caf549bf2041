package io.sparring.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.match.CompactRecords;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Replay;
import io.sparring.agents.match.ReplayMismatch;
import io.sparring.agents.match.Seating;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.core.spec.Spec;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded arena matches replay with every state hash, and a drifted replay is caught at its hash. */
class ArenaReplayTest {

  private static Trajectory play(String spec, long seed, String sideA, String sideB) {
    ArenaGame game = (ArenaGame) Games.create(spec);
    int half = game.numPlayers() / 2;
    List<Seating> seatings = new ArrayList<>();
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      (seat < half ? a : b).add(seat);
    }
    seatings.add(new Seating(a, Spec.parse(sideA), ""));
    seatings.add(new Seating(b, Spec.parse(sideB), ""));
    return MatchRunner.play(MatchConfig.of(game, seed, seatings));
  }

  @Test
  void aRecordedMatchReproducesEveryStateHash() {
    Trajectory record = play("arena(mode=skirmish, seconds=40)", 3, "arena_bot(level=3)", "arena_bot(level=2)");
    long hashes = record.getStepsList().stream().filter(Step::hasFingerprint).count();
    assertTrue(hashes >= 2, hashes + " hashes");
    List<Long> seen = new ArrayList<>();

    State end = Replay.replay(CompactRecords.compact(record), state -> seen.add(state.fingerprint()));

    assertEquals(record.getStepsCount() + 1, seen.size());
    for (int i = 0; i < record.getStepsCount(); i++) {
      if (record.getSteps(i).hasFingerprint()) {
        assertEquals(record.getSteps(i).getFingerprint(), seen.get(i + 1), "step " + i);
      }
    }
    assertEquals(record.getReturnsList(), Arrays.stream(end.returns()).boxed().toList());
  }

  @Test
  void aReplayThatDriftsIsCaughtAtItsHash() {
    Trajectory record = play("arena(mode=soccer, seconds=20)", 8, "arena_bot(level=3)", "arena_bot(level=1)");
    int first = -1;
    for (int i = 0; i < record.getStepsCount() && first < 0; i++) {
      first = record.getSteps(i).hasFingerprint() ? i : -1;
    }
    assertEquals(59, first);
    Trajectory.Builder drifted = record.toBuilder();
    drifted.getStepsBuilder(first).setFingerprint(record.getSteps(first).getFingerprint() ^ 1);

    ReplayMismatch mismatch = assertThrows(ReplayMismatch.class, () -> Replay.replay(drifted.build()));

    assertEquals(first, mismatch.step());
  }

  @Test
  void everyStateDrawsToFramesOfOneSize() {
    Trajectory record = play("arena(mode=soccer, seconds=2)", 1, "arena_bot(level=3)", "random");
    List<BufferedImage> frames = new ArrayList<>();
    Replay.replay(record, state -> frames.add(ArenaDrawing.draw(state)));
    assertEquals(record.getStepsCount() + 1, frames.size());
    assertTrue(frames.stream().allMatch(f -> f.getWidth() == ArenaDrawing.width() && f.getHeight() == ArenaDrawing.height()));
    // units move: some pixels differ between the first and last frame
    BufferedImage a = frames.getFirst();
    BufferedImage b = frames.getLast();
    int differ = 0;
    for (int x = 0; x < a.getWidth(); x += 2) {
      for (int y = 0; y < a.getHeight(); y += 2) {
        differ += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
      }
    }
    assertTrue(differ > 50, differ + " pixels differ");
  }
}
