package io.sparring.core.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.core.solvers.GameTree;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeducPokerTest {
  // Card ids as in OpenSpiel: rank * 2 + suit, suits s then h.
  private static final int JS = 0;
  private static final int JH = 1;
  private static final int QS = 2;
  private static final int QH = 3;
  private static final int KS = 4;
  private static final int KH = 5;
  private static final int FOLD = 0;
  private static final int CALL = 1;
  private static final int RAISE = 2;

  private final Game game = Games.create("leduc_poker");

  private State play(Game game, int... moves) {
    State state = game.newInitialState(7);
    for (int move : moves) {
      state.apply(move);
    }
    return state;
  }

  private State play(int... moves) {
    return play(game, moves);
  }

  @Test
  void declaresOpenSpielFacts() {
    assertEquals(2, game.numPlayers());
    assertEquals(3, game.numDistinctActions());
    assertEquals(13, game.maxUtility());
    assertEquals(-13, game.minUtility());
    assertEquals(11, game.maxGameLength()); // 2 deals, 1 public card, 2 rounds of at most 4 bets
    assertEquals(List.of(16), game.observationTensorShape());
    assertEquals(List.of(30), game.informationStateTensorShape());

    Game three = Games.create("leduc_poker(players=3)");
    assertEquals(26, three.maxUtility());
    assertEquals(-13, three.minUtility());
    assertEquals(18, three.maxGameLength());
    assertEquals(List.of(3 + 16 + 28), three.informationStateTensorShape());
  }

  @Test
  void dealsSixCardsUniformly() {
    State state = game.newInitialState(1);
    assertEquals(State.CHANCE, state.currentPlayer());
    List<ChanceOutcome> outcomes = state.chanceOutcomes();
    assertEquals(6, outcomes.size());
    outcomes.forEach(o -> assertEquals(1.0 / 6, o.probability(), 1e-12));
    assertEquals("deal Js", state.actionToString(State.CHANCE, JS));
    assertEquals("deal Jh", state.actionToString(State.CHANCE, JH));
    assertEquals("deal Kh", state.actionToString(State.CHANCE, KH));
    state.apply(KS);
    assertEquals(5, state.chanceOutcomes().size());
    assertFalse(state.legalActions().contains(KS));
  }

  @Test
  void foldIsLegalOnlyUnderPressureAndRaisesStopAtTwo() {
    State state = play(KS, QS);
    assertEquals(0, state.currentPlayer());
    assertEquals(List.of(CALL, RAISE), state.legalActions());
    state.apply(RAISE);
    assertEquals(List.of(FOLD, CALL, RAISE), state.legalActions());
    state.apply(RAISE);
    assertEquals(List.of(FOLD, CALL), state.legalActions());
    assertEquals(List.of("fold", "call"),
        state.legalActions().stream().map(a -> state.actionToString(0, a)).toList());
  }

  @Test
  void checksLeadToThePublicCardThenPlayerZeroActsFirst() {
    State state = play(KS, QS, CALL, CALL);
    assertEquals(State.CHANCE, state.currentPlayer());
    List<ChanceOutcome> outcomes = state.chanceOutcomes();
    assertEquals(List.of(JS, JH, QH, KH), outcomes.stream().map(ChanceOutcome::action).toList());
    outcomes.forEach(o -> assertEquals(0.25, o.probability(), 1e-12));
    assertEquals("reveal Qh", state.actionToString(State.CHANCE, QH));
    state.apply(JS);
    assertEquals(0, state.currentPlayer());
    assertEquals(List.of(CALL, RAISE), state.legalActions());
  }

  @Test
  void foldEndsTheHandBeforeThePublicCard() {
    State state = play(KS, QS, RAISE, FOLD);
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {1, -1}, state.returns());
    assertEquals(4, state.history().size());
  }

  @Test
  void higherCardWinsWithoutPairs() {
    // Round 1: raise, call (3 each). Round 2: raise, re-raise, call (11 each).
    State state = play(KS, QS, RAISE, CALL, JS, RAISE, RAISE, CALL);
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {11, -11}, state.returns());
  }

  @Test
  void pairBeatsHigherCardAndTheMostAtStakeIsThirteen() {
    State state = play(KS, JS, RAISE, RAISE, CALL, JH, RAISE, RAISE, CALL);
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {-13, 13}, state.returns());
  }

  @Test
  void equalRanksSplitThePot() {
    State state = play(JS, JH, CALL, RAISE, CALL, KS, CALL, CALL);
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {0, 0}, state.returns());
  }

  @Test
  void threePlayersSkipFoldedSeatsAndSplitPotsInHalves() {
    Game three = Games.create("leduc_poker(players=3)");
    // Deck T J Q K in two suits: ids 0..7. P0 Ts, P1 Ks, P2 Kh.
    State state = play(three, 0, 6, 7, CALL, RAISE, CALL, FOLD);
    assertEquals(State.CHANCE, state.currentPlayer());
    state.apply(2); // public Js
    assertEquals(1, state.currentPlayer()); // seat 0 folded: seat 1 opens round 2
    state.apply(CALL);
    state.apply(CALL);
    assertTrue(state.isTerminal());
    // Pot 1 + 3 + 3 = 7, split by the two kings.
    assertArrayEquals(new double[] {-1, 0.5, 0.5}, state.returns(), 1e-12);
    assertTrue(state.render(0).contains("Player 0 -1, Player 1 +0.5, Player 2 +0.5"),
        state.render(0));
  }

  @Test
  void checkAndBetAreAliases() {
    State state = play(KS, QS);
    assertEquals(CALL, state.parseAction(0, "check"));
    assertEquals(RAISE, state.parseAction(0, " Bet "));
    assertEquals(RAISE, state.parseAction(0, "RAISE"));
    state.apply(RAISE);
    assertEquals(FOLD, state.parseAction(1, "fold"));
    IllegalArgumentException checkFacingRaise =
        assertThrows(IllegalArgumentException.class, () -> state.parseAction(1, "check"));
    assertTrue(checkFacingRaise.getMessage().contains("call"), checkFacingRaise.getMessage());
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(1, "bet"));
  }

  @Test
  void renderHidesTheOpponentsCardUntilTheEnd() {
    State state = play(KS, QS, RAISE);
    String seatZero = state.render(0);
    assertTrue(seatZero.contains("card Ks"), seatZero);
    assertFalse(seatZero.contains("Qs"), seatZero);
    assertTrue(seatZero.contains("card ?"), seatZero);
    String seatOne = state.render(1);
    assertTrue(seatOne.contains("card Qs") && !seatOne.contains("Ks"), seatOne);
    assertTrue(seatOne.contains("Player 0 raises"), seatOne);
    assertTrue(seatOne.contains("to call: 2"), seatOne);
    state.apply(CALL);
    state.apply(JS);
    state.apply(CALL);
    state.apply(CALL);
    String end = state.render(1);
    assertTrue(end.contains("card Ks") && end.contains("card Qs"), end);
    assertTrue(end.contains("Player 0 +3, Player 1 -3"), end);
  }

  @Test
  void informationStateHoldsOwnCardPublicCardAndBets() {
    State state = play(KS, QS, RAISE, CALL, JS);
    assertEquals("seat 0 card Ks public Js bets rc/", state.informationStateKey(0));
    assertEquals("seat 1 card Qs public Js bets rc/", state.informationStateKey(1));
    float[] expected = new float[30];
    expected[0] = 1; // seat 0
    expected[2 + KS] = 1; // private card
    expected[2 + 6 + JS] = 1; // public card
    expected[14 + 1] = 1; // round 1, bet 1: raise = 01
    expected[14 + 2] = 1; // round 1, bet 2: call = 10
    assertArrayEquals(expected, state.informationStateTensor(0));
    float[] observation = state.observationTensor(1);
    assertEquals(16, observation.length);
    assertEquals(1, observation[1]);
    assertEquals(1, observation[2 + QS]);
    assertEquals(1, observation[2 + 6 + JS]);
    assertEquals(3, observation[14]);
    assertEquals(3, observation[15]);
  }

  @Test
  void hasOpenSpielsNumberOfInformationStates() {
    // OpenSpiel's leduc_poker.h: kNumInfoStates = 936 in the two-player game.
    assertEquals(936, GameTree.build(game).numInfoSets());
  }

  @Test
  void rejectsTooManyPlayers() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Games.create("leduc_poker(players=4)"));
    assertTrue(e.getMessage().contains("players") && e.getMessage().contains("4"), e.getMessage());
  }
}
