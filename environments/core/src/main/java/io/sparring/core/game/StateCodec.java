package io.sparring.core.game;

import java.util.ArrayList;
import java.util.List;

/**
 * Compact serialization shared by all games: {@code seed;move,move,...} where a simultaneous move is
 * written {@code a+b} and a text move as a quoted string ({@code "say[apple]"}, with {@code \"} and
 * {@code \\} inside); strings without text moves read as before text moves existed. Decoding replays
 * the moves from a new initial state with the same seed, which checks every move against the rules.
 */
final class StateCodec {
  private StateCodec() {}

  static String encode(State state) {
    return state.seed() + ";" + encodeMoves(state);
  }

  static String encodeMoves(State state) {
    StringBuilder out = new StringBuilder();
    for (Move move : state.history()) {
      if (!out.isEmpty()) {
        out.append(',');
      }
      if (move.isText()) {
        out.append('"').append(move.text().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      } else {
        for (int i = 0; i < move.actions().size(); i++) {
          out.append(i == 0 ? "" : "+").append(move.actions().get(i));
        }
      }
    }
    return out.toString();
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
      int at = 0;
      while (at < moves.length()) {
        if (moves.charAt(at) == '"') {
          StringBuilder text = new StringBuilder();
          at = readQuoted(moves, at + 1, text);
          state.applyText(state.currentPlayer(), text.toString());
        } else {
          int end = moves.indexOf(',', at);
          end = end < 0 ? moves.length() : end;
          applyIndexed(state, moves.substring(at, end));
          at = end;
        }
        if (at < moves.length()) {
          if (moves.charAt(at) != ',' || at == moves.length() - 1) {
            throw new IllegalArgumentException("expected ',' between moves at position " + at);
          }
          at++;
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "cannot read state '%s' of %s: %s".formatted(serialized, game.spec(), e.getMessage()), e);
    }
    return state;
  }

  /** Reads a quoted text from {@code start} (just after the opening quote); returns the index after the closing one. */
  private static int readQuoted(String moves, int start, StringBuilder text) {
    for (int i = start; i < moves.length(); i++) {
      char c = moves.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < moves.length()) {
        c = moves.charAt(++i);
      }
      text.append(c);
    }
    throw new IllegalArgumentException("a text move has no closing quote");
  }

  private static void applyIndexed(State state, String move) {
    if (move.contains("+") || state.isSimultaneousNode()) { // a step of one acting seat has no '+'
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
