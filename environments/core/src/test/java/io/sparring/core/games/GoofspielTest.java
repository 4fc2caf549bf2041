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
import io.sparring.core.spec.SpecException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GoofspielTest {

  /** Reveals the point card of this value. */
  private static void reveal(State state, int value) {
    state.apply(value - 1);
  }

  /** Every player bids the card of the given value, in seat order. */
  private static void bid(State state, int... values) {
    state.applyJoint(Arrays.stream(values).map(v -> v - 1).boxed().toList());
  }

  @Test
  void defaultsFollowOpenSpiel() {
    Game game = Games.create("goofspiel");
    assertEquals("goofspiel(cards=13, players=2)", game.spec().toString());
    assertEquals(
        new GameType(
            GameType.Dynamics.SIMULTANEOUS,
            GameType.ChanceMode.EXPLICIT,
            GameType.Information.IMPERFECT,
            GameType.Utility.ZERO_SUM),
        game.type());
    assertEquals(2, game.numPlayers());
    assertEquals(13, game.numDistinctActions());
    assertEquals(-1, game.minUtility());
    assertEquals(1, game.maxUtility());
    // 12 reveals and 12 joint bids; the 13th round plays itself.
    assertEquals(24, game.maxGameLength());
    // OpenSpiel's sizes: 13 + 13 + 2 * 92 + 2 * 13 and 2 * 92 + 13 * 13 + 2 * 13.
    assertEquals(List.of(236), game.observationTensorShape());
    assertEquals(List.of(379), game.informationStateTensorShape());
  }

  @Test
  void eachRoundStartsWithAUniformRevealOfTheCardsLeft() {
    State state = Games.create("goofspiel(cards=4)").newInitialState(0);
    assertEquals(State.CHANCE, state.currentPlayer());
    assertEquals(
        List.of(new ChanceOutcome(0, 0.25), new ChanceOutcome(1, 0.25), new ChanceOutcome(2, 0.25),
            new ChanceOutcome(3, 0.25)),
        state.chanceOutcomes());
    assertEquals("reveal 3", state.actionToString(State.CHANCE, 2));
    reveal(state, 3);
    assertEquals(State.SIMULTANEOUS, state.currentPlayer());
    assertEquals(List.of(0, 1), state.actingPlayers());
    bid(state, 1, 1);
    assertEquals(List.of(0, 1, 3), state.legalActions(State.CHANCE));
    assertEquals(1.0 / 3, state.chanceOutcomes().getFirst().probability(), 1e-12);
  }

  @Test
  void bothPlayersBidTogetherFromTheirOwnHands() {
    State state = Games.create("goofspiel(cards=4)").newInitialState(0);
    reveal(state, 4);
    assertEquals(List.of(0, 1, 2, 3), state.legalActions(0));
    assertThrows(IllegalStateException.class, state::legalActions);
    assertThrows(IllegalStateException.class, () -> state.apply(0));
    bid(state, 4, 2);
    reveal(state, 1);
    assertEquals(List.of(0, 1, 2), state.legalActions(0));
    assertEquals(List.of(0, 2, 3), state.legalActions(1));
    assertThrows(IllegalArgumentException.class, () -> bid(state, 4, 1));
    assertEquals(3, state.history().size());
  }

  @Test
  void theHigherBidTakesThePointCardAndTheLastRoundPlaysItself() {
    State state = Games.create("goofspiel(cards=3)").newInitialState(0);
    reveal(state, 2);
    bid(state, 3, 1); // player 0 takes 2
    reveal(state, 3);
    assertFalse(state.isTerminal());
    bid(state, 1, 2); // player 1 takes 3
    // One card each is left: the point card 1 and the bids 2 and 3 follow unasked.
    assertTrue(state.isTerminal());
    assertEquals(4, state.history().size());
    assertArrayEquals(new double[] {-1, 1}, state.returns()); // 2 points to 4
    assertArrayEquals(new double[] {-1, 1}, state.rewards());
    assertTrue(
        state.render(0).contains("Round 3: point card 1; bids P0 2, P1 3; Player 1 takes 1"));
    assertThrows(IllegalStateException.class, () -> state.apply(0));
  }

  @Test
  void rewardsComeOnlyAtTheEnd() {
    State state = Games.create("goofspiel(cards=3)").newInitialState(0);
    reveal(state, 3);
    bid(state, 3, 1);
    assertArrayEquals(new double[] {0, 0}, state.returns());
  }

  @Test
  void aTiedBidDiscardsThePointCardAndEqualPointsDraw() {
    State state = Games.create("goofspiel(cards=2)").newInitialState(0);
    reveal(state, 2);
    bid(state, 2, 2);
    assertTrue(state.isTerminal()); // then 1 against 1 for the point card 1: tied too
    assertArrayEquals(new double[] {0, 0}, state.returns());
    assertTrue(state.render(1).contains("tied, card discarded"));
    assertTrue(state.render(1).endsWith("Game over. Draw."));
  }

  @Test
  void oneCardIsOneForcedRound() {
    State state = Games.create("goofspiel(cards=1)").newInitialState(0);
    assertEquals(List.of(0), state.legalActions(State.CHANCE));
    reveal(state, 1);
    assertEquals(List.of(0), state.legalActions(1));
    bid(state, 1, 1);
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {0, 0}, state.returns());
  }

  @Test
  void withThreePlayersTheOnlyHighestBidWinsAndWinnersShare() {
    State state = Games.create("goofspiel(cards=4, players=3)").newInitialState(0);
    reveal(state, 2);
    bid(state, 3, 2, 4); // player 2 takes 2
    reveal(state, 4);
    bid(state, 4, 1, 3); // player 0 takes 4
    reveal(state, 1);
    bid(state, 2, 3, 2); // player 1 takes 1; then 3 goes to player 1's 4 against two 1s
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {0.5, 0.5, -1}, state.returns()); // 4, 4 and 2 points
    assertTrue(state.render(2).endsWith("Players 0, 1 win."));
  }

  @Test
  void withThreePlayersATiedTopBidDiscardsEvenIfAThirdBidsLess() {
    State state = Games.create("goofspiel(cards=2, players=3)").newInitialState(0);
    reveal(state, 2);
    bid(state, 2, 2, 1); // tied at the top: discarded; then player 2's 2 takes the point card 1
    assertArrayEquals(new double[] {-0.5, -0.5, 1}, state.returns());
  }

  @Test
  void actionsAreNamedByCardValue() {
    State state = Games.create("goofspiel(cards=13)").newInitialState(0);
    reveal(state, 7);
    assertEquals("bid 5", state.actionToString(0, 4));
    assertEquals(4, state.parseAction(0, "bid 5"));
    assertEquals(4, state.parseAction(1, " BID 5 "));
    assertEquals(4, state.parseAction(1, "4")); // a bare number is the action number
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, "bid 14"));
    assertThrows(IllegalArgumentException.class, () -> state.actionToString(0, 13));
  }

  @Test
  void rendersTheRoundsThePointsAndTheHands() {
    State state = Games.create("goofspiel(cards=3)").newInitialState(0);
    reveal(state, 2);
    bid(state, 3, 1);
    reveal(state, 1);
    assertEquals(
        """
        Round 1: point card 2; bids P0 3, P1 1; Player 0 takes 2
        Player 0: 2 points, bid cards left 1 2
        Player 1 (you): 0 points, bid cards left 2 3
        Point cards not yet revealed: 3
        Round 2 of 3: the point card is 1; everyone bids.""",
        state.render(1));
    assertTrue(state.observationText(0).endsWith("Legal actions: bid 1, bid 2."));
  }

  @Test
  void observationTensorIsCardPointsAndHandsFromTheObserversSeat() {
    State state = Games.create("goofspiel(cards=3)").newInitialState(0);
    reveal(state, 2);
    bid(state, 3, 1); // player 0 takes 2
    reveal(state, 1);
    // 3 current card, 3 unrevealed, 2 x 7 point totals (0..6), 2 x 3 hands.
    float[] seat0 = state.observationTensor(0);
    float[] seat1 = state.observationTensor(1);
    float[] expected0 = new float[26];
    expected0[0] = 1; // point card 1
    expected0[3 + 2] = 1; // point card 3 not yet revealed
    expected0[6 + 2] = 1; // own points: 2
    expected0[13 + 0] = 1; // the opponent's points: 0
    expected0[20] = expected0[21] = 1; // own hand: 1 2
    expected0[24] = expected0[25] = 1; // the opponent's hand: 2 3
    assertArrayEquals(expected0, seat0);
    float[] expected1 = new float[26];
    expected1[0] = 1;
    expected1[3 + 2] = 1;
    expected1[6 + 0] = 1;
    expected1[13 + 2] = 1;
    expected1[21] = expected1[22] = 1;
    expected1[23] = expected1[24] = 1;
    assertArrayEquals(expected1, seat1);
  }

  @Test
  void informationStateTensorHoldsThePointCardsInOrder() {
    State state = Games.create("goofspiel(cards=3)").newInitialState(0);
    reveal(state, 2);
    bid(state, 3, 1);
    reveal(state, 1);
    // 2 x 7 point totals, 3 rounds x 3 point cards, 2 x 3 hands.
    float[] tensor = state.informationStateTensor(0);
    assertEquals(29, tensor.length);
    int[] ones = IntStream.range(0, tensor.length).filter(i -> tensor[i] == 1).toArray();
    assertArrayEquals(new int[] {2, 7, 14 + 1, 14 + 3 + 0, 23, 24, 27, 28}, ones);
  }

  @Test
  void rejectsParametersOutOfRange() {
    SpecException noCards =
        assertThrows(SpecException.class, () -> Games.create("goofspiel(cards=0)"));
    assertTrue(
        noCards.getMessage().contains("must be between 1 and 16, got 0"), noCards.getMessage());
    assertThrows(SpecException.class, () -> Games.create("goofspiel(cards=17)"));
    SpecException players =
        assertThrows(SpecException.class, () -> Games.create("goofspiel(players=1)"));
    assertTrue(
        players.getMessage().contains("must be between 2 and 10, got 1"), players.getMessage());
  }
}
