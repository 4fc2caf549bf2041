package io.sparring.cli;

import io.sparring.core.game.Game;
import io.sparring.core.game.GameProvider;
import io.sparring.core.game.Games;
import io.sparring.core.spec.Parameter;
import io.sparring.league.report.Table;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code sparring games}: the registered games, their facts and parameters. */
@Command(
    name = "games",
    mixinStandardHelpOptions = true,
    description = "List the registered games with their facts (at default parameters) and parameters.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring games",
      "  ./sparring play 'kuhn_poker(players=3)'   a game is named by a spec with its parameters"
    })
final class GamesCommand implements Runnable {
  @ParentCommand private SparringCommand parent;

  @Override
  public void run() {
    PrintWriter out = parent.terminal().out();
    Table table =
        new Table("GAME", "PLAYERS", "MOVES", "CHANCE", "INFORMATION", "UTILITY", "ACTIONS",
            "MAX LENGTH", "PARAMETERS");
    for (GameProvider provider : Games.registry().providers()) {
      Game game = Games.create(provider.name());
      // A game may start work in the background when created (the web shop builds its search index
      // into a cache folder); a first state waits for it, so exiting does not cut it off half-written.
      game.newInitialState(0);
      table.add(
          provider.name(),
          game.numPlayers(),
          lower(game.type().dynamics()),
          lower(game.type().chanceMode()),
          lower(game.type().information()),
          lower(game.type().utility()).replace('_', '-'),
          game.numDistinctActions(),
          game.maxGameLength(),
          provider.parameters().isEmpty()
              ? "-"
              : provider.parameters().stream().map(Parameter::summary).collect(Collectors.joining(", ")));
    }
    table.print(out);
    out.println();
    for (GameProvider provider : Games.registry().providers()) {
      out.println("  " + provider.name() + ": " + provider.description());
      for (Parameter p : provider.parameters()) {
        out.println("      " + p.summary() + "  " + p.description());
      }
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
