package io.sparring.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.EndStatus;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.core.spec.SpecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The arena's rules, macro actions, observations and determinism. */
class ArenaTest {

  private static ArenaState start(String spec, long seed) {
    return (ArenaState) Games.create(spec).newInitialState(seed);
  }

  @Test
  void macroActionsOutsideTheFieldOrMalformedAreRefusedWithTheValidForms() {
    ArenaState state = start("arena(mode=soccer)", 1);
    String before = state.serialize();
    for (String[] bad : new String[][] {
        {"move_to 30 2", "outside the field"}, {"kick 0 -10.5", "outside the field"},
        {"move_to NaN 1", "not finite"}, {"move_to 1 Infinity", "not finite"},
        {"move_to one two", "not numbers"}, {"move_to 1", "not of the form"}, {"fly 1 2", "legal"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, bad[0]));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
      if (!bad[0].startsWith("fly")) {
        assertTrue(e.getMessage().contains("X in [-20, 20] and Y in [-10, 10]"), e.getMessage());
      }
    }
    assertEquals(before, state.serialize());
    assertEquals(0, state.parseAction(0, " HOLD "));
    assertEquals(Motor.index(1, 0, 1, true), state.parseAction(0, "forward+turn_left+kick"));
    assertEquals(Motor.index(1, 0, 1, true), state.parseAction(0, "kick+turn_left+forward"));
  }

  @Test
  void moveToReachesTheBeaconWhichRespawnsAtLeastFiveMetresAway() {
    ArenaState state = start("arena(mode=beacon, seconds=60)", 7);
    float firstX = state.targetX(0);
    float firstY = state.targetY(0);
    int decisions = 0;
    while (state.returns()[0] == 0 && !state.isTerminal()) {
      state.applyJoint(List.of(state.parseAction(0, "move_to %s %s".formatted(state.targetX(0), state.targetY(0)))));
      decisions++;
    }
    assertEquals(1.0, state.returns()[0]);
    ArenaState.Frame f = state.frame();
    assertTrue(Math.hypot(f.x[0] - firstX, f.y[0] - firstY) < ArenaState.BEACON_RADIUS + 0.5, "reached the beacon");
    assertTrue(Math.hypot(state.targetX(0) - f.x[0], state.targetY(0) - f.y[0]) >= 5, "respawned 5 m away");
    // 5 m/s over a field at most 45 m across, from a standing start
    assertTrue(decisions < 12 * 11, decisions + " decisions");
  }

  @Test
  void anEpisodeIsCutOffAtItsTimeLimit() {
    ArenaState state = start("arena(mode=beacon, seconds=3, decision_steps=7)", 3);
    int decisions = 0;
    while (!state.isTerminal()) {
      state.applyJoint(List.of(Motor.HOLD));
      decisions++;
    }
    assertEquals(EndStatus.TRUNCATED, state.endStatus());
    assertEquals((3 * 60 + 6) / 7, decisions);
    assertEquals(state.game().maxGameLength(), decisions);
    assertEquals(0, state.secondsLeft(), 1e-9);
  }

  @Test
  void aGoalEndsSoccerWithSoccerTwosRewards() {
    ArenaGame game = (ArenaGame) Games.create("arena(mode=soccer, seconds=60)");
    for (long seed = 0; seed < 5; seed++) {
      State state = game.newInitialState(seed);
      ArenaBots.Bot a = new ArenaBots.Bot(game.mode(), 3, new SplittableRandom(seed));
      while (!state.isTerminal()) {
        state.applyJoint(List.of(a.decide(state.observationTensor(0), state.legalActions(0)),
            a.decide(state.observationTensor(1), state.legalActions(1)), Motor.HOLD, Motor.HOLD));
      }
      double[] r = state.returns();
      assertEquals(EndStatus.TERMINATED, state.endStatus(), "a goal within 60 s against units that hold");
      int used = ((ArenaState) state).stepsDone();
      assertEquals(1 - used / 3600.0, r[0], 1e-9);
      assertEquals(r[0], r[1]);
      assertEquals(-1, r[2]);
      assertEquals(-1, r[3]);
    }
  }

