package io.sparring.arena;

import java.util.ArrayList;
import java.util.List;

/**
 * The 54 discrete actions: four motor branches (move forward/back/none, strafe left/right/none,
 * turn left/right/none, and kick or fire/none) flattened so that every learner applies. Action 0,
 * every branch at none, is {@code hold}.
 */
final class Motor {
  static final int ACTIONS = 54;
  static final int HOLD = 0;

  private static final String[] MOVES = {"", "forward", "back"};
  private static final String[] STRAFES = {"", "strafe_left", "strafe_right"};
  private static final String[] TURNS = {"", "turn_left", "turn_right"};

  private Motor() {}

  static int index(int move, int strafe, int turn, boolean act) {
    return ((move * 3 + strafe) * 3 + turn) * 2 + (act ? 1 : 0);
  }

  /** +1 forward, -1 back, 0 none. */
  static int move(int action) {
    return sign(action / 18);
  }

  /** +1 to the unit's left, -1 to its right, 0 none. */
  static int strafe(int action) {
    return sign(action / 6 % 3);
  }

  /** +1 counter-clockwise (left), -1 clockwise (right), 0 none. */
  static int turn(int action) {
    return sign(action / 2 % 3);
  }

  static boolean acts(int action) {
    return action % 2 == 1;
  }

  private static int sign(int branch) {
    return branch == 0 ? 0 : branch == 1 ? 1 : -1;
  }

  /** The action's name, e.g. {@code forward+turn_left+kick}; the last branch is called {@code actWord}. */
  static String name(int action, String actWord) {
    List<String> parts = new ArrayList<>(4);
    addIfSet(parts, MOVES[action / 18]);
    addIfSet(parts, STRAFES[action / 6 % 3]);
    addIfSet(parts, TURNS[action / 2 % 3]);
    if (acts(action)) {
      parts.add(actWord);
    }
    return parts.isEmpty() ? "hold" : String.join("+", parts);
  }

  private static void addIfSet(List<String> parts, String part) {
    if (!part.isEmpty()) {
      parts.add(part);
    }
  }

  /** The action of the branches named, or -1 when the text is no motor action. */
  static int parse(String text, String actWord) {
    if (text.equals("hold")) {
      return HOLD;
    }
    int move = 0;
    int strafe = 0;
    int turn = 0;
    boolean act = false;
    for (String part : text.split("\\+", -1)) {
      int m = indexOf(MOVES, part);
      int s = indexOf(STRAFES, part);
      int t = indexOf(TURNS, part);
      if (m > 0 && move == 0) {
        move = m;
      } else if (s > 0 && strafe == 0) {
        strafe = s;
      } else if (t > 0 && turn == 0) {
        turn = t;
      } else if (part.equals(actWord) && !act) {
        act = true;
      } else {
        return -1;
      }
    }
    return index(move, strafe, turn, act);
  }

  private static int indexOf(String[] names, String part) {
    for (int i = 1; i < names.length; i++) {
      if (names[i].equals(part)) {
        return i;
      }
    }
    return -1;
  }
}
