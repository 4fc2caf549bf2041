package io.sparring.arena;

import java.util.Locale;

/**
 * A macro action that text agents and bots write instead of a motor action: {@code move_to X Y},
 * {@code kick X Y} (soccer: dribble behind the ball and kick it toward the point; skirmish: aim at
 * the point and fire; elsewhere: move there) or {@code hold}. The game turns it into this decision's
 * motor action by gdx-ai steering, so it is recorded as an ordinary action.
 */
record Macro(boolean kick, float x, float y) {
  static final String FORMS = "move_to X Y, kick X Y or hold, with X in [%s, %s] and Y in [%s, %s] (metres)"
      .formatted(-(int) Physics.HALF_X, (int) Physics.HALF_X, -(int) Physics.HALF_Y, (int) Physics.HALF_Y);

  /**
   * Reads {@code move_to X Y} or {@code kick X Y} (commas allowed between the numbers).
   *
   * @throws IllegalArgumentException naming the valid forms and ranges when the text is malformed,
   *     not finite or outside the field
   */
  static Macro parse(String text) {
    String[] words = text.strip().replace(',', ' ').split("\\s+");
    String verb = words[0].toLowerCase(Locale.ROOT);
    if (words.length != 3 || !(verb.equals("move_to") || verb.equals("kick"))) {
      throw refused(text, "it is not of the form");
    }
    float x;
    float y;
    try {
      x = Float.parseFloat(words[1]);
      y = Float.parseFloat(words[2]);
    } catch (NumberFormatException notNumbers) {
      throw refused(text, "its coordinates are not numbers");
    }
    if (!Float.isFinite(x) || !Float.isFinite(y)) {
      throw refused(text, "its coordinates are not finite");
    }
    if (Math.abs(x) > Physics.HALF_X || Math.abs(y) > Physics.HALF_Y) {
      throw refused(text, "the point is outside the field");
    }
    return new Macro(verb.equals("kick"), x, y);
  }

  private static IllegalArgumentException refused(String text, String why) {
    return new IllegalArgumentException("'%s' is refused: %s; write %s, or a motor action such as forward+turn_left"
        .formatted(text.strip(), why, FORMS));
  }
}
