package io.sparring.core.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegotiationTest {
  private static final Game GAME = Games.create("negotiation");
  private static final int ACCEPT = 125;

  /** Pool 1 book, 2 hats, 3 balls; Player 0 values (4, 0, 2), Player 1 values (0, 5, 0). */
  private static State dealt(Game game) {
    State state = game.newInitialState(0);
    state.apply(state.parseAction(State.CHANCE, "pool books=1 hats=2 balls=3"));
    state.apply(state.parseAction(State.CHANCE, "Player 0 values books=4 hats=0 balls=2"));
    state.apply(state.parseAction(State.CHANCE, "Player 1 values books=0 hats=5 balls=0"));
    return state;
  }

  private static int share(int books, int hats, int balls) {
    return (books * 5 + hats) * 5 + balls;
  }

  @Test
  void declaresItsShape() {
    assertEquals("negotiation(max_rounds=10, max_quantity=4)", GAME.spec().toString());
    assertEquals(GameType.Utility.GENERAL_SUM, GAME.type().utility());
    assertEquals(5 * 5 * 5 + 1, GAME.numDistinctActions());
    assertEquals(0, GAME.minUtility());
    assertEquals(10, GAME.maxUtility());
    assertEquals(3 + 10, GAME.maxGameLength());
    assertEquals(Games.create("negotiation"), GAME); // equal specs, equal games
  }

  @Test
  void drawsPoolsThatCanBeWorthTenUniformly() {
    State state = GAME.newInitialState(3);
    List<ChanceOutcome> pools = state.chanceOutcomes();
    assertEquals(64 - 2, pools.size()); // 3 or 4 of each type can never be worth exactly 10
    assertFalse(pools.stream().anyMatch(o -> o.action() == share(3, 3, 3)));
    assertFalse(pools.stream().anyMatch(o -> o.action() == share(4, 4, 4)));
    pools.forEach(o -> assertEquals(1.0 / 62, o.probability(), 1e-12));

    state.apply(share(1, 1, 1));
    List<ChanceOutcome> values = state.chanceOutcomes();
    assertEquals(66, values.size()); // a + b + c = 10
    assertEquals(
        "Player 0 values books=0 hats=0 balls=10",
        state.actionToString(State.CHANCE, values.getFirst().action()));
    state.apply(values.getLast().action());
    assertEquals(
        "Player 1 values books=0 hats=0 balls=10",
        state.actionToString(State.CHANCE, state.chanceOutcomes().getFirst().action()));
  }

  @Test
  void acceptingPaysEachTheirShareUnderTheirOwnValues() {
    State state = dealt(GAME);
    assertEquals(0, state.currentPlayer());
    assertEquals("propose books=1 hats=0 balls=3", state.actionToString(0, share(1, 0, 3)));
    state.apply(state.parseAction(0, "propose books=1 hats=0 balls=3"));
    assertEquals(1, state.currentPlayer());
    state.apply(state.parseAction(1, "accept"));
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {10, 10}, state.returns());
  }

  @Test
  void acceptTakesTheLastProposal() {
    State state = dealt(GAME);
    assertFalse(state.legalActions().contains(ACCEPT)); // nothing to accept yet
    assertEquals(2 * 3 * 4, state.legalActions().size()); // shares of (1, 2, 3)
    state.apply(share(1, 2, 3)); // Player 0 asks for everything
    state.apply(share(0, 2, 1)); // Player 1 counters: 2 hats and a ball
    assertEquals(ACCEPT, state.legalActions().getLast());
    state.apply(ACCEPT); // Player 0 keeps the book and 2 balls: 4 + 4
    assertArrayEquals(new double[] {8, 10}, state.returns());
  }

  @Test
  void runningOutOfProposalsEndsWithNoDeal() {
    State state = dealt(Games.create("negotiation(max_rounds=2)"));
    state.apply(share(1, 0, 3));
    assertTrue(state.render(1).contains("Last turn"), state.render(1));
    state.apply(share(0, 2, 0));
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {0, 0}, state.returns());
    assertTrue(state.render(0).contains("No deal"), state.render(0));
  }

  @Test
  void proposalsMustFitThePool() {
    State state = dealt(GAME);
    assertThrows(IllegalArgumentException.class, () -> state.apply(share(2, 0, 0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> state.parseAction(0, "propose books=2 hats=0 balls=0"));
  }

  @Test
  void readsFreeText() {
    State state = dealt(GAME);
    assertEquals(share(1, 0, 3), state.parseAction(0, "I propose: 1 book, 0 hats, 3 balls."));
    assertEquals(share(1, 0, 3), state.parseAction(0, "Books: 1, Hats: 0, Balls: 3"));
    assertEquals(share(1, 0, 3), state.parseAction(0, "one book and three balls"));
    assertEquals(share(0, 1, 0), state.parseAction(0, "I'll take a hat"));
    assertEquals(share(1, 2, 3), state.parseAction(0, String.valueOf(share(1, 2, 3))));
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, "deal"));
    state.apply(share(1, 0, 3));
    assertEquals(ACCEPT, state.parseAction(1, "Deal!"));
    assertEquals(ACCEPT, state.parseAction(1, "I accept."));
    assertEquals(ACCEPT, state.parseAction(1, "i agree"));
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(1, "no deal"));
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(1, "4 books"));
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(1, "the book and 2 hats"));
  }

  @Test
  void renderHidesTheOtherPlayersValues() {
    State state = dealt(GAME);
    state.apply(share(1, 0, 3));
    String mine = state.render(1);
    assertTrue(mine.contains("Pool: 1 book, 2 hats, 3 balls."), mine);
    assertTrue(mine.contains("Player 1 (you) values: book 0, hat 5, ball 0 per unit."), mine);
    assertTrue(mine.contains("Player 0 values: hidden."), mine);
    assertTrue(
        mine.contains(
            "Player 0 takes books=1 hats=0 balls=3, Player 1 gets books=0 hats=2 balls=0"
                + " (worth 10 to you)"),
        mine);
    state.apply(ACCEPT);
    assertTrue(state.render(1).contains("Player 0 values: book 4, hat 0, ball 2"), state.render(1));
  }

  @Test
  void informationStateIgnoresTheOtherPlayersValues() {
    State a = dealt(GAME);
    State b = GAME.newInitialState(1);
    b.apply(share(1, 2, 3));
    b.apply(10_000 + 4 * 121 + 2); // Player 0 values (4, 0, 2)
    b.apply(20_000 + 10 * 121); // Player 1 values (10, 0, 0)
    assertEquals(a.informationStateKey(0), b.informationStateKey(0));
    assertArrayEquals(a.informationStateTensor(0), b.informationStateTensor(0));
    assertArrayEquals(a.observationTensor(0), b.observationTensor(0));
    assertFalse(a.informationStateKey(1).equals(b.informationStateKey(1)));
  }

  @Test
  void rejectsOutOfRangeParameters() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> Games.create("negotiation(max_rounds=1)"));
    assertTrue(error.getMessage().contains("between 2 and 20"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Games.create("negotiation(max_quantity=6)"));
  }
}
