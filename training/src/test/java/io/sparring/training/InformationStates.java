package io.sparring.training;

import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every information state of a small sequential game, found by walking its whole tree. */
public final class InformationStates {

  /** One information state: the seat, its key and tensor, its legal actions, and one state in it. */
  public record Point(int seat, String key, float[] tensor, List<Integer> legal, State state) {}

  private InformationStates() {}

  public static List<Point> of(Game game) {
    Map<String, Point> points = new LinkedHashMap<>();
    walk(game.newInitialState(0), points);
    return new ArrayList<>(points.values());
  }

  private static void walk(State state, Map<String, Point> points) {
    if (state.isTerminal()) {
      return;
    }
    if (state.isChanceNode()) {
      for (ChanceOutcome outcome : state.chanceOutcomes()) {
        State child = state.copy();
        child.apply(outcome.action());
        walk(child, points);
      }
      return;
    }
    int seat = state.currentPlayer();
    String key = state.informationStateKey(seat);
    points.putIfAbsent(key,
        new Point(seat, key, state.informationStateTensor(seat), state.legalActions(seat), state.copy()));
    for (int action : state.legalActions()) {
      State child = state.copy();
      child.apply(action);
      walk(child, points);
    }
  }
}
