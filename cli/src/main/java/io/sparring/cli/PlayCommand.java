package io.sparring.cli;

import io.sparring.agents.Agents;
import io.sparring.agents.HumanAgents;
import io.sparring.agents.MatchAbandoned;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Games;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.core.spec.Spec;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
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
      "  ./sparring play connect_four --vs 'mcts(simulations=1000)'",
      "  ./sparring play tic_tac_toe --seat 1 --seed 7     you are O; seed 7 replays the agent",
      "  ./sparring play 'hanabi(preset=mini)' --vs mcts  a cooperative game with an MCTS partner",
    })
final class PlayCommand implements Callable<Integer> {
  static final DecimalFormat SIGNED =
      new DecimalFormat("+0.###;-0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));

  @ParentCommand private SparringCommand parent;
  @CommandLine.Spec private CommandSpec command;

  @Parameters(index = "0", paramLabel = "GAME", description = "Game spec, e.g. tic_tac_toe.")
  private String gameSpec;

  @Option(names = "--vs", paramLabel = "SPEC", defaultValue = "random",
      description = "Agent spec for every other seat (default: ${DEFAULT-VALUE}).")
  private String opponentSpec;

  @Option(names = "--seat", paramLabel = "N", defaultValue = "0",
      description = "Your seat, from 0 (default: ${DEFAULT-VALUE}).")
  private int seat;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed for chance and the agents (default: from the clock, printed so you can replay).")
  private Long seed;

  @Override
  public Integer call() {
    PrintWriter out = parent.terminal().out();
    Game game = Games.create(gameSpec);
    if (seat < 0 || seat >= game.numPlayers()) {
      throw new CommandLine.ParameterException(command.commandLine(),
          "--seat %d is out of range: %s has seats 0..%d"
              .formatted(seat, game.spec(), game.numPlayers() - 1));
    }
    Spec opponent = Spec.parse(opponentSpec);
    Agents.registry().arguments(opponent); // a bad spec fails before the game starts
    long episodeSeed = seed != null ? seed : System.currentTimeMillis();
    List<Seating> seatings = new ArrayList<>();
    for (int s = 0; s < game.numPlayers(); s++) {
      seatings.add(new Seating(List.of(s), s == seat ? Spec.of("human") : opponent, ""));
    }
    out.printf("%s, seed %d (replay with --seed %d). You are seat %d; the others are %s.%n%n",
        game.spec(), episodeSeed, episodeSeed, seat, opponent);
    out.println(game.rules());
    boolean hidden = game.type().information() == GameType.Information.IMPERFECT;
    MatchRunner.Listener progress = (state, step) -> {
      if (step.hasChance()) {
        out.println(hidden ? "Chance acts." : "Chance: " + step.getChance().getName());
      }
      for (TurnRecord turn : step.getTurnsList()) {
        if (turn.getSeat() != seat && turn.hasAction()) {
          out.printf("Seat %d (%s) plays %s%n", turn.getSeat(), opponent, turn.getAction().getName());
        }
      }
      if (state.isTerminal()) {
        out.println();
        out.println(state.render(seat));
      }
    };
    Trajectory played;
    try {
      played = MatchRunner.play(MatchConfig.of(game, episodeSeed, seatings), progress,
          (player, g, agentSeed) -> player.name().equals("human")
              ? HumanAgents.terminal(parent.terminal().in(), out)
              : Agents.create(player, g, agentSeed));
    } catch (MatchAbandoned abandoned) {
      if (!abandoned.chosen()) {
        throw abandoned;
      }
      out.println("You left the game.");
      return CommandLine.ExitCode.OK;
    }
    out.printf("Game over. %s%n", verdict(game, played.getReturnsList(), seat));
    return CommandLine.ExitCode.OK;
  }

  /** How the game ended for one seat, in words. */
  static String verdict(Game game, List<Double> returns, int seat) {
    double mine = returns.get(seat);
    if (game.type().utility() == GameType.Utility.IDENTICAL) {
      return "Team score: " + SIGNED.format(mine) + ".";
    }
    double best = returns.stream().mapToDouble(r -> r).max().orElseThrow();
    boolean allEqual = returns.stream().allMatch(r -> r == mine);
    String word = allEqual ? "It's a draw" : mine == best ? "You win" : "You lose";
    return word + " (your return " + SIGNED.format(mine) + ").";
  }
}
