package io.sparring.cli.bench;

import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One uniformly random playout from the initial state: chance sampled by its probabilities, every
 * player choosing uniformly among its legal actions. Shared by {@code sparring bench games} and the
 * JMH benchmarks so both measure the same loop.
 */
public final class RandomPlayouts {
  private RandomPlayouts() {}

  /** Plays one game to the end and returns the number of moves (chance moves included). */
  public static int playOut(Game game, SplittableRandom random) {
    State state = game.newInitialState(random.nextLong());
    int steps = 0;
    while (!state.isTerminal()) {
      int player = state.currentPlayer();
      if (player == State.CHANCE) {
        state.apply(ChanceOutcome.sample(state.chanceOutcomes(), random));
      } else if (player == State.SIMULTANEOUS) {
        List<Integer> actors = state.actingPlayers();
        List<Integer> joint = new ArrayList<>(actors.size());
        for (int seat : actors) {
          List<Integer> legal = state.legalActions(seat);
          joint.add(legal.get(random.nextInt(legal.size())));
        }
        state.applyJoint(joint);
      } else {
        List<Integer> legal = state.legalActions(player);
        state.apply(legal.get(random.nextInt(legal.size())));
      }
      steps++;
    }
    return steps;
  }
}