  @Test
  void progressShapingPaysTheBallsNetProgressZeroSum() {
    ArenaGame game = (ArenaGame) Games.create("arena(mode=soccer, seconds=4, progress_reward=2)");
    ArenaState state = (ArenaState) game.newInitialState(6);
    ArenaBots.Bot a = new ArenaBots.Bot(game.mode(), 3, new SplittableRandom(6));
    while (!state.isTerminal()) {
      state.applyJoint(List.of(a.decide(state.observationTensor(0), state.legalActions(0)),
          a.decide(state.observationTensor(1), state.legalActions(1)), Motor.HOLD, Motor.HOLD));
    }
    assertEquals(EndStatus.TRUNCATED, state.endStatus(), "no goal in 4 s");
    float ballX = state.frame().x[4];
    assertTrue(ballX > 1, "side A moved the ball forward: " + ballX);
    double[] r = state.returns();
    assertEquals(2 * ballX / 40, r[0], 1e-6);
    assertEquals(r[0], r[1]);
    assertEquals(-r[0], r[2], 1e-12);
    assertEquals(-r[0], r[3], 1e-12);
  }

  @Test
  void aUnitDownInASkirmishMayOnlyHold() {
    ArenaGame game = (ArenaGame) Games.create("arena(mode=skirmish, seconds=60, kill_reward=0.1)");
    ArenaState state = (ArenaState) game.newInitialState(4);
    List<ArenaBots.Bot> bots = new ArrayList<>();
    for (int seat = 0; seat < 6; seat++) {
      bots.add(new ArenaBots.Bot(game.mode(), seat < 3 ? 3 : 1, new SplittableRandom(seat)));
    }
    int down = -1;
    while (!state.isTerminal() && down < 0) {
      List<Integer> joint = new ArrayList<>();
      for (int seat = 0; seat < 6; seat++) {
        joint.add(bots.get(seat).decide(state.observationTensor(seat), state.legalActions(seat)));
      }
      state.applyJoint(joint);
      for (int seat = 0; seat < 6 && down < 0; seat++) {
        down = state.hp(seat) == 0 ? seat : -1;
      }
    }
    assertTrue(down >= 0, "someone went down");
    if (!state.isTerminal()) {
      assertEquals(List.of(Motor.HOLD), state.legalActions(down));
      assertThrows(IllegalArgumentException.class, () -> state.applyJoint(Collections.nCopies(6, 1)));
    }
    double killers = state.mode().sideOf(down) == 0 ? state.returns()[3] : state.returns()[0];
    assertTrue(killers >= 0.1 - 1e-9, "the killers' side got the kill reward: " + killers);
  }

  @Test
  void theTensorSeesTheBeaconInTheUnitsOwnFrame() {
    ArenaState state = start("arena(mode=beacon, grid=4)", 11);
    float[] tensor = state.observationTensor(0);
    assertEquals(Observations.size(4), tensor.length);
    ArenaState.Frame f = state.frame();
    double dx = state.targetX(0) - f.x[0];
    double dy = state.targetY(0) - f.y[0];
    double cos = Math.cos(f.angle[0]);
    double sin = Math.sin(f.angle[0]);
    int slot = Observations.OWN + (Observations.TEAMMATES + Observations.OPPONENTS + 1) * Observations.FEATURES;
    assertEquals(1, tensor[slot]);
    assertEquals((cos * dx + sin * dy) / 20, tensor[slot + 1], 1e-5);
    assertEquals((-sin * dx + cos * dy) / 20, tensor[slot + 2], 1e-5);
    assertEquals(1, tensor[slot + 8 + Observations.BEACON]);
    int grid = Observations.OWN + Observations.SLOTS * Observations.FEATURES;
    float units = 0;
    float objects = 0;
    for (int i = 0; i < 8; i++) {
      units += tensor[grid + i];
      objects += tensor[grid + 16 + i];
    }
    assertEquals(1, units);
    assertEquals(1, objects);
  }

