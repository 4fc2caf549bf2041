package io.sparring.core.game;

import static java.util.Objects.requireNonNull;

/** What kind of game it is; these facts do not change with the game's parameters. */
public record GameType(
    Dynamics dynamics, ChanceMode chanceMode, Information information, Utility utility) {

  /** Whether players move one at a time or some move together. */
  public enum Dynamics {
    SEQUENTIAL,
    SIMULTANEOUS
  }

  /** Whether the game has chance events, which are then explicit nodes with probabilities. */
  public enum ChanceMode {
    DETERMINISTIC,
    EXPLICIT
  }

  /** Whether every player sees the whole state. */
  public enum Information {
    PERFECT,
    IMPERFECT
  }

  /** How the players' returns relate to each other at the end of a game. */
  public enum Utility {
    ZERO_SUM,
    CONSTANT_SUM,
    GENERAL_SUM,
    IDENTICAL
  }

  public GameType {
    requireNonNull(dynamics);
    requireNonNull(chanceMode);
    requireNonNull(information);
    requireNonNull(utility);
  }
}
