package io.sparring.agents.mcts;

import io.sparring.agents.Agent;
import io.sparring.agents.AgentProvider;
import io.sparring.agents.Decision;
import io.sparring.agents.Role;
import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code mcts} backend: UCT with uniformly random rollouts, for any game. Imperfect information
 * is handled by determinization: every simulation starts from a fresh world drawn from the seat's
 * information state. Simultaneous moves use decoupled UCT (each acting seat picks by its own
 * statistics); chance is sampled.
 */
public final class MctsAgents implements AgentProvider {

  @Override
  public String name() {
    return "mcts";
  }

  @Override
  public String description() {
    return "Monte Carlo tree search (UCT, random rollouts; determinized for hidden information)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.integer("simulations", 1000, 1, 10_000_000, "simulations per decision"),
        Parameter.real("exploration", 1.4, "UCT exploration constant, on returns scaled to [0, 1]"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    int simulations = arguments.getInt("simulations");
    double exploration = arguments.getDouble("exploration");
    if (!(exploration >= 0)) {
      throw new IllegalArgumentException("mcts exploration must be >= 0, got " + exploration);
    }
    SplittableRandom random = new SplittableRandom(seed);
    return (view, context) -> {
      if (context.role() == Role.STRATEGIST) {
        return Decision.text("");
      }
      if (context.role() == Role.VERIFIER) {
        throw new IllegalStateException("mcts cannot verify; use it as generator or refiner");
      }
      return new Search(view, simulations, exploration, random).run();
    };
  }
}
