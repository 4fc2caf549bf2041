package io.sparring.agents;

import static java.util.Objects.requireNonNull;

import io.sparring.core.game.Game;
import io.sparring.core.game.Observation;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Everything an agent may use to decide for one seat: the game, the seat's observation, the seat's
 * own earlier decisions this match, states consistent with the seat's information (for search), and
 * the game's parser for free-text actions.
 */
public record SeatView(
    Game game,
    Observation observation,
    List<Decision> ownHistory,
    Worlds worlds,
    ToIntFunction<String> actionParser) {

  public SeatView {
    requireNonNull(game);
    requireNonNull(observation);
    ownHistory = List.copyOf(ownHistory);
    requireNonNull(worlds);
    requireNonNull(actionParser);
  }

  public int seat() {
    return observation.seat();
  }

  /**
   * Reads an action name or number for this seat.
   *
   * @throws IllegalArgumentException naming the legal actions when it is not one of them
   */
  public int parseAction(String text) {
    return actionParser.applyAsInt(text);
  }
}
