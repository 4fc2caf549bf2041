package io.sparring.agents;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A test backend, {@code scripted(answers='...', name='...')}: it answers from a list of its own
 * (separated by ";": action numbers, free text prefixed by '~', 'accept', 'reject', or a strategy prefixed by '!'),
 * falling back to the first legal action, and records every call so tests can see what each role
 * was shown.
 */
public final class ScriptedAgents implements AgentProvider {
  /** Every call made to any scripted agent, in order. */
  public static final List<Call> CALLS = Collections.synchronizedList(new ArrayList<>());

  private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
      new java.util.concurrent.atomic.AtomicInteger();

  /** What one call saw. */
  public record Call(String name, int instance, int seat, Role role, String observation,
      String strategy, String proposal, String critique, String feedback) {}

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public String description() {
    return "test agent answering from a script";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.text("answers", "", "answers separated by semicolons"),
        Parameter.text("name", "scripted", "name in the call log"),
        Parameter.integer("sleep_ms", 0, 0, 60_000, "delay before answering"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    List<String> answers = new ArrayList<>(arguments.getString("answers").isEmpty()
        ? List.of() : Arrays.asList(arguments.getString("answers").split(";")));
    String name = arguments.getString("name");
    int sleep = arguments.getInt("sleep_ms");
    int instance = INSTANCES.incrementAndGet();
    return (view, context) -> {
      CALLS.add(new Call(name, instance, view.seat(), context.role(), view.observation().text(),
          context.strategy(), context.proposal().map(Decision::toString).orElse(""),
          context.critique().map(Decision::text).orElse(""), context.feedback()));
      if (sleep > 0) {
        try {
          Thread.sleep(sleep);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      String answer = answers.isEmpty() ? "" : answers.removeFirst().strip();
      return switch (context.role()) {
        case STRATEGIST -> Decision.text(answer.startsWith("!") ? answer.substring(1) : "");
        case VERIFIER -> Decision.verdict(!answer.equals("reject"), answer + " by " + name);
        case GENERATOR, REFINER -> answer.startsWith("~") ? Decision.freeText(answer.substring(1))
            : answer.matches("-?\\d+") ? Decision.action(Integer.parseInt(answer))
            : Decision.action(view.observation().legalActions().getFirst());
      };
    };
  }
}
