package io.sparring.core.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LiarsDiceTest {
  private static final Game GAME = Games.create("liars_dice");
  private static final int LIAR = 12;

  /** Rolls one die per player (faces 1..6), then plays the named actions. */
  private static State play(int die0, int die1, String... actions) {
    State state = GAME.newInitialState(0);
    state.apply(state.parseAction(State.CHANCE, "roll " + die0));
    state.apply(state.parseAction(State.CHANCE, "roll " + die1));
    for (String action : actions) {
      state.apply(state.parseAction(state.currentPlayer(), action));
    }
    return state;
  }

  @Test
  void declaresOpenSpielSizes() {
    assertEquals("liars_dice(dice=1, sides=6)", GAME.spec().toString());
    assertEquals(13, GAME.numDistinctActions()); // 2 dice x 6 faces of bids, then liar
    assertEquals(2 + 12 + 1, GAME.maxGameLength());
    assertEquals(List.of(2 + 6 + 13), GAME.informationStateTensorShape());
    assertEquals(List.of(2 + 6 + 13), GAME.observationTensorShape());
    Game big = Games.create("liars_dice(dice=3, sides=4)");
    assertEquals(6 * 4 + 1, big.numDistinctActions());
    assertEquals(6 + 24 + 1, big.maxGameLength());
  }

  @Test
  void rollsAreUniformChanceNodes() {
    State state = GAME.newInitialState(7);
    assertTrue(state.isChanceNode());
    List<ChanceOutcome> outcomes = state.chanceOutcomes();
    assertEquals(
        IntStream.range(0, 6).boxed().toList(),
        outcomes.stream().map(ChanceOutcome::action).toList());
    outcomes.forEach(o -> assertEquals(1.0 / 6, o.probability(), 1e-12));
    assertEquals("roll 1", state.actionToString(State.CHANCE, 0));
    assertEquals("roll 6", state.actionToString(State.CHANCE, 5));
  }

  @Test
  void namesBidsInOpenSpielOrder() {
    State state = play(1, 2);
    assertEquals("bid 1x1", state.actionToString(0, 0));
    assertEquals("bid 1x6", state.actionToString(0, 5));
    assertEquals("bid 2x1", state.actionToString(0, 6));
    assertEquals("bid 2x5", state.actionToString(0, 10));
    assertEquals("liar", state.actionToString(0, LIAR));
  }

  @Test
  void liarIsNotAnOpeningAndBidsMustRise() {
    State state = play(1, 2);
    assertEquals(IntStream.range(0, LIAR).boxed().toList(), state.legalActions());
    state.apply(7); // 2x2
    assertEquals(1, state.currentPlayer());
    assertEquals(List.of(8, 9, 10, 11, LIAR), state.legalActions());
    assertThrows(IllegalArgumentException.class, () -> state.apply(7));
    state.apply(11); // 2x6, the highest bid: only liar is left
    assertEquals(List.of(LIAR), state.legalActions());
  }

  @Test
  void wildSixesMakeTheBidStandSoTheCallerLoses() {
    State state = play(6, 3, "bid 2x3", "liar");
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {1, -1}, state.returns());
    assertTrue(state.render(0).contains("there were 2"), state.render(0));
    // Player 1 bids, Player 0 calls: one 4 and a wild 6 make 2x4 true, so Player 0 loses.
    State second = play(4, 6, "bid 1x1", "bid 2x4", "liar");
    assertArrayEquals(new double[] {-1, 1}, second.returns());
  }

  @Test
  void aFalseBidLosesForTheBidder() {
    State state = play(2, 3, "bid 2x3", "liar");
    assertArrayEquals(new double[] {-1, 1}, state.returns());
    State second = play(1, 2, "bid 1x1", "bid 1x3", "liar");
    assertArrayEquals(new double[] {1, -1}, second.returns());
  }

  @Test
  void aBidOnTheWildFaceCountsOnlyThatFace() {
    assertArrayEquals(new double[] {-1, 1}, play(6, 3, "bid 2x6", "liar").returns());
    assertArrayEquals(new double[] {1, -1}, play(6, 6, "bid 2x6", "liar").returns());
  }

  @Test
  void parsesOtherBidForms() {
    State state = play(1, 2);
    assertEquals(10, state.parseAction(0, "2x5"));
    assertEquals(10, state.parseAction(0, "2-5"));
    assertEquals(10, state.parseAction(0, "Bid 2x5."));
    assertEquals(10, state.parseAction(0, "10"));
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, "liar"));
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, "3x1"));
    state.apply(0);
    assertEquals(LIAR, state.parseAction(1, "Liar!"));
    assertEquals(LIAR, state.parseAction(1, "call"));
    assertEquals(LIAR, state.parseAction(1, "challenge"));
  }

  @Test
  void renderHidesTheOpponentsDice() {
    State state = play(4, 2, "bid 1x3");
    String mine = state.render(0);
    assertTrue(mine.contains("Player 0 (you): dice 4"), mine);
    assertTrue(mine.contains("Player 1: dice ?"), mine);
    assertTrue(mine.contains("Current bid: 1x3 by Player 0"), mine);
    assertFalse(state.render(1).contains("dice 4"));
    state.apply(LIAR);
    assertTrue(state.render(1).contains("Player 0: dice 4"), state.render(1));
  }

  @Test
  void informationStateIsOwnSortedDiceAndTheBids() {
    Game two = Games.create("liars_dice(dice=2)");
    State a = two.newInitialState(1);
    State b = two.newInitialState(2);
    for (int face : new int[] {4, 1, 2, 2}) {
      a.apply(face);
    }
    for (int face : new int[] {1, 4, 5, 5}) {
      b.apply(face);
    }
    assertEquals("seat 0 dice 2 5 bids", a.informationStateKey(0));
    assertEquals(a.informationStateKey(0), b.informationStateKey(0));
    assertArrayEquals(a.informationStateTensor(0), b.informationStateTensor(0));
    assertNotEquals(a.informationStateKey(1), b.informationStateKey(1));
    a.apply(3);
    assertEquals("seat 1 dice 3 3 bids 1x4", a.informationStateKey(1));
  }

  @Test
  void tensorsFollowOpenSpielsLayout() {
    State state = play(3, 5, "bid 1x2", "bid 1x4", "bid 2x1");
    float[] expected = new float[21];
    expected[0] = 1; // seat 0
    expected[2 + 2] = 1; // own die shows 3
    expected[8 + 1] = expected[8 + 3] = expected[8 + 6] = 1; // every bid so far
    assertArrayEquals(expected, state.informationStateTensor(0));
    expected[8 + 1] = 0; // the observation keeps the last two bids only
    assertArrayEquals(expected, state.observationTensor(0));
  }

  @Test
  void rejectsOutOfRangeParameters() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Games.create("liars_dice(dice=6)"));
    assertTrue(error.getMessage().contains("between 1 and 5"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Games.create("liars_dice(sides=1)"));
  }
}
