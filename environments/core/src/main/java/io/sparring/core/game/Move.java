package io.sparring.core.game;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * One entry of a state's history: who moved ({@link State#CHANCE}, a seat, or {@link
 * State#SIMULTANEOUS}) and the action, or for a simultaneous step the actions of the acting seats
 * in seat order.
 */
public record Move(int player, List<Integer> actions) {

  public Move {
    actions = List.copyOf(actions);
    checkArgument(!actions.isEmpty(), "a move has at least one action");
    checkArgument(
        player == State.SIMULTANEOUS || actions.size() == 1,
        "only a simultaneous move has several actions: %s",
        actions);
  }

  /** The action of a move by one player or by chance. */
  public int action() {
    checkArgument(player != State.SIMULTANEOUS, "a simultaneous move has several actions");
    return actions.getFirst();
  }
}
