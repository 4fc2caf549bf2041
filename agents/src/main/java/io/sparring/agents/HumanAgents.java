package io.sparring.agents;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code human} backend: a person at the terminal. It shows the seat's view and asks until the
 * answer is legal; 'help' lists the actions again and 'quit' abandons the match.
 */
public final class HumanAgents implements AgentProvider {

  @Override
  public String name() {
    return "human";
  }

  @Override
  public String description() {
    return "a person typing at the terminal";
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    return terminal(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        new PrintWriter(System.out, true, StandardCharsets.UTF_8));
  }

  /** A person reading {@code out} and typing into {@code in}. */
  public static Agent terminal(BufferedReader in, PrintWriter out) {
    return (view, context) -> {
      out.println();
      out.println(render(view));
      if (!context.strategy().isEmpty()) {
        out.println("Team strategy: " + context.strategy());
      }
      if (!context.feedback().isEmpty()) {
        out.println("Your last answer was refused: " + context.feedback());
      }
      return switch (context.role()) {
        case STRATEGIST -> Decision.text(ask(in, out, "Your strategy> "));
        case VERIFIER -> {
          out.println("Proposal: " + context.proposal().map(Decision::toString).orElse("-"));
          String answer = ask(in, out, "accept, or reject with a reason> ");
          yield Decision.verdict(answer.toLowerCase(java.util.Locale.ROOT).startsWith("accept"), answer);
        }
        case GENERATOR, REFINER -> {
          context.critique().ifPresent(c -> out.println("Critique: " + c.text()));
          printLegal(view, out);
          while (true) {
            String typed = ask(in, out, "Your action> ");
            if (typed.equalsIgnoreCase("help") || typed.isEmpty()) {
              printLegal(view, out);
              continue;
            }
            try {
              yield Decision.action(view.parseAction(typed));
            } catch (IllegalArgumentException illegal) {
              out.println(illegal.getMessage());
            }
          }
        }
      };
    };
  }

  private static String render(SeatView view) {
    String text = view.observation().text();
    // The observation text ends with the legal actions, which printLegal shows numbered.
    int legal = text.lastIndexOf("\nIt is your turn.");
    return legal >= 0 ? text.substring(0, legal) : text;
  }

  private static void printLegal(SeatView view, PrintWriter out) {
    List<String> names = new ArrayList<>();
    List<Integer> legal = view.observation().legalActions();
    for (int i = 0; i < legal.size(); i++) {
      names.add(legal.get(i) + ": " + view.observation().legalActionNames().get(i));
    }
    out.println("Legal actions: " + String.join(", ", names));
  }

  private static String ask(BufferedReader in, PrintWriter out, String prompt) {
    out.print(prompt);
    out.flush();
    String line;
    try {
      line = in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (line == null) {
      throw new MatchAbandoned("input ended before the game did", false);
    }
    String typed = line.strip();
    if (typed.equalsIgnoreCase("quit") || typed.equalsIgnoreCase("exit")) {
      throw new MatchAbandoned("you left the game", true);
    }
    return typed;
  }
}
