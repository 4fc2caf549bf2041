package io.sparring.core.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import org.junit.jupiter.api.Test;

class WordChainTest {
  private static final Game GAME = Games.create("word_chain(rounds=2, invalid_reward=-3)");

  @Test
  void wordsChainByTheirLastLetterAndDoNotRepeat() {
    State state = GAME.newInitialState(0);

    assertTrue(state.applyText(0, "say[Apple]"));
    assertFalse(state.applyText(1, "say[tiger]"), "tiger does not start with e");
    assertArrayEquals(new double[] {0, -3}, state.rewards());
    assertFalse(state.applyText(0, "say[apple]"), "not e... and said before");
    assertTrue(state.applyText(1, " say[ eel ] "));

    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {-2, -2}, state.returns());
    assertTrue(state.render(0).startsWith("Words so far: apple, eel. The next word starts with 'l'."));
  }

  @Test
  void onlyTheSayFormWithLettersIsAWord() {
    for (String text : new String[] {"apple", "say[]", "say[two words]", "say[r2d2]", "say[" + "a".repeat(31) + "]"}) {
      State state = GAME.newInitialState(0);
      assertFalse(state.applyText(0, text), text);
      assertEquals(1, state.currentPlayer(), "the no-op passes the turn");
    }
  }

  @Test
  void utilityBoundsFollowTheRoundsAndTheInvalidReward() {
    assertEquals(-6, GAME.minUtility());
    assertEquals(2, GAME.maxUtility());
    Game generous = Games.create("word_chain(rounds=3, invalid_reward=2)");
    assertEquals(3, generous.minUtility());
    assertEquals(6, generous.maxUtility());
    assertThrows(IllegalArgumentException.class, () -> GAME.newInitialState(0).apply(0));
  }

  @Test
  void aCopyIsIndependent() {
    State state = GAME.newInitialState(0);
    state.applyText(0, "say[apple]");
    State copy = state.copy();

    copy.applyText(1, "say[egg]");

    assertEquals("0;\"say[apple]\"", state.serialize());
    assertEquals("0;\"say[apple]\",\"say[egg]\"", copy.serialize());
    assertFalse(state.render(0).contains("egg"));
  }
}
