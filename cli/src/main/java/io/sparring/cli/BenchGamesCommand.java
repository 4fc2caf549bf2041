package io.sparring.cli;

import io.sparring.cli.bench.GameSpeed;
import io.sparring.cli.bench.GameSpeed.Throughput;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameProvider;
import io.sparring.core.game.Games;
import io.sparring.league.report.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sparring bench games}: random playouts per second, beside OpenSpiel's C++. */
@Command(
    name = "games",
    mixinStandardHelpOptions = true,
    description = {
      "Measure random playouts per second of each game.",
      "Uniformly random playouts per second and moves per second for each game, on one thread and",
      "on all cores, each playout from the initial state with chance sampled by its probabilities.",
      "The last columns compare one thread with OpenSpiel 2.0.1 C++ (-O3, one thread) measured on",
      "a machine of the kind Sparring is developed on (2 cores); ratio > 1 means Sparring is faster."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring bench games                           every game at its default parameters",
      "  ./sparring bench games --seconds 5 connect_four  one game, longer runs",
      "  ./sparring bench games 'kuhn_poker(players=3)' --threads 1"
    })
final class BenchGamesCommand implements Runnable {
  /** OpenSpiel 2.0.1 C++ random playouts per second, one thread, medians (±20% between runs). */
  static final Map<String, Double> OPENSPIEL_PLAYOUTS_PER_SECOND =
      Map.of(
          "tic_tac_toe", 940e3,
          "connect_four", 164e3,
          "kuhn_poker", 2.17e6,
          "leduc_poker", 975e3,
          "goofspiel", 104e3,
          "liars_dice", 1.30e6,
          "negotiation", 233e3);

  @ParentCommand private BenchCommand parent;
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Parameters(paramLabel = "GAME", arity = "0..*", description = "Game specs (default: every game).")
  private List<String> specs = new ArrayList<>();

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
      description = "Measured seconds per game and thread count, after as long a warm-up (default: ${DEFAULT-VALUE}).")
  private double seconds;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for the parallel run (default: all cores).")
  private Integer threads;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public void run() {
    if (seconds <= 0) {
      throw new CommandLine.ParameterException(command.commandLine(), "--seconds must be > 0, got " + seconds);
    }
    int parallel = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (parallel < 1) {
      throw new CommandLine.ParameterException(command.commandLine(), "--threads must be >= 1, got " + parallel);
    }
    List<Game> games = new ArrayList<>();
    if (specs.isEmpty()) {
      for (GameProvider provider : Games.registry().providers()) {
        Game game = Games.create(provider.name());
        if (playsOutAtRandom(game)) {
          games.add(game);
        } else {
          // Work the game started when created (the web shop builds its index) ends before the
          // measurements, rather than running beside them.
          game.newInitialState(0);
        }
      }
    } else {
      for (String spec : specs) {
        Game game = Games.create(spec);
        if (!playsOutAtRandom(game)) {
          throw new CommandLine.ParameterException(command.commandLine(), game.spec().name() + " takes text"
              + " actions, which random playouts cannot draw" + (game.spec().name().equals("webshop")
                  ? "; measure it with 'sparring bench webshop'" : ""));
        }
        games.add(game);
      }
    }
    PrintWriter out = command.commandLine().getOut();
    out.printf(Locale.ROOT, "Random playouts, %.1f s per measurement after a %.1f s warm-up; %d core(s), Java %s.%n",
        seconds, seconds, Runtime.getRuntime().availableProcessors(), Runtime.version());
    Duration duration = Duration.ofNanos((long) (seconds * 1e9));
    Table table = new Table("GAME", "PLAYOUTS/S 1T", "MOVES/S 1T", "PLAYOUTS/S " + parallel + "T",
        "MOVES/S " + parallel + "T", "OPENSPIEL C++ 1T", "RATIO 1T");
    for (Game game : games) {
      command.commandLine().getErr().printf("measuring %s ...%n", game.spec());
      command.commandLine().getErr().flush();
      Throughput one = GameSpeed.measure(game, 1, duration, seed);
      Throughput all = GameSpeed.measure(game, parallel, duration, seed);
      Double reference = referenceFor(game);
      table.add(label(game), si(one.playoutsPerSecond()), si(one.stepsPerSecond()),
          si(all.playoutsPerSecond()), si(all.stepsPerSecond()),
          reference == null ? "-" : si(reference),
          reference == null ? "-" : String.format(Locale.ROOT, "%.2f", one.playoutsPerSecond() / reference));
    }
    table.print(out);
  }

  /**
   * Random playouts draw indexed actions only, so a game that takes text actions is left out:
   * word_chain has no indexed actions, and the web shop's search page has none (a search is text).
   */
  private static boolean playsOutAtRandom(Game game) {
    return game.numDistinctActions() > 0 && !game.facts().textActions().accepted();
  }

  /** A game at its defaults goes by its name, to keep the table narrow. */
  private static String label(Game game) {
    return isDefault(game) ? game.spec().name() : game.spec().toString();
  }

  private static boolean isDefault(Game game) {
    return Games.create(game.spec().name()).spec().equals(game.spec());
  }

  /** The yardstick applies only to a game at its default parameters, which is what was measured. */
  private static Double referenceFor(Game game) {
    return isDefault(game) ? OPENSPIEL_PLAYOUTS_PER_SECOND.get(game.spec().name()) : null;
  }

  static String si(double value) {
    if (value >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", value / 1e6);
    }
    if (value >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", value / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", value);
  }
}
