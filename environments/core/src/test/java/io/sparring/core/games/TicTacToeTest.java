package io.sparring.core.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.EndStatus;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Games;
import io.sparring.core.game.Move;
import io.sparring.core.game.State;
import io.sparring.core.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tic-tac-toe's rules, action names and errors, on positions played out move by move. */
class TicTacToeTest {
  private static final Game GAME = Games.create("tic_tac_toe");

  // ---- The game ----

  @Test
  void declaresItsFacts() {
    assertEquals(
        new GameType(
            GameType.Dynamics.SEQUENTIAL,
            GameType.ChanceMode.DETERMINISTIC,
            GameType.Information.PERFECT,
            GameType.Utility.ZERO_SUM),
        GAME.type());
    assertEquals("tic_tac_toe", GAME.spec().toString());
    assertEquals(2, GAME.numPlayers());
    assertEquals(9, GAME.numDistinctActions());
    assertEquals(-1, GAME.minUtility());
    assertEquals(1, GAME.maxUtility());
    assertEquals(9, GAME.maxGameLength());
    assertEquals(List.of(3, 3, 3), GAME.observationTensorShape());
    assertEquals(List.of(3, 3, 3), GAME.informationStateTensorShape());
  }

  @Test
  void takesNoParameters() {
    SpecException e = assertThrows(SpecException.class, () -> Games.create("tic_tac_toe(size=4)"));

    assertEquals(
        "unknown parameter 'size' for game tic_tac_toe; it takes no parameters", e.getMessage());
  }

