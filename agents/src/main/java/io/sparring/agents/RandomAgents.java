package io.sparring.agents;

import io.sparring.core.game.Game;
import io.sparring.core.game.TextActions;
import io.sparring.core.spec.Arguments;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code random} backend: a legal action chosen uniformly with a seeded generator, or in a game
 * of text actions only, one of the text forms' examples. As a verifier it accepts every proposal;
 * as a strategist it writes no strategy.
 */
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
    return (view, context) -> switch (context.role()) {
      case STRATEGIST -> Decision.text("");
      case VERIFIER -> Decision.verdict(true, "");
      case GENERATOR, REFINER -> {
        List<Integer> legal = view.observation().legalActions();
        List<TextActions.Form> forms = game.facts().textActions().forms();
        if (legal.isEmpty() && !forms.isEmpty()) {
          yield Decision.freeText(forms.get(random.nextInt(forms.size())).example());
        }
        if (legal.isEmpty()) {
          throw new IllegalStateException("seat " + view.seat() + " has no legal action");
        }
        yield Decision.action(legal.get(random.nextInt(legal.size())));
      }
    };
  }
}