  @Test
  void theTextGivesCoordinatesToATenthAndTheMacroForms() {
    ArenaState state = start("arena(mode=soccer)", 2);
    String text = state.observationText(2);
    assertTrue(text.contains("You (seat 2) attack the goal at x = -20: at (8.0, -4.0) heading 180 deg"), text);
    assertTrue(text.contains("Ball at (0.0, 0.0)"), text);
    assertTrue(text.contains("move_to X Y, kick X Y or hold"), text);
    assertTrue(text.contains("forward+strafe_left+turn_right+kick"), text);
    assertEquals("0.1", Texts.tenths(new StringBuilder(), 0.06).toString());
    assertEquals("-2.4", Texts.tenths(new StringBuilder(), -2.35001).toString());
  }

  @Test
  void badSpecsAreRefused() {
    assertThrows(SpecException.class, () -> Games.create("arena(mode=hockey)"));
    assertThrows(SpecException.class, () -> Games.create("arena(mode=soccer, kill_reward=0.1)"));
    assertThrows(SpecException.class, () -> Games.create("arena(mode=skirmish, kill_reward=-1)"));
    assertThrows(SpecException.class, () -> Games.create("arena(mode=beacon, progress_reward=1)"));
  }

  /** Fingerprints every 60 decisions of a bot match. */
  private static List<Long> fingerprints(String spec, long seed) {
    ArenaGame game = (ArenaGame) Games.create(spec);
    ArenaState state = (ArenaState) game.newInitialState(seed);
    List<ArenaBots.Bot> bots = new ArrayList<>();
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      bots.add(new ArenaBots.Bot(game.mode(), 1 + seat % 3, new SplittableRandom(seed + seat)));
    }
    List<Long> hashes = new ArrayList<>();
    int decisions = 0;
    while (!state.isTerminal()) {
      List<Integer> joint = new ArrayList<>();
      for (int seat = 0; seat < game.numPlayers(); seat++) {
        joint.add(bots.get(seat).decide(state.observationTensor(seat), state.legalActions(seat)));
      }
      state.applyJoint(joint);
      if (++decisions % 60 == 0 || state.isTerminal()) {
        hashes.add(state.fingerprint());
      }
    }
    return hashes;
  }

  @Test
  void matchesRunAtOnceEqualTheSameMatchesAlone() throws Exception {
    List<Callable<List<Long>>> matches = new ArrayList<>();
    for (String mode : List.of("soccer", "skirmish", "shards", "beacon")) {
      for (long seed = 1; seed <= 2; seed++) {
        String spec = "arena(mode=" + mode + ", seconds=40)";
        long s = seed;
        matches.add(() -> fingerprints(spec, s));
      }
    }
    List<List<Long>> alone = new ArrayList<>();
    for (Callable<List<Long>> match : matches) {
      alone.add(match.call());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> together = pool.invokeAll(matches);
      for (int i = 0; i < matches.size(); i++) {
        assertEquals(alone.get(i), together.get(i).get(), "match " + i);
        assertTrue(alone.get(i).size() >= 1);
      }
    } finally {
      pool.shutdown();
    }
    assertTrue(!alone.get(0).equals(alone.get(1)), "different seeds, different matches");
  }

  @Test
  void aCopyAndARestoredStatePlayOnIdentically() {
    ArenaState state = start("arena(mode=soccer, seconds=20)", 5);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 40; i++) {
      state.applyJoint(List.of(random.nextInt(54), random.nextInt(54), random.nextInt(54), random.nextInt(54)));
    }
    ArenaState copy = (ArenaState) state.copy();
    ArenaState restored = (ArenaState) state.game().deserializeState(state.serialize());
    assertEquals(state.fingerprint(), copy.fingerprint());
    assertEquals(state.fingerprint(), restored.fingerprint());
    List<Integer> joint = List.of(19, 20, 21, 22);
    state.applyJoint(joint);
    copy.applyJoint(joint);
    restored.applyJoint(joint);
    assertEquals(state.fingerprint(), copy.fingerprint());
    assertEquals(state.fingerprint(), restored.fingerprint());
  }
}
