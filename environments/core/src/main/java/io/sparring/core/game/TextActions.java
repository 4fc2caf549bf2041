package io.sparring.core.game;

import java.util.List;

/**
 * Whether a game takes actions written as text beyond its indexed ones: free text that is in no
 * fixed list ({@code search[wireless headphones]}) or parameterised commands ({@code move_to 3.5
 * -2}), each form shown to players with a description and an example. A game also says what
 * happens to text it cannot use: it is refused, leaving the state unchanged (the rule for indexed
 * actions), or taken as a recorded no-op move that gives the seat {@code noOpReward}.
 */
public record TextActions(List<Form> forms, Unusable unusable, double noOpReward) {
  /** Indexed actions only, the default: text must name a legal action. */
  public static final TextActions NONE = new TextActions(List.of(), Unusable.REFUSE, 0);

  /** What a game does with text it cannot use. */
  public enum Unusable {
    /** An error naming what is accepted; the state is unchanged. */
    REFUSE,
    /** A no-op move: recorded in the history, the seat gets {@code noOpReward}, the turn passes. */
    NO_OP
  }

  /**
   * One form of text action, for example {@code search[QUERY]} with a description and an example
   * that the game accepts ({@code search[red shoes]}), which the conformance kit plays.
   */
  public record Form(String pattern, String description, String example) {
    public Form {
      if (pattern.isBlank() || example.isBlank()) {
        throw new IllegalArgumentException("a text action form needs a pattern and an example");
      }
    }
  }

  public TextActions {
    forms = List.copyOf(forms);
    if (unusable == Unusable.NO_OP && forms.isEmpty()) {
      throw new IllegalArgumentException("no-op moves are for games that declare text actions");
    }
  }

  /** Text actions that the game refuses when it cannot use them. */
  public static TextActions refusing(List<Form> forms) {
    return new TextActions(forms, Unusable.REFUSE, 0);
  }

  /** Text actions that become a no-op move with {@code reward} when the game cannot use them. */
  public static TextActions noOp(double reward, List<Form> forms) {
    return new TextActions(forms, Unusable.NO_OP, reward);
  }

  /** Whether the game takes any text beyond its action names. */
  public boolean accepted() {
    return !forms.isEmpty();
  }
}
