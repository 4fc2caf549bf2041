package org.example.nim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import org.junit.jupiter.api.Test;

class NimTest {

  @Test
  void isRegisteredAndNamedBySpec() {
    Game game = Games.create("nim(heaps=2)");
    assertEquals("nim(heaps=2)", game.spec().toString());
    assertEquals(6, game.numDistinctActions());
  }

  @Test
  void takingTheLastObjectWins() {
    Game game = Games.create("nim(heaps=1)");
    State state = game.newInitialState(0);
    state.apply(state.parseAction(0, "take 1 from heap 0"));
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {1, -1}, state.returns());
  }
}