  @Test
  void initialStateHasXToMoveOnAnEmptyBoard() {
    State state = GAME.newInitialState(0);

    assertEquals(0, state.currentPlayer());
    assertEquals(List.of(0), state.actingPlayers());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), state.legalActions());
    assertEquals(List.of(), state.legalActions(1));
    assertEquals(EndStatus.RUNNING, state.endStatus());
    assertFalse(state.isChanceNode());
    assertArrayEquals(new double[] {0, 0}, state.returns());
  }

  // ---- Wins and draws ----

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "top row,            0 3 1 4 2",
    "middle row,         3 0 4 1 5",
    "bottom row,         6 0 7 1 8",
    "left column,        0 1 3 2 6",
    "middle column,      1 0 4 2 7",
    "right column,       2 0 5 1 8",
    "main diagonal,      0 1 4 2 8",
    "anti-diagonal,      2 0 4 1 6"
  })
  void xCompletingALineWins(String line, String moves) {
    State state = play(moves);

    assertTrue(state.isTerminal(), line);
    assertEquals(EndStatus.TERMINATED, state.endStatus());
    assertEquals(State.TERMINAL, state.currentPlayer());
    assertArrayEquals(new double[] {1, -1}, state.returns());
    assertArrayEquals(new double[] {1, -1}, state.rewards()); // all of it on the winning move
    assertEquals(List.of(), state.legalActions());
    assertEquals(List.of(), state.actingPlayers());
  }

  @Test
  void oCompletingAColumnWins() {
    State state = play("0 1 2 4 3 7"); // O takes the middle column

    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {-1, 1}, state.returns());
    assertTrue(state.render(0).endsWith("O wins."), state.render(0));
  }

  @Test
  void oCompletingARowWins() {
    State state = play("0 3 1 4 8 5");

    assertArrayEquals(new double[] {-1, 1}, state.returns());
  }

  @Test
  void noRewardBeforeTheEnd() {
    State state = play("0 3 1 4");

    assertFalse(state.isTerminal());
    assertArrayEquals(new double[] {0, 0}, state.returns());
    assertArrayEquals(new double[] {0, 0}, state.rewards());
  }

  @Test
  void fullBoardWithoutALineIsADraw() {
    // X O X / X O O / O X X
    State state = play("0 1 2 4 3 5 7 6 8");

    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {0, 0}, state.returns());
    assertEquals(9, state.history().size());
    assertTrue(state.render(0).endsWith("Draw."), state.render(0));
  }

  @Test
  void lineCompletedOnTheLastCellIsAWinNotADraw() {
    // O O X / X O O / X X X after X's ninth mark at (2,2)
    State state = play("2 0 3 1 6 4 7 5 8");

    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {1, -1}, state.returns());
  }

  @Test
  void gameEndsAtTheFirstLine() {
    State state = play("0 3 1 4 2");

    assertTrue(state.isTerminal());
    assertEquals(5, state.history().size());
  }

  // ---- Action strings ----

  @ParameterizedTest
  @CsvSource({
    "0, 0, 'X(0,0)'",
    "0, 2, 'X(0,2)'",
    "0, 4, 'X(1,1)'",
    "1, 6, 'O(2,0)'",
    "1, 8, 'O(2,2)'"
  })
  void actionStringsNameTheMarkRowAndColumn(int player, int action, String name) {
    assertEquals(name, GAME.newInitialState(0).actionToString(player, action));
  }

  @Test
  void actionStringOfAMissingCellThrows() {
    State state = GAME.newInitialState(0);

    assertThrows(IllegalArgumentException.class, () -> state.actionToString(0, 9));
    assertThrows(IllegalArgumentException.class, () -> state.actionToString(0, -1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"X(0,2)", "x(0,2)", "(0,2)", "0,2", "0 2", " ( 0 , 2 ) ", "X( 0, 2 )", "2", " 2 "})
  void parsesTheCellInManyForms(String text) {
    assertEquals(2, GAME.newInitialState(0).parseAction(0, text));
  }

  @Test
  void parsesOsMovesToo() {
    State state = play("4");

    assertEquals(6, state.parseAction(1, "O(2,0)"));
    assertEquals(6, state.parseAction(1, "o(2,0)"));
    assertEquals(6, state.parseAction(1, "2,0"));
    assertEquals(6, state.parseAction(1, "6"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"3,0", "0,3", "(1)", "9", "-1", "center", "", "X(0,2)(1,1)"})
  void unparsableOrOffBoardTextNamesTheLegalActions(String text) {
    State state = GAME.newInitialState(0);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, text));

    assertTrue(e.getMessage().contains("is not a legal action for Player 0 (X)"), e.getMessage());
    assertTrue(e.getMessage().contains("legal: [0 X(0,0), 1 X(0,1), 2 X(0,2),"), e.getMessage());
  }

  @Test
  void parsingAnOccupiedCellFails() {
    State state = play("2");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> state.parseAction(1, "0,2"));
    assertTrue(e.getMessage().contains("legal: [0 O(0,0), 1 O(0,1), 3 O(1,0)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(1, "2"));
  }

  // ---- Illegal moves ----

  @Test
  void occupiedCellIsIllegalAndNamesTheLegalActions() {
    State state = play("4 0");
    String before = state.serialize();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> state.apply(4));

    assertTrue(
        e.getMessage()
            .startsWith(
                "action 4 (X(1,1)) is not legal for Player 0 (X); legal: [1 X(0,1), 2 X(0,2),"
                    + " 3 X(1,0), 5 X(1,2), 6 X(2,0), 7 X(2,1), 8 X(2,2)]"),
        e.getMessage());
    assertUnchanged(state, before, 2, 0);
  }

  @Test
  void cellOffTheBoardIsIllegal() {
    State state = play("4");
    String before = state.serialize();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> state.apply(9));

    assertTrue(
        e.getMessage().startsWith("action 9 (out of range 0..8) is not legal for Player 1 (O)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("legal: [0 O(0,0)"), e.getMessage());
    assertUnchanged(state, before, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> state.apply(-1));
    assertUnchanged(state, before, 1, 1);
  }

  @Test
  void applyingAfterTheEndThrowsIllegalState() {
    State state = play("0 3 1 4 2");
    String before = state.serialize();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> state.apply(5));

    assertTrue(e.getMessage().startsWith("the game is over"), e.getMessage());
    assertEquals(before, state.serialize());
    assertArrayEquals(new double[] {1, -1}, state.returns());
  }

  @Test
  void applyJointIsNotForSequentialGames() {
    State state = GAME.newInitialState(0);

    assertThrows(IllegalStateException.class, () -> state.applyJoint(List.of(0, 1)));
    assertEquals(0, state.history().size());
  }

  @Test
  void hasNoChanceNodes() {
    assertThrows(IllegalStateException.class, () -> GAME.newInitialState(0).chanceOutcomes());
  }

  // ---- Observations ----

  @Test
  void observationTensorHasEmptyXAndOPlanes() {
    State state = play("0 4");
    float[] tensor = state.observationTensor(0);

    assertEquals(27, tensor.length);
    for (int cell = 0; cell < 9; cell++) {
      float empty = cell == 0 || cell == 4 ? 0 : 1;
      assertEquals(empty, tensor[cell], "empty plane, cell " + cell);
      assertEquals(cell == 0 ? 1 : 0, tensor[9 + cell], "X plane, cell " + cell);
      assertEquals(cell == 4 ? 1 : 0, tensor[18 + cell], "O plane, cell " + cell);
    }
    // Perfect information: both seats see the same.
    assertArrayEquals(tensor, state.observationTensor(1));
    assertArrayEquals(tensor, state.informationStateTensor(0));
  }

  @Test
  void renderDrawsTheBoard() {
    String board = play("0 4 2").render(1);

    assertEquals(
        String.join(
            "\n",
            "    0   1   2",
            "0   X |   | X",
            "   ---+---+---",
            "1     | O |  ",
            "   ---+---+---",
            "2     |   |  ",
            "O to move."),
        board);
  }

  @Test
  void observationTextNamesTheLegalActionsOfTheSeatToMove() {
    State state = play("0 4 2");

    String toMove = state.observationText(1);
    assertTrue(toMove.contains("You are Player 1 (O)."), toMove);
    assertTrue(
        toMove.contains(
            "It is your turn. Legal actions: O(0,1), O(1,0), O(1,2), O(2,0), O(2,1), O(2,2)."),
        toMove);
    String waiting = state.observationText(0);
    assertTrue(waiting.contains("Waiting: Player 1 (O) moves now."), waiting);
  }

  @Test
  void rulesAppearOnlyInASeatsFirstObservation() {
    State state = GAME.newInitialState(0);
    assertTrue(state.observationText(0).startsWith("Rules: Tic-tac-toe."));
    state.apply(4);
    assertFalse(state.observationText(0).contains("Rules:"));
    assertTrue(state.observationText(1).startsWith("Rules: "));
  }

  @Test
  void finalObservationGivesTheReturn() {
    State state = play("0 3 1 4 2");

    assertTrue(state.observationText(0).endsWith("The game is over. Your return: +1."));
    assertTrue(state.observationText(1).endsWith("The game is over. Your return: -1."));
  }

  @Test
  void informationStateKeyIsTheHistory() {
    State a = play("0 4 2");
    State b = play("2 4 0"); // the same board reached in another order

    assertEquals(a.informationStateKey(0), a.informationStateKey(1));
    assertFalse(a.informationStateKey(0).equals(b.informationStateKey(0)));
    assertArrayEquals(a.observationTensor(0), b.observationTensor(0));
  }

  // ---- History, copies, serialization ----

  @Test
  void historyRecordsEachMove() {
    State state = play("4 0 8");

    assertEquals(
        List.of(new Move(0, List.of(4)), new Move(1, List.of(0)), new Move(0, List.of(8))),
        state.history());
  }

  @Test
  void serializeRoundTripsAndCopiesAreIndependent() {
    State state = play("4 0 8");
    assertEquals("7;4,0,8", state.serialize());

    State restored = GAME.deserializeState(state.serialize());
    assertEquals(state.serialize(), restored.serialize());
    assertEquals(state.render(0), restored.render(0));

    State copy = state.copy();
    copy.apply(1);
    assertEquals("7;4,0,8", state.serialize());
    assertEquals("7;4,0,8,1", copy.serialize());
  }

  @Test
  void deserializingAnIllegalHistoryFails() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GAME.deserializeState("0;4,4"));

    assertTrue(
        e.getMessage().startsWith("cannot read state '0;4,4' of tic_tac_toe:"), e.getMessage());
  }

  /** Plays space-separated cells from a new state seeded 7. */
  private static State play(String cells) {
    State state = GAME.newInitialState(7);
    for (String cell : cells.trim().split("\\s+")) {
      state.apply(Integer.parseInt(cell));
    }
    return state;
  }

  private static void assertUnchanged(State state, String before, int moves, int player) {
    assertEquals(before, state.serialize());
    assertEquals(moves, state.history().size());
    assertEquals(player, state.currentPlayer());
  }
}
