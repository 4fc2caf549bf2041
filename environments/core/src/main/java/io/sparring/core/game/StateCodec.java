package io.sparring.core.game;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compact serialization shared by all games: {@code seed;move,move,...} where a simultaneous move is
 * written {@code a+b}. Decoding replays the moves from a new initial state with the same seed, which
 * checks every move against the rules.
 */
final class StateCodec {
  private StateCodec() {}

  static String encode(State state) {
    return state.seed() + ";" + encodeMoves(state);
  }

  static String encodeMoves(State state) {
    return state.history().stream()
            .map(m -> m.actions().stream().map(String::valueOf).collect(Collectors.joining("+")))
            .collect(Collectors.joining(","));
  }

  static State decode(Game game, String serialized) {
    int separator = serialized.indexOf(';');
    if (separator < 0) {
      throw new IllegalArgumentException(
          "cannot read state '%s' of %s: expected 'seed;moves'".formatted(serialized, game.spec()));
    }
    State state;
    try {
      state = game.newInitialState(Long.parseLong(serialized.substring(0, separator)));
      String moves = serialized.substring(separator + 1);
      if (!moves.isEmpty()) {
        for (String move : moves.split(",", -1)) {
          if (move.contains("+")) {
            List<Integer> actions = new ArrayList<>();
            for (String action : move.split("\\+", -1)) {
              actions.add(Integer.parseInt(action));
            }
            state.applyJoint(actions);
          } else {
            state.apply(Integer.parseInt(move));
          }
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "cannot read state '%s' of %s: %s".formatted(serialized, game.spec(), e.getMessage()), e);
    }
    return state;
  }
}
