package io.sparring.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.game.Game;
import io.sparring.game.Games;
import io.sparring.game.State;
import io.sparring.spec.SpecException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomAgentsTest {
  private final Game ticTacToe = Games.create("tic_tac_toe");

  @Test
  void choosesOnlyLegalActionsAndCoversThemAll() {
    State state = ticTacToe.newInitialState(1);
    state.apply(4);
    Agent agent = Agents.create("random", ticTacToe, 7);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int action = agent.act(state.observation(1));
      assertTrue(state.legalActions(1).contains(action), "illegal choice " + action);
      seen.add(action);
    }
    assertEquals(Set.copyOf(state.legalActions(1)), seen, "uniform choice should reach every move");
  }

  @Test
  void sameSeedSameChoices() {
    assertEquals(playOut(42), playOut(42));
    assertTrue(!playOut(42).equals(playOut(43)) || !playOut(42).equals(playOut(44)));
  }

  @Test
  void unknownBackendListsKnownOnes() {
    SpecException e =
        assertThrows(SpecException.class, () -> Agents.create("alphazero", ticTacToe, 1));
    assertTrue(e.getMessage().contains("unknown agent 'alphazero'"), e.getMessage());
    assertTrue(e.getMessage().contains("random"), e.getMessage());
  }

  private List<Integer> playOut(long seed) {
    State state = ticTacToe.newInitialState(seed);
    List<Agent> agents = List.of(
        Agents.create("random", ticTacToe, seed), Agents.create("random", ticTacToe, seed + 1));
    List<Integer> moves = new ArrayList<>();
    while (!state.isTerminal()) {
      int seat = state.currentPlayer();
      int action = agents.get(seat).act(state.observation(seat));
      moves.add(action);
      state.apply(action);
    }
    return moves;
  }
}
