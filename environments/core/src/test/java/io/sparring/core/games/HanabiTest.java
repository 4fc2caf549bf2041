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
import io.sparring.core.game.conformance.ConformanceKit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HanabiTest {

  /** A new state of the game after the given draws, written as chance outcome names. */
  private static State dealt(String spec, String... draws) {
    State state = Games.create(spec).newInitialState(1);
    for (String draw : draws) {
      state.apply(state.parseAction(State.CHANCE, "draw " + draw));
    }
    return state;
  }

  private static void act(State state, String action) {
    state.apply(state.parseAction(state.currentPlayer(), action));
  }

  private static List<String> legalNames(State state) {
    int player = state.currentPlayer();
    return state.legalActions().stream().map(a -> state.actionToString(player, a)).toList();
  }

  private static Map<String, Double> deckOdds(State state) {
    return state.chanceOutcomes().stream()
        .collect(Collectors.toMap(
            o -> state.actionToString(State.CHANCE, o.action()), ChanceOutcome::probability));
  }

  // mini: 2 players, colors R and Y, ranks 1 and 2 (R1 R1 R1 R2 Y1 Y1 Y1 Y2), hands of 3,
  // 3 information tokens, 3 lives.
  private static final String MINI = "hanabi(preset=mini)";

  @Test
  void deckHasThreeLowestTwoMiddleOneTopPerColor() {
    State full = Games.create("hanabi(preset=full)").newInitialState(0);
    Map<String, Double> odds = deckOdds(full);
    assertEquals(9, odds.size());
    assertEquals(3.0 / 18, odds.get("draw R1"), 1e-12);
    assertEquals(2.0 / 18, odds.get("draw Y2"), 1e-12);
    assertEquals(1.0 / 18, odds.get("draw G3"), 1e-12);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), full.legalActions(State.CHANCE));

    Map<String, Double> standard = deckOdds(Games.create("hanabi").newInitialState(0));
    assertEquals(25, standard.size());
    assertEquals(3.0 / 50, standard.get("draw B1"), 1e-12);
    assertEquals(2.0 / 50, standard.get("draw W4"), 1e-12);
    assertEquals(1.0 / 50, standard.get("draw R5"), 1e-12);

    Map<String, Double> twoRanks = deckOdds(Games.create(MINI).newInitialState(0));
    assertEquals(
        Map.of("draw R1", 3.0 / 8, "draw R2", 1.0 / 8, "draw Y1", 3.0 / 8, "draw Y2", 1.0 / 8),
        twoRanks);
  }

  @Test
  void drawsAreWeightedByCopiesLeft() {
    assertEquals(
        Map.of("draw R1", 1.0 / 6, "draw R2", 1.0 / 6, "draw Y1", 3.0 / 6, "draw Y2", 1.0 / 6),
        deckOdds(dealt(MINI, "R1", "R1")));
    assertEquals(Map.of("draw R2", 1.0 / 5, "draw Y1", 3.0 / 5, "draw Y2", 1.0 / 5),
        deckOdds(dealt(MINI, "R1", "R1", "R1")));
    State noRedOne = dealt(MINI, "R1", "R1", "R1");
    assertThrows(IllegalArgumentException.class, () -> noRedOne.apply(0));
  }

  @Test
  void presetsSetSizesAndExplicitParametersOverrideThem() {
    assertEquals(
        "hanabi(players=2, colors=2, ranks=2, hand_size=3, max_information_tokens=3,"
            + " max_life_tokens=3, preset=mini)",
        Games.create(MINI).spec().toString());
    assertEquals(
        "hanabi(players=2, colors=3, ranks=2, hand_size=5, max_information_tokens=8,"
            + " max_life_tokens=3, preset=simple)",
        Games.create("hanabi(preset=simple)").spec().toString());
    Game full = Games.create("hanabi(preset=full)");
    assertEquals(9, full.maxUtility());
    assertEquals(10 + 3 + 3, full.numDistinctActions());

    Game overridden = Games.create("hanabi(preset=mini, hand_size=2, players=3)");
    assertEquals(
        "hanabi(players=3, colors=2, ranks=2, hand_size=2, max_information_tokens=3,"
            + " max_life_tokens=3, preset=mini)",
        overridden.spec().toString());
    assertEquals(3, overridden.numPlayers());
    // The canonical spec recreates the same game.
    assertEquals(overridden.spec(), Games.create(overridden.spec().toString()).spec());

    Game standard = Games.create("hanabi");
    assertEquals(25, standard.maxUtility());
    assertEquals(0, standard.minUtility());
    assertEquals(20, standard.numDistinctActions()); // as in OpenSpiel's 2-player Hanabi
  }

  @Test
  void rejectsUnknownPresetsAndDecksTooSmallForTheDeal() {
    IllegalArgumentException preset =
        assertThrows(IllegalArgumentException.class, () -> Games.create("hanabi(preset=huge)"));
    assertTrue(preset.getMessage().contains("'huge'"), preset.getMessage());
    assertTrue(preset.getMessage().contains("mini"), preset.getMessage());

    IllegalArgumentException deck = assertThrows(IllegalArgumentException.class,
        () -> Games.create("hanabi(players=5, colors=1, ranks=2)"));
    assertEquals("hanabi: players=5 x hand_size=5 needs 25 cards for the deal, but colors=1 and"
        + " ranks=2 make a deck of only 4 cards", deck.getMessage());
    // Exactly enough cards is fine: the deck is empty after the deal.
    assertEquals(10, Games.create("hanabi(colors=1)").maxUtility() * 2);
  }

  @Test
  void scriptedGameScoresPlaysAndEndsOneRoundAfterTheLastDraw() {
    // P0 holds R1 R2 Y1, P1 holds Y1 R1 Y2; R1 and Y1 stay in the deck.
    State state = dealt(MINI, "R1", "R2", "Y1", "Y1", "R1", "Y2");
    assertEquals(0, state.currentPlayer());
    assertEquals(
        List.of("play 0", "play 1", "play 2", "hint P1 red", "hint P1 yellow", "hint P1 rank 1",
            "hint P1 rank 2"),
        legalNames(state), "no discard while all 3 information tokens are available");

    act(state, "hint P1 yellow");
    assertTrue(state.render(1).contains("P1 (you): Y? R? Y?"), state.render(1));
    assertTrue(legalNames(state).contains("discard 1"), "a spent token allows discarding");

    act(state, "play 0"); // P1 plays Y1: it scores
    assertArrayEquals(new double[] {1, 1}, state.rewards());
    assertTrue(state.isChanceNode());
    assertEquals(Map.of("draw R1", 0.5, "draw Y1", 0.5), deckOdds(state));
    state.apply(state.parseAction(State.CHANCE, "draw R1"));

    act(state, "play 0"); // P0 plays R1
    state.apply(state.parseAction(State.CHANCE, "draw Y1")); // the last card
    assertTrue(state.render(0).contains("deck 0 cards (2 turns left)"), state.render(0));

    act(state, "play 1"); // P1 plays Y2, completing yellow: a token comes back (2 -> 3)
    assertArrayEquals(new double[] {3, 3}, state.returns());
    assertTrue(
        state.render(0).contains("Information tokens 3 of 3, lives 3 of 3"), state.render(0));
    assertFalse(state.isTerminal());
    assertEquals(0, state.currentPlayer(), "no draw: the deck is empty");

    State completing = state.copy();
    act(completing, "play 0"); // P0 plays R2: every firework is complete
    assertTrue(completing.isTerminal());
    assertArrayEquals(new double[] {4, 4}, completing.returns());
    assertTrue(completing.render(0).contains("every firework is complete"), completing.render(0));

    act(state, "hint P1 rank 1"); // P0's last turn: each player had one turn after the last draw
    assertTrue(state.isTerminal());
    assertArrayEquals(new double[] {3, 3}, state.returns());
    assertTrue(state.render(0).contains("the deck ran out, score 3"), state.render(0));
    assertEquals(List.of(), state.legalActions());
  }

  @Test
  void misplayCostsALifeAndLosingTheLastLifeScoresZero() {
    State state = dealt(MINI, "R1", "R2", "Y1", "Y1", "R1", "Y2");
    act(state, "play 0"); // R1 scores
    state.apply(state.parseAction(State.CHANCE, "draw Y1"));
    act(state, "play 2"); // P1 plays Y2 on an empty yellow firework
    assertArrayEquals(new double[] {0, 0}, state.rewards());
    assertTrue(state.render(0).contains("lives 2 of 3"), state.render(0));
    assertTrue(state.render(0).contains("Discards: Y2"), state.render(0));
    assertTrue(state.render(0).contains("P1 played card 2: Y2 (misplay, a life lost)"),
        state.render(0));

    State lastLife = dealt("hanabi(preset=mini, max_life_tokens=1)", "R1", "R2", "Y1", "Y1", "R1",
        "Y2");
    act(lastLife, "play 0"); // R1 scores
    assertArrayEquals(new double[] {1, 1}, lastLife.returns());
    lastLife.apply(lastLife.parseAction(State.CHANCE, "draw Y1"));
    act(lastLife, "play 2"); // the only life is lost: the score so far is taken back
    assertTrue(lastLife.isTerminal());
    assertArrayEquals(new double[] {-1, -1}, lastLife.rewards());
    assertArrayEquals(new double[] {0, 0}, lastLife.returns());
  }

  @Test
  void discardingGivesBackAnInformationToken() {
    State state = dealt(MINI, "R1", "R2", "Y1", "Y1", "R1", "Y2");
    act(state, "hint P1 rank 2");
    assertTrue(state.render(0).contains("Information tokens 2 of 3"), state.render(0));
    act(state, "discard 1"); // P1 discards R1
    assertTrue(state.render(0).contains("Information tokens 3 of 3"), state.render(0));
    assertTrue(state.render(0).contains("Discards: R1"), state.render(0));
    assertTrue(state.isChanceNode(), "P1 draws a replacement");
  }

  @Test
  void hintsMustPointAtACardAndCostAToken() {
    State state = dealt("hanabi(preset=mini, max_information_tokens=1)",
        "R1", "R1", "R1", "Y1", "Y1", "Y2");
    assertEquals(List.of("play 0", "play 1", "play 2", "hint P1 yellow", "hint P1 rank 1",
        "hint P1 rank 2"), legalNames(state), "P1 holds no red card");
    assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, "hint P1 red"));
    act(state, "hint P1 rank 1");
    assertEquals(List.of("discard 0", "discard 1", "discard 2", "play 0", "play 1", "play 2"),
        legalNames(state), "no hints without information tokens");
    // With two ranks, "not rank 1" means rank 2.
    assertTrue(state.render(1).contains("P1 (you): ?1 ?1 ?2"), state.render(1));
    assertTrue(state.render(1).contains("card 0: rank 1; card 1: rank 1; card 2: rank 2"),
        state.render(1));

    State threeRanks = dealt("hanabi(preset=full)", "R1", "R1", "R1", "Y1", "Y2", "G3", "G1", "Y3",
        "R2", "R2");
    act(threeRanks, "hint P1 green");
    assertTrue(threeRanks.render(1).contains(
        "card 0: green; card 1: green; card 2: not green; card 3: not green; card 4: not green"),
        threeRanks.render(1));
    assertTrue(threeRanks.render(0).contains("P1: G3 G1 Y3 R2 R2  (P1 knows: G? G? ?? ?? ??)"),
        threeRanks.render(0));
  }

  @Test
  void renderAndObservationHideOnlyTheSeatsOwnCards() {
    State one = dealt(MINI, "R1", "R2", "Y1", "Y1", "R1", "Y2");
    State other = dealt(MINI, "R2", "Y1", "R1", "Y1", "R1", "Y2");
    String view = one.render(0);
    assertTrue(view.contains("P0 (you): ?? ?? ??"), view);
    assertTrue(view.contains("P1: Y1 R1 Y2"), view);
    assertFalse(view.contains("R1 R2 Y1"), view);
    assertTrue(one.render(1).contains("P0: R1 R2 Y1"), one.render(1));
    assertFalse(one.observationText(0).contains("R1 R2 Y1"));

    assertEquals(one.informationStateKey(0), other.informationStateKey(0));
    assertArrayEquals(one.observationTensor(0), other.observationTensor(0));
    assertArrayEquals(one.informationStateTensor(0), other.informationStateTensor(0));
    assertFalse(Arrays.equals(one.observationTensor(1), other.observationTensor(1)));
    assertFalse(one.informationStateKey(1).equals(other.informationStateKey(1)));

    // Once P0 plays its card 0 the card is public, so the two histories differ for P0 as well.
    act(one, "play 0");
    act(other, "play 0");
    assertFalse(one.informationStateKey(0).equals(other.informationStateKey(0)));
    assertTrue(one.render(State.CHANCE).contains("P0: R2 Y1"), one.render(State.CHANCE));
  }

  @Test
  void actionNamesParseInSeveralForms() {
    State state = dealt(MINI, "R1", "R2", "Y1", "Y1", "R1", "Y2");
    int red = state.parseAction(0, "hint P1 red");
    assertEquals(6, red); // after 3 discards and 3 plays, HLE order
    assertEquals(red, state.parseAction(0, "hint p1 R"));
    assertEquals(red, state.parseAction(0, "HINT 1 red"));
    int rankTwo = state.parseAction(0, "hint P1 rank 2");
    assertEquals(9, rankTwo);
    assertEquals(rankTwo, state.parseAction(0, "hint P1 2"));
    assertEquals(rankTwo, state.parseAction(0, "hint P1 rank2"));
    assertEquals(4, state.parseAction(0, "play 1"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> state.parseAction(0, "hint P0 red"));
    assertTrue(bad.getMessage().contains("'hint P0 red'"), bad.getMessage());
  }

  @Test
  void deckEmptyAfterTheDealGivesEachPlayerOneTurn() {
    State state = Games.create("hanabi(colors=1)").newInitialState(3); // 10 cards, 2 hands of 5
    while (state.isChanceNode()) {
      state.apply(state.sampleChanceOutcome());
    }
    assertTrue(state.render(0).contains("deck 0 cards (2 turns left)"), state.render(0));
    act(state, "play 0");
    assertFalse(state.isTerminal());
    act(state, "play 0");
    assertTrue(state.isTerminal());
  }

  @Test
  void presetsPassTheConformanceKit() {
    for (String spec : List.of(MINI, "hanabi(preset=simple)", "hanabi(preset=full)",
        "hanabi(players=3, colors=2, ranks=3, hand_size=3, max_information_tokens=2)")) {
      ConformanceKit.check(Games.create(spec), 200, 7);
    }
  }
}
