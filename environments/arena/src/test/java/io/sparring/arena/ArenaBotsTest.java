package io.sparring.arena;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scripted bots score as their levels say, in every mode. */
class ArenaBotsTest {

  /** Plays one match of bots at the given levels per seat and returns the returns. */
  static double[] play(String spec, long seed, int... levels) {
    ArenaGame game = (ArenaGame) Games.create(spec);
    State state = game.newInitialState(seed);
    List<ArenaBots.Bot> bots = new ArrayList<>();
    for (int seat = 0; seat < levels.length; seat++) {
      bots.add(new ArenaBots.Bot(game.mode(), levels[seat], new SplittableRandom(seed * 31 + seat)));
    }
    while (!state.isTerminal()) {
      List<Integer> joint = new ArrayList<>();
      for (int seat : state.actingPlayers()) {
        joint.add(bots.get(seat).decide(state.observationTensor(seat), state.legalActions(seat)));
      }
      state.applyJoint(joint);
    }
    return state.returns();
  }

  @Test
  void beaconLevelThreeCollectsMoreThanLevelOne() {
    double strong = 0;
    double weak = 0;
    for (long seed = 0; seed < 10; seed++) {
      strong += play("arena(mode=beacon, seconds=30)", seed, 3)[0];
      weak += play("arena(mode=beacon, seconds=30)", seed, 1)[0];
    }
    System.out.printf("beacon L3 %.1f L1 %.1f%n", strong / 10, weak / 10);
    assertTrue(strong > 1.5 * weak && strong / 10 > 5, strong + " vs " + weak);
  }

  @Test
  void soccerLevelThreeBeatsLevelOne() {
    int wins = 0;
    int losses = 0;
    for (long seed = 0; seed < 20; seed++) {
      boolean swap = seed % 2 == 1;
      double[] r = swap ? play("arena(mode=soccer, seconds=60)", seed, 1, 1, 3, 3)
          : play("arena(mode=soccer, seconds=60)", seed, 3, 3, 1, 1);
      double strong = swap ? r[2] : r[0];
      double weak = swap ? r[0] : r[2];
      wins += strong > weak ? 1 : 0;
      losses += strong < weak ? 1 : 0;
    }
    System.out.println("soccer L3 wins " + wins + " losses " + losses);
    assertTrue(wins >= 14, wins + " wins of 20");
  }

  @Test
  void skirmishLevelThreeBeatsLevelOne() {
    int wins = 0;
    for (long seed = 0; seed < 20; seed++) {
      boolean swap = seed % 2 == 1;
      double[] r = swap ? play("arena(mode=skirmish, seconds=60)", seed, 1, 1, 1, 3, 3, 3)
          : play("arena(mode=skirmish, seconds=60)", seed, 3, 3, 3, 1, 1, 1);
      wins += (swap ? r[3] : r[0]) > 0 ? 1 : 0;
    }
    System.out.println("skirmish L3 wins " + wins);
    assertTrue(wins >= 14, wins + " wins of 20");
  }

  @Test
  void shardsLevelThreeIsFasterThanLevelOne() {
    double strong = 0;
    double weak = 0;
    for (long seed = 0; seed < 10; seed++) {
      strong += play("arena(mode=shards, seconds=15)", seed, 3, 3)[0];
      weak += play("arena(mode=shards, seconds=15)", seed, 1, 1)[0];
    }
    System.out.printf("shards L3 %.1f L1 %.1f%n", strong / 10, weak / 10);
    assertTrue(strong > 1.3 * weak, strong + " vs " + weak);
  }
}
