package io.sparring.cli;

import io.sparring.agent.Agent;
import io.sparring.agent.Agents;
import io.sparring.game.Game;
import io.sparring.game.GameType;
import io.sparring.game.Games;
import io.sparring.game.State;
import io.sparring.spec.Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sparring play}: a person plays one seat in the terminal; agents play the others. */
@Command(
    name = "play",
    mixinStandardHelpOptions = true,
    description = {
      "Play a game in the terminal against agents.",
      "Type an action by name (as listed) or by number; 'help' lists them again, 'quit' leaves."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring play tic_tac_toe                       you are X, a random agent is O",
      "  ./sparring play tic_tac_toe --seat 1 --seed 7     you are O; seed 7 replays the agent",
      "  ./sparring play 'kuhn_poker(players=3)' --vs random",
    })
final class PlayCommand implements Callable<Integer> {
  private static final DecimalFormat SIGNED =
      new DecimalFormat("+0.###;-0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));

  @ParentCommand private SparringCommand parent;
  @CommandLine.Spec private CommandSpec command;

  @Parameters(index = "0", paramLabel = "GAME", description = "Game spec, e.g. tic_tac_toe.")
  private String gameSpec;

  @Option(
      names = "--vs",
      paramLabel = "SPEC",
      defaultValue = "random",
      description = "Agent spec for every other seat (default: ${DEFAULT-VALUE}).")
  private String opponentSpec;

  @Option(
      names = "--seat",
      paramLabel = "N",
      defaultValue = "0",
      description = "Your seat, from 0 (default: ${DEFAULT-VALUE}).")
  private int seat;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed for chance and the agents (default: from the clock, printed so you can replay).")
  private Long seed;

  @Override
  public Integer call() {
    PrintWriter out = parent.terminal().out();
    Game game = Games.create(gameSpec);
    if (seat < 0 || seat >= game.numPlayers()) {
      throw new CommandLine.ParameterException(
          command.commandLine(),
          "--seat %d is out of range: %s has seats 0..%d"
              .formatted(seat, game.spec(), game.numPlayers() - 1));
    }
    long episodeSeed = seed != null ? seed : System.currentTimeMillis();
    Spec opponent = Spec.parse(opponentSpec);
    List<Agent> agents = new ArrayList<>();
    for (int s = 0; s < game.numPlayers(); s++) {
      agents.add(s == seat ? null : Agents.create(opponent, game, episodeSeed + 1 + s));
    }
    out.printf("%s, seed %d (replay with --seed %d). You are seat %d; the others are %s.%n%n",
        game.spec(), episodeSeed, episodeSeed, seat, opponent);
    out.println(game.rules());
    out.println();

    State state = game.newInitialState(episodeSeed);
    boolean hidden = game.type().information() == GameType.Information.IMPERFECT;
    while (!state.isTerminal()) {
      int player = state.currentPlayer();
      if (player == State.CHANCE) {
        int outcome = state.sampleChanceOutcome();
        out.println(hidden ? "Chance acts." : "Chance: " + state.actionToString(State.CHANCE, outcome));
        state.apply(outcome);
      } else if (player == State.SIMULTANEOUS) {
        List<Integer> joint = new ArrayList<>();
        for (int s : state.actingPlayers()) {
          joint.add(s == seat ? askPerson(state) : agents.get(s).act(state.observation(s)));
        }
        if (joint.contains(null)) {
          return CommandLine.ExitCode.OK;
        }
        state.applyJoint(joint);
      } else if (player == seat) {
        Integer action = askPerson(state);
        if (action == null) {
          return CommandLine.ExitCode.OK;
        }
        state.apply(action);
      } else {
        int action = agents.get(player).act(state.observation(player));
        out.printf("Seat %d (%s) plays %s%n", player, opponent, state.actionToString(player, action));
        state.apply(action);
      }
    }
    out.println();
    out.println(state.render(seat));
    double mine = state.returns()[seat];
    double best = Arrays.stream(state.returns()).max().orElseThrow();
    String verdict = mine == best && Arrays.stream(state.returns()).allMatch(r -> r == mine)
        ? "It's a draw" : mine == best ? "You win" : "You lose";
    out.printf("Game over. %s (your return %s).%n", verdict, SIGNED.format(mine));
    return CommandLine.ExitCode.OK;
  }

  /** Asks until the person types a legal action; null when they quit. */
  private Integer askPerson(State state) {
    PrintWriter out = parent.terminal().out();
    out.println();
    out.println(state.render(seat));
    printLegal(state);
    while (true) {
      out.print("Your action> ");
      out.flush();
      String line;
      try {
        line = parent.terminal().in().readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (line == null) {
        throw new IllegalStateException("input ended before the game did");
      }
      String typed = line.strip();
      if (typed.equalsIgnoreCase("quit") || typed.equalsIgnoreCase("exit")) {
        out.println("You left the game.");
        return null;
      }
      if (typed.equalsIgnoreCase("help") || typed.isEmpty()) {
        printLegal(state);
        continue;
      }
      try {
        return state.parseAction(seat, typed);
      } catch (IllegalArgumentException e) {
        out.println(e.getMessage());
      }
    }
  }

  private void printLegal(State state) {
    List<String> names = new ArrayList<>();
    for (int action : state.legalActions(seat)) {
      names.add(action + ": " + state.actionToString(seat, action));
    }
    parent.terminal().out().println("Legal actions: " + String.join(", ", names));
  }
}
