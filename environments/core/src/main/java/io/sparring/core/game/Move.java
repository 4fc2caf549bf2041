package io.sparring.core.game;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * One entry of a state's history: who moved ({@link State#CHANCE}, a seat, or {@link
 * State#SIMULTANEOUS}) and the action, or for a simultaneous step the actions of the acting seats
 * in seat order, or for a seat's text action ({@link State#applyText}) the text, with no indexed
 * action.
 */
public record Move(int player, List<Integer> actions, String text) {

  public Move {
    actions = List.copyOf(actions);
    if (actions.isEmpty()) {
      checkArgument(player >= 0, "only a seat writes a text move, not %s", player);
    } else {
      checkArgument(text.isEmpty(), "a move is indexed actions or a text, not both: %s '%s'", actions, text);
      checkArgument(
          player == State.SIMULTANEOUS || actions.size() == 1,
          "only a simultaneous move has several actions: %s",
          actions);
    }
  }

  /** A move by indexed actions. */
  public Move(int player, List<Integer> actions) {
    this(player, checkIndexed(actions), "");
  }

  private static List<Integer> checkIndexed(List<Integer> actions) {
    checkArgument(!actions.isEmpty(), "a move has at least one action");
    return actions;
  }

  /** A seat's text action, as written (which may be blank when a game took it as a no-op). */
  public static Move text(int player, String text) {
    return new Move(player, List.of(), text);
  }

  /** Whether this is a text action rather than indexed ones. */
  public boolean isText() {
    return actions.isEmpty();
  }

  /** The action of a move by one player or by chance. */
  public int action() {
    checkArgument(player != State.SIMULTANEOUS, "a simultaneous move has several actions");
    checkArgument(!isText(), "a text move has no indexed action: '%s'", text);
    return actions.getFirst();
  }
}
