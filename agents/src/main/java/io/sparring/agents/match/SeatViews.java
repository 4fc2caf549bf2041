package io.sparring.agents.match;

import io.sparring.agents.Decision;
import io.sparring.agents.SeatView;
import io.sparring.core.game.State;
import java.util.List;

/** The view an agent gets of a state for one seat, as the match runner builds it. */
public final class SeatViews {
  private SeatViews() {}

  /**
   * The seat's observation, its own earlier decisions, determinized worlds and the state's parser.
   * The parser reads the state as it is now, so the caller must not change it during the decision.
   */
  public static SeatView of(State state, int seat, List<Decision> ownHistory) {
    return new SeatView(state.game(), state.observation(seat), ownHistory, Determinizer.of(state, seat),
        text -> state.parseAction(seat, text));
  }
}
