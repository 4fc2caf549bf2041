package io.sparring.core.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectFourTest {
  private static final Game GAME = Games.create("connect_four");

  /** Plays columns in turn from the start, X first. */
  private static State play(int... columns) {
    State state = GAME.newInitialState(0);
    for (int column : columns) {
      state.apply(column);
    }
    return state;
  }

  @Test
  void declaresTheGame() {
    assertEquals("connect_four", GAME.spec().toString());
    assertEquals(
        new GameType(
            GameType.Dynamics.SEQUENTIAL,
            GameType.ChanceMode.DETERMINISTIC,
            GameType.Information.PERFECT,
            GameType.Utility.ZERO_SUM),
        GAME.type());
    assertEquals(2, GAME.numPlayers());
    assertEquals(7, GAME.numDistinctActions());
    assertEquals(42, GAME.maxGameLength());
    assertEquals(List.of(3, 6, 7), GAME.observationTensorShape());
    assertEquals(-1, GAME.minUtility());
    assertEquals(1, GAME.maxUtility());
  }

  @Test
  void xMovesFirstIntoAnyColumn() {
    State state = GAME.newInitialState(0);
    assertEquals(0, state.currentPlayer());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), state.legalActions());
    state.apply(3);
    assertEquals(1, state.currentPlayer());
  }

  @Test
  void fourStackedWins() {
    State state = play(0, 1, 0, 1, 0, 1);
    assertFalse(state.isTerminal());
    state.apply(0);
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {1, -1}, state.returns());
    assertArrayEquals(new double[] {1, -1}, state.rewards());
    assertEquals(List.of(), state.legalActions());
  }

  @Test
  void fourAlongTheBottomRowWinsForO() {
    State state = play(6, 0, 6, 1, 5, 2, 5);
    assertFalse(state.isTerminal());
    state.apply(3);
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {-1, 1}, state.returns());
    assertTrue(state.render(0).endsWith("O wins."));
  }

  @Test
  void fourOnARisingDiagonalWins() {
    // X ends on (0,0), (1,1), (2,2), (3,3) as (row from the bottom, column).
    State state = play(0, 1, 1, 2, 2, 3, 2, 3, 3, 6);
    assertFalse(state.isTerminal());
    state.apply(3);
    assertArrayEquals(new double[] {1, -1}, state.returns());
  }

  @Test
  void fourOnAFallingDiagonalWins() {
    // The mirror image: X on (0,6), (1,5), (2,4), (3,3).
    State state = play(6, 5, 5, 4, 4, 3, 4, 3, 3, 0);
    assertFalse(state.isTerminal());
    state.apply(3);
    assertArrayEquals(new double[] {1, -1}, state.returns());
  }

  @Test
  void discsInNeighbouringColumnsDoNotJoinUp() {
    // X tops column 0 (rows 3 to 5) and holds the bottom of column 1: no line wraps between them.
    State state = play(1, 0, 2, 0, 2, 0, 0, 3, 0, 3, 0);
    assertFalse(state.isTerminal());
  }

  @Test
  void aFullBoardWithoutALineIsADraw() {
    State state = play(
        1, 4, 6, 6, 4, 4, 3, 0, 1, 1, 2, 6, 0, 6, 6, 2, 3, 1, 4, 6, 3, 2, 5, 5, 1, 4, 4, 3, 5, 3,
        3, 0, 5, 2, 0, 5, 5, 0, 0, 1, 2, 2);
    assertTrue(state.isTerminal());
    assertEquals(42, state.history().size());
    assertArrayEquals(new double[] {0, 0}, state.returns());
    assertTrue(state.render(1).endsWith("Draw."));
  }

  @Test
  void aFullColumnIsNotLegal() {
    State state = play(0, 0, 0, 0, 0, 0);
    assertEquals(List.of(1, 2, 3, 4, 5, 6), state.legalActions());
    assertThrows(IllegalArgumentException.class, () -> state.apply(0));
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, "drop 0"));
    assertEquals(6, state.history().size());
  }

  @Test
  void noMoveAfterTheEnd() {
    State state = play(0, 1, 0, 1, 0, 1, 0);
    assertThrows(IllegalStateException.class, () -> state.apply(2));
  }

  @Test
  void actionsAreNamedByColumn() {
    State state = GAME.newInitialState(0);
    assertEquals("drop 0", state.actionToString(0, 0));
    assertEquals("drop 6", state.actionToString(1, 6));
    assertThrows(IllegalArgumentException.class, () -> state.actionToString(0, 7));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"drop 3", "DROP 3", " drop 3 ", "3", "x3", "X 3", "X@3", "column 3", "col 3"})
  void readsTheColumnInSeveralForms(String text) {
    assertEquals(3, GAME.newInitialState(0).parseAction(0, text));
  }

  @Test
  void rejectsTheOtherPlayersMarkAndMissingColumns() {
    State state = GAME.newInitialState(0);
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, "o3"));
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, "drop 7"));
    assertEquals(3, play(0).parseAction(1, "O@3"));
  }

  @Test
  void rendersTheBoardWithTheBottomRowLast() {
    State state = play(3, 3, 4);
    assertEquals(
        """
        . . . . . . .
        . . . . . . .
        . . . . . . .
        . . . . . . .
        . . . O . . .
        . . . X X . .
        -------------
        0 1 2 3 4 5 6
        O to move.""",
        state.render(0));
  }

  @Test
  void observationPlanesAreEmptyOwnAndOpponent() {
    State state = play(3, 3); // X at (row 0, column 3), O at (row 1, column 3)
    float[] x = state.observationTensor(0);
    float[] o = state.observationTensor(1);
    int xCell = 3;
    int oCell = 7 + 3;
    assertEquals(1, x[42 + xCell]);
    assertEquals(1, x[84 + oCell]);
    assertEquals(1, o[42 + oCell]);
    assertEquals(1, o[84 + xCell]);
    assertEquals(0, x[xCell]);
    float empty = 0;
    for (int cell = 0; cell < 42; cell++) {
      empty += x[cell];
    }
    assertEquals(40, empty);
  }
}
