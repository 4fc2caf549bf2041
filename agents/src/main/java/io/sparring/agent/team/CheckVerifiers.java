package io.sparring.agent.team;

import io.sparring.agent.Agent;
import io.sparring.agent.AgentProvider;
import io.sparring.agent.Decision;
import io.sparring.agent.Role;
import io.sparring.game.Game;
import io.sparring.spec.Arguments;
import java.util.List;

/**
 * The scripted {@code check} verifier: rejects a proposal that is not a legal action (or cannot be
 * read as one) with a critique naming the legal actions, and otherwise accepts it.
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
  public Agent create(Arguments arguments, Game game, long seed) {
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
      return problem == null
          ? Decision.verdict(true, "legal")
          : Decision.verdict(false, problem);
    };
  }
}
