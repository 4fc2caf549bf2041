package io.sparring.league.run;

import io.sparring.league.engine.League;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The league run directories under a directory the user names: the directory itself for a run of
 * one game, or, for a run of several games, the directory of each game's league, in play order, as
 * listed in its {@value #GAMES_FILE}.
 */
public final class RunDirectories {
  public static final String GAMES_FILE = "games.txt";

  private RunDirectories() {}

  public static List<Path> of(Path directory) {
    League.requireDirectory(directory);
    Path games = directory.resolve(GAMES_FILE);
    if (!Files.isRegularFile(games)) {
      return List.of(directory);
    }
    try {
      return Files.readAllLines(games).stream().map(String::strip).filter(l -> !l.isEmpty())
          .map(directory::resolve).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + games, e);
    }
  }

  /** The directory of one game's league within a run of several: its name without parameters. */
  public static String name(String gameSpec) {
    int paren = gameSpec.indexOf('(');
    return (paren < 0 ? gameSpec : gameSpec.substring(0, paren)).replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
