package io.sparring.agents.team;

import io.sparring.agents.Agent;
import io.sparring.agents.AgentProvider;
import io.sparring.agents.Decision;
import io.sparring.agents.Role;
import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.agents.solver.SolverAgents;
import io.sparring.core.game.GameType;
import io.sparring.core.game.State;
import io.sparring.core.solvers.Minimax;
import io.sparring.core.spec.Parameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scripted {@code check} verifier: rejects a proposal that is not a legal action (or cannot be
 * read as one) with a critique naming the legal actions. In two-player zero-sum
 * perfect-information games it also searches (minimax to {@code depth} plies, 0 for the whole game)
 * and rejects blunders: legal moves worth less than the best, naming the best ones.
 */
public final class CheckVerifiers implements AgentProvider {

  @Override
  public String name() {
    return "check";
  }

  @Override
  public String description() {
    return "scripted verifier: rejects illegal proposals, naming the legal actions";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.integer("depth", 0, 0, 1000,
        "plies to search for blunders where a solver applies (0: to the end)"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    Minimax search = solvable(game) ? SolverAgents.minimax(game, arguments.getInt("depth")) : null;
    SplittableRandom random = new SplittableRandom(seed);
    return (view, context) -> {
      if (context.role() != Role.VERIFIER) {
        throw new IllegalStateException("check is a verifier; it cannot play the " + context.role());
      }
      Decision proposal = context.proposal().orElseThrow(
          () -> new IllegalStateException("the verifier was called without a proposal"));
      List<Integer> legal = view.observation().legalActions();
      int action = proposal.action();
      String problem = null;
      if (action == Decision.NO_ACTION) {
        try {
          action = view.parseAction(proposal.freeText());
        } catch (IllegalArgumentException unreadable) {
          problem = unreadable.getMessage();
        }
      } else if (!legal.contains(action)) {
        problem = "action %d is not legal; legal: %s"
            .formatted(action, view.observation().legalActionNames());
      }
      if (problem != null) {
        return Decision.verdict(false, problem);
      }
      if (search == null) {
        return Decision.verdict(true, "legal");
      }
      State state = view.worlds().sample(random);
      Minimax.Analysis analysis = search.analyze(state);
      if (analysis.bestActions().contains(action)) {
        return Decision.verdict(true, "legal and optimal (value %s)".formatted(analysis.value()));
      }
      List<String> best = analysis.bestActions().stream()
          .map(a -> state.actionToString(view.seat(), a)).toList();
      return Decision.verdict(false, "%s is a blunder; the best moves are %s (value %s)"
          .formatted(state.actionToString(view.seat(), action), best, analysis.value()));
    };
  }

  private static boolean solvable(Game game) {
    GameType type = game.type();
    return type.information() == GameType.Information.PERFECT && game.numPlayers() == 2
        && (type.utility() == GameType.Utility.ZERO_SUM || type.utility() == GameType.Utility.CONSTANT_SUM);
  }
}
