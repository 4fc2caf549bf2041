package io.sparring.agent;

import io.sparring.game.Game;
import io.sparring.spec.Arguments;
import java.util.List;
import java.util.SplittableRandom;

/** The {@code random} backend: a legal action chosen uniformly with a seeded generator. */
public final class RandomAgents implements AgentProvider {

  @Override
  public String name() {
    return "random";
  }

  @Override
  public String description() {
    return "uniformly random legal actions";
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return observation -> {
      List<Integer> legal = observation.legalActions();
      if (legal.isEmpty()) {
        throw new IllegalStateException("seat " + observation.seat() + " has no legal action");
      }
      return legal.get(random.nextInt(legal.size()));
    };
  }
}
