package io.sparring.cli;

import io.sparring.arena.ArenaDrawing;
import io.sparring.core.game.Game;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The games whose states {@code sparring replay} can draw, by game name. */
final class Drawers {
  /** A game's drawing goes here under the game's name (its spec without parameters). */
  private static final Map<String, FrameDrawer> BY_GAME = Map.of("arena", ArenaDrawing::draw);

  private Drawers() {}

  static Optional<FrameDrawer> forGame(Game game) {
    return Optional.ofNullable(BY_GAME.get(game.spec().name()));
  }

  /** The names of the games with a drawing, sorted. */
  static List<String> games() {
    return BY_GAME.keySet().stream().sorted().toList();
  }
}
