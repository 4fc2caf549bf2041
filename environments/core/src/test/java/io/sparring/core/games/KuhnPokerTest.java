package io.sparring.core.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kuhn poker's payouts, deals, information hiding and action names, on hand-picked deals. */
class KuhnPokerTest {
  private static final String CARDS = "JQKA";
  private static final Game TWO = Games.create("kuhn_poker");
  private static final Game THREE = Games.create("kuhn_poker(players=3)");

  // ---- The game ----

  @Test
  void defaultsToTwoPlayers() {
    assertEquals("kuhn_poker(players=2)", TWO.spec().toString());
    assertEquals(2, TWO.numPlayers());
    assertEquals(3, THREE.numPlayers());
    assertEquals("kuhn_poker(players=3)", THREE.spec().toString());
  }

  @Test
  void declaresItsFacts() {
    assertEquals(
        new GameType(
            GameType.Dynamics.SEQUENTIAL,
            GameType.ChanceMode.EXPLICIT,
            GameType.Information.IMPERFECT,
            GameType.Utility.ZERO_SUM),
        TWO.type());
    assertEquals(2, TWO.numDistinctActions());
    assertEquals(-2, TWO.minUtility());
    assertEquals(2, TWO.maxUtility());
    assertEquals(4, THREE.maxUtility()); // bet, call, call: the winner takes 2 from each
    assertEquals(5, TWO.maxGameLength()); // two deals, pass, bet, call
    assertEquals(8, THREE.maxGameLength()); // three deals, pass, pass, bet, call, call
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 0, -2})
  void playerCountOutsideTwoToThreeFailsWithAClearMessage(int players) {
    SpecException e =
        assertThrows(
            SpecException.class, () -> Games.create("kuhn_poker(players=" + players + ")"));

    assertEquals(
        "parameter 'players' of game kuhn_poker must be between 2 and 3, got " + players,
        e.getMessage());
  }

  @Test
  void fractionalPlayerCountFails() {
    SpecException e =
        assertThrows(SpecException.class, () -> Games.create("kuhn_poker(players=2.5)"));

    assertEquals(
        "parameter 'players' of game kuhn_poker must be an integer, got 2.5", e.getMessage());
  }

  // ---- Payouts ----

  @ParameterizedTest(name = "{0} players, cards {1}: {2}")
  @CsvSource({
    // Two players: ante 1 each.
    "2, K J, pass pass,          1 -1", // showdown, higher card wins the antes
    "2, J K, pass pass,          -1 1",
    "2, Q K, bet bet,            -2 2", // bet and call: showdown for 2
    "2, K Q, bet bet,            2 -2",
    "2, J K, bet pass,           1 -1", // bet and fold: the bettor wins even with the worse card
    "2, K J, pass bet pass,      -1 1", // pass, bet, fold
    "2, K J, pass bet bet,       2 -2", // pass, bet, call: showdown for 2
    "2, J Q, pass bet bet,       -2 2",
    // Three players: ante 1 each.
    "3, Q A K, pass pass pass,   -1 2 -1", // all pass: showdown for the antes
    "3, A K J, bet bet pass,     3 -2 -1", // bet, call, fold
    "3, J Q K, bet pass pass,    2 -1 -1", // bet, fold, fold
    "3, J Q K, bet bet bet,      -2 -2 4", // bet, call, call
    "3, K J A, pass pass bet bet pass, -2 -1 3", // seat 2 bets; seat 0 calls, seat 1 folds
    "3, Q J K, pass bet pass pass,     -1 2 -1", // seat 1 bets; both others fold
    "3, A J Q, pass bet pass bet,      3 -2 -1" // seat 0 calls a later bet and wins
  })
  void bettingLinesPayTheRightAmounts(int players, String cards, String bets, String returns) {
    Game game = players == 2 ? TWO : THREE;
    State state = deal(game, cards);
    String[] actions = bets.trim().split("\\s+");
    for (int i = 0; i < actions.length; i++) {
      assertFalse(state.isTerminal(), "ended before bet " + i);
      assertEquals(i % players, state.currentPlayer(), "seat to act at bet " + i);
      state.apply(actions[i].equals("bet") ? 1 : 0);
    }

    assertTrue(state.isTerminal());
    double[] expected =
        Arrays.stream(returns.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    assertArrayEquals(expected, state.returns());
    assertArrayEquals(expected, state.rewards()); // paid out on the last move
    assertEquals(0, Arrays.stream(state.returns()).sum());
    assertEquals(List.of(), state.legalActions());
  }

  @Test
  void noOneIsPaidBeforeTheEnd() {
    State state = deal(TWO, "K J");
    state.apply(1);

    assertFalse(state.isTerminal());
    assertArrayEquals(new double[] {0, 0}, state.returns());
    assertEquals(1, state.currentPlayer());
  }

  @Test
  void longestThreePlayerLineReachesMaxGameLength() {
    State state = deal(THREE, "J Q K");
    for (int action : new int[] {0, 0, 1, 1, 1}) {
      state.apply(action);
    }

    assertTrue(state.isTerminal());
    assertEquals(THREE.maxGameLength(), state.history().size());
    assertArrayEquals(new double[] {-2, -2, 4}, state.returns());
  }

  @Test
  void applyingAfterTheEndThrowsIllegalState() {
    State state = deal(TWO, "K J");
    state.apply(0);
    state.apply(0);
    String before = state.serialize();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> state.apply(1));

    assertTrue(e.getMessage().startsWith("the game is over"), e.getMessage());
    assertEquals(before, state.serialize());
  }

  @Test
  void illegalActionNamesTheLegalOnesAndChangesNothing() {
    State state = deal(TWO, "K J");
    String before = state.serialize();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> state.apply(2));

    assertTrue(
        e.getMessage()
            .startsWith(
                "action 2 (out of range 0..1) is not legal for Player 0; legal: [0 pass, 1 bet]"),
        e.getMessage());
    assertEquals(before, state.serialize());
    assertEquals(0, state.currentPlayer());
  }

  // ---- Chance ----

  @Test
  void dealsAreUniformOverTheRemainingCards() {
    State state = TWO.newInitialState(1);
    assertTrue(state.isChanceNode());
    assertEquals(List.of(), state.actingPlayers());
    assertEquals(List.of(), state.legalActions(0));
    assertOutcomes(state, List.of(0, 1, 2), 1.0 / 3);

    state.apply(1); // Q to seat 0
    assertOutcomes(state, List.of(0, 2), 0.5);

    state.apply(2); // K to seat 1
    assertFalse(state.isChanceNode());
    assertEquals(0, state.currentPlayer());
    assertThrows(IllegalStateException.class, state::chanceOutcomes);
  }

  @Test
  void threePlayerDealsUseAFourCardDeck() {
    State state = THREE.newInitialState(1);
    assertOutcomes(state, List.of(0, 1, 2, 3), 0.25);
    state.apply(3);
    assertOutcomes(state, List.of(0, 1, 2), 1.0 / 3);
    state.apply(0);
    assertOutcomes(state, List.of(1, 2), 0.5);
    state.apply(2);
    assertFalse(state.isChanceNode());
  }

  @Test
  void aDealtCardCannotBeDealtAgain() {
    State state = TWO.newInitialState(1);
    state.apply(2);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> state.apply(2));

    assertTrue(e.getMessage().contains("is not legal for Chance"), e.getMessage());
    assertEquals(1, state.history().size());
  }

  @Test
  void chanceActionsAreNamedByTheCard() {
    State state = THREE.newInitialState(1);

    assertEquals("deal J", state.actionToString(State.CHANCE, 0));
    assertEquals("deal A", state.actionToString(State.CHANCE, 3));
    assertEquals(3, state.parseAction(State.CHANCE, "deal A"));
  }

  @Test
  void sampledDealsAreReproducibleAndRoughlyUniform() {
    int[] counts = new int[3];
    for (long seed = 0; seed < 3000; seed++) {
      State state = TWO.newInitialState(seed);
      int first = state.sampleChanceOutcome();
      assertEquals(first, TWO.newInitialState(seed).sampleChanceOutcome()); // same seed, same card
      counts[first]++;
      state.apply(first);
      int second = state.sampleChanceOutcome();
      assertNotEquals(first, second);
    }
    for (int count : counts) {
      assertTrue(count > 850 && count < 1150, Arrays.toString(counts));
    }
  }

  // ---- What each seat sees ----

  @Test
  void informationStateKeyHidesTheOpponentsCard() {
    State withJack = deal(TWO, "K J");
    State withQueen = deal(TWO, "K Q");
    withJack.apply(0);
    withQueen.apply(0);

    assertEquals(withJack.informationStateKey(0), withQueen.informationStateKey(0));
    assertArrayEquals(withJack.informationStateTensor(0), withQueen.informationStateTensor(0));
    assertArrayEquals(withJack.observationTensor(0), withQueen.observationTensor(0));
    assertEquals(withJack.render(0), withQueen.render(0));
    assertEquals(withJack.observationText(0), withQueen.observationText(0));
    // The seat whose card differs can tell them apart.
    assertNotEquals(withJack.informationStateKey(1), withQueen.informationStateKey(1));
    assertNotEquals(withJack.observationText(1), withQueen.observationText(1));
  }

  @Test
  void informationStateKeyHidesOtherCardsInThreePlayerGames() {
    State a = deal(THREE, "Q J A");
    State b = deal(THREE, "K J Q");

    assertEquals(a.informationStateKey(1), b.informationStateKey(1));
    assertArrayEquals(a.informationStateTensor(1), b.informationStateTensor(1));
    assertNotEquals(a.informationStateKey(0), b.informationStateKey(0));
  }

  @Test
  void informationStateKeyHasTheSeatItsCardAndTheBets() {
    State state = deal(TWO, "K J");
    state.apply(0);
    state.apply(1);

    assertEquals("seat 0 card K bets pb", state.informationStateKey(0));
    assertEquals("seat 1 card J bets pb", state.informationStateKey(1));
  }

  @Test
  void renderShowsOnlyTheSeatsOwnCardUntilTheEnd() {
    State state = deal(TWO, "K J");
    state.apply(1);

    assertEquals(
        "Player 0 (you): card K, chips in pot 2\n"
            + "Player 1: card ?, chips in pot 1\n"
            + "Bets so far: Player 0 bets. Pot: 3.",
        state.render(0));
    assertTrue(state.render(1).contains("Player 0: card ?"), state.render(1));
    state.apply(1);
    assertTrue(state.render(1).contains("Player 0: card K"), state.render(1));
    assertTrue(state.render(1).endsWith("Result: Player 0 +2, Player 1 -2"), state.render(1));
  }

  @Test
  void tensorShapesFollowThePlayerCount() {
    // seat one-hot, card one-hot, chips per seat; the information state adds 2 per betting turn
    assertEquals(List.of(2 + 3 + 2), TWO.observationTensorShape());
    assertEquals(List.of(2 + 3 + 2 * 3), TWO.informationStateTensorShape());
    assertEquals(List.of(3 + 4 + 3), THREE.observationTensorShape());
    assertEquals(List.of(3 + 4 + 2 * 5), THREE.informationStateTensorShape());
    for (Game game : List.of(TWO, THREE)) {
      State state = game.newInitialState(3);
      for (int seat = 0; seat < game.numPlayers(); seat++) {
        assertEquals(
            game.observationTensorShape().getFirst(), state.observationTensor(seat).length);
        assertEquals(
            game.informationStateTensorShape().getFirst(),
            state.informationStateTensor(seat).length);
      }
    }
  }

  @Test
  void tensorsEncodeSeatCardChipsAndBets() {
    State state = deal(TWO, "K J");
    state.apply(1); // seat 0 bets

    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 2, 1}, state.observationTensor(0));
    assertArrayEquals(new float[] {0, 1, 1, 0, 0, 2, 1}, state.observationTensor(1));
    assertArrayEquals(
        new float[] {0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0}, state.informationStateTensor(1));
  }

  @Test
  void tensorsBeforeTheDealShowOnlyTheSeat() {
    State state = TWO.newInitialState(0);

    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1, 1}, state.observationTensor(1));
  }

  // ---- Action names ----

  @Test
  void actionsAreNamedPassAndBet() {
    State state = deal(TWO, "K J");

    assertEquals("pass", state.actionToString(0, 0));
    assertEquals("bet", state.actionToString(0, 1));
    assertThrows(IllegalArgumentException.class, () -> state.actionToString(0, 2));
  }

  @ParameterizedTest
  @CsvSource({
    "pass, 0",
    "check, 0",
    "fold, 0",
    "CHECK, 0",
    "' Fold ', 0",
    "0, 0",
    "bet, 1",
    "call, 1",
    "Call, 1",
    "' BET ', 1",
    "1, 1"
  })
  void parsesNamesAndPokerAliases(String text, int action) {
    assertEquals(action, deal(TWO, "K J").parseAction(0, text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"raise", "2", "", "all in"})
  void otherTextIsRejectedWithTheLegalActions(String text) {
    State state = deal(TWO, "K J");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, text));

    assertTrue(
        e.getMessage().endsWith("is not a legal action for Player 0; legal: [0 pass, 1 bet]"),
        e.getMessage());
  }

  @Test
  void aliasesOnlyApplyToSeats() {
    State state = TWO.newInitialState(0);

    assertThrows(IllegalArgumentException.class, () -> state.parseAction(State.CHANCE, "call"));
  }

  @Test
  void rulesDescribeTheDeck() {
    assertTrue(THREE.rules().contains("The deck has 4 cards, ranked J, Q, K, A"), THREE.rules());
    assertTrue(TWO.rules().contains("The deck has 3 cards, ranked J, Q, K"), TWO.rules());
  }

  /** A new state with the given cards (such as "K J") dealt to seats 0, 1, ... in order. */
  private static State deal(Game game, String cards) {
    State state = game.newInitialState(42);
    for (String card : cards.trim().split("\\s+")) {
      assertTrue(state.isChanceNode());
      state.apply(CARDS.indexOf(card));
    }
    return state;
  }

  private static void assertOutcomes(State state, List<Integer> cards, double probability) {
    List<ChanceOutcome> outcomes = state.chanceOutcomes();
    assertEquals(cards, outcomes.stream().map(ChanceOutcome::action).toList());
    for (ChanceOutcome outcome : outcomes) {
      assertEquals(probability, outcome.probability(), 1e-12);
    }
    assertEquals(cards, state.legalActions(State.CHANCE));
    assertEquals(cards, state.legalActions());
  }
}
