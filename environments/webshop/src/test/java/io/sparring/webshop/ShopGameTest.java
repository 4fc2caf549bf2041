package io.sparring.webshop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.EndStatus;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.Move;
import io.sparring.core.game.State;
import io.sparring.core.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pages, available actions, no-op moves and observations on the five-product fixture. */
class ShopGameTest {
  private static final String FIVE = Fixtures.spec(Fixtures.five(), "");

  /** The episode whose goal is the black, small jumpsuit. */
  private static ShopState jumpsuitEpisode(String spec) {
    Game game = Games.create(spec);
    for (long seed = 0; seed < 7; seed++) {
      ShopState state = (ShopState) game.newInitialState(seed);
      if (state.goal().product().asin().equals("B000000001")
          && state.goal().options().equals(List.of(new Goal.GoalOption("color", "black"), new Goal.GoalOption("size", "small")))) {
        return state;
      }
    }
    throw new AssertionError("no episode of " + spec + " asks for the black, small jumpsuit");
  }

  private static List<String> names(State state) {
    return state.legalActions().stream().map(a -> state.actionToString(0, a)).toList();
  }

  @Test
  void pagesAndTheirActions() {
    ShopState state = jumpsuitEpisode(FIVE);
    assertEquals(ShopState.Page.SEARCH, state.page());
    assertEquals(List.of(), state.legalActions()); // the search page takes only search[...]
    assertTrue(state.applyText(0, "search[slim fit jumpsuit]"));
    assertEquals(ShopState.Page.RESULTS, state.page());
    List<String> results = names(state);
    assertEquals(List.of("click[back to search]", "click[next >]"), results.subList(0, 2));
    assertEquals("click[b000000001]", results.get(2)); // the best hit
    assertTrue(state.applyText(0, "click[B000000001]")); // labels are read in any case
    assertEquals(ShopState.Page.ITEM, state.page());
    assertEquals(List.of("click[back to search]", "click[< prev]", "click[description]", "click[features]",
        "click[reviews]", "click[buy now]", "click[black]", "click[navy blue]", "click[small]", "click[large]"),
        names(state));
    state.applyText(0, "click[black]");
    assertEquals("black", state.chosenOptions().get("color"));
    state.applyText(0, "click[features]");
    assertEquals(List.of("click[back to search]", "click[< prev]"), names(state));
    assertTrue(state.render(0).contains("Machine wash cold [SEP] Slim fit with a zipper"));
    state.applyText(0, "click[< prev]");
    assertEquals(ShopState.Page.ITEM, state.page());
    assertEquals("black", state.chosenOptions().get("color"), "options survive a sub-page");
    state.applyText(0, "click[< prev]");
    assertEquals(ShopState.Page.RESULTS, state.page());
    state.applyText(0, "click[next >]");
    assertEquals(List.of("click[back to search]", "click[next >]", "click[< prev]"), names(state)); // page 2 is empty
    state.applyText(0, "click[back to search]");
    assertEquals(ShopState.Page.SEARCH, state.page());
    assertEquals(8, state.history().size());
    assertEquals(EndStatus.RUNNING, state.endStatus());
  }

  @Test
  void buyingEndsTheEpisodeWithTheReward() {
    ShopState state = jumpsuitEpisode(FIVE);
    state.applyText(0, "search[slim fit jumpsuit]");
    state.applyText(0, "click[b000000001]");
    state.applyText(0, "click[black]");
    state.applyText(0, "click[small]");
    state.applyText(0, "click[buy now]");
    assertEquals(EndStatus.TERMINATED, state.endStatus());
    assertEquals(1.0, state.returns()[0], 1e-12); // the right item, options and price: every part matches
    assertEquals(1.0, state.purchase().reward());
    assertTrue(state.render(0).contains("Thank you for shopping with us! [SEP] Your score (min 0.0, max 1.0) [SEP] 1.0"));
    assertThrows(IllegalStateException.class, () -> state.applyText(0, "search[more]"));
  }

  @Test
  void invalidActionsAreRecordedNoOpMoves() {
    ShopState state = jumpsuitEpisode(Fixtures.spec(Fixtures.five(), "invalid_reward=-0.1, max_steps=4"));
    assertFalse(state.applyText(0, "click[buy now]")); // not on the search page
    assertEquals(-0.1, state.rewards()[0]);
    assertEquals(Move.text(0, "click[buy now]"), state.history().getLast());
    assertEquals(ShopState.Page.SEARCH, state.page());
    assertTrue(state.applyText(0, "search[jumpsuit]"));
    assertFalse(state.applyText(0, "search[again]")); // no search bar on a results page
    assertFalse(state.applyText(0, "buy the black one")); // neither search nor click
    assertEquals(ShopState.Page.RESULTS, state.page());
    assertEquals(EndStatus.TRUNCATED, state.endStatus(), "four moves, no-ops included, reach max_steps=4");
    assertEquals(-0.3, state.returns()[0], 1e-12);
    assertEquals(List.of(), state.legalActions());
  }

  @Test
  void aBlankSearchIsANoOp() {
    ShopState state = jumpsuitEpisode(FIVE);
    assertFalse(state.applyText(0, "search[  ]"));
    assertEquals(0.0, state.rewards()[0]);
    assertEquals(ShopState.Page.SEARCH, state.page());
  }

  @Test
  void observationModesShowTheInstructionAndTheButtons() {
    ShopState text = jumpsuitEpisode(FIVE);
    String instruction = text.goal().instruction();
    assertEquals("WebShop [SEP] Instruction: [SEP] " + instruction + " [SEP] Search", text.render(0));
    ShopState rich = jumpsuitEpisode(Fixtures.spec(Fixtures.five(), "observation=text_rich"));
    rich.applyText(0, "search[slim fit jumpsuit]");
    assertTrue(rich.render(0).contains("Instruction:\n" + instruction + "\n[button] Back to Search [button_]\n"));
    assertTrue(rich.render(0).contains("\n[button] B000000001 [button_]\nAcme Slim Fit Jumpsuit for Women\n$39.99\n"));
    rich.applyText(0, "click[b000000001]");
    rich.applyText(0, "click[navy blue]");
    String item = rich.render(0);
    assertTrue(item.startsWith("You have clicked navy blue.\n"), item);
    assertTrue(item.contains("  [clicked button] navy blue [clicked button_]\nsize\n  [button] small [button_]\n"), item);
    rich.applyText(0, "click[< prev]");
    assertTrue(rich.render(0).contains("[clicked button] B000000001 [clicked button_]"), "a visited product is marked");
    ShopState html = jumpsuitEpisode(Fixtures.spec(Fixtures.five(), "observation=html"));
    assertTrue(html.render(0).contains("<input id=\"search_input\""));
    assertTrue(html.render(0).contains("<div id=\"instruction-text\"><h4>Instruction:<br>"));
    html.applyText(0, "search[slim fit jumpsuit]");
    html.applyText(0, "click[b000000001]");
    html.applyText(0, "click[small]");
    assertTrue(html.render(0).contains("<input type=\"radio\" name=\"size\" value=\"small\" checked><label>small</label>"));
    assertTrue(html.render(0).contains("<button type=\"submit\" class=\"btn\">Buy Now</button>"));
    // The observation an agent gets lists the clicks and the text forms.
    String observation = html.observationText(0);
    assertTrue(observation.contains("click[buy now]") && observation.contains("search[QUERY]"), observation);
  }

  @Test
  void aCopyIsIndependentAndEqual() {
    ShopState state = jumpsuitEpisode(FIVE);
    state.applyText(0, "search[jumpsuit]");
    state.applyText(0, "click[b000000001]");
    State copy = state.copy();
    assertEquals(state.serialize(), copy.serialize());
    assertEquals(state.render(0), copy.render(0));
    copy.applyText(0, "click[black]");
    assertNotEquals(state.serialize(), copy.serialize());
    assertEquals("black", ((ShopState) copy).chosenOptions().get("color"));
    assertEquals(null, state.chosenOptions().get("color"));
    State restored = state.game().deserializeState(copy.serialize());
    assertEquals(copy.render(0), restored.render(0));
    assertArrayEquals(copy.returns(), restored.returns());
  }

  @Test
  void seedsPlayTheTestGoalsInOrder() {
    Game game = Games.create(FIVE);
    Catalog catalog = CatalogFiles.load(Fixtures.five(), 0, 0);
    for (int seed = 0; seed < 7; seed++) {
      assertEquals(catalog.goals().get(seed).instruction(), ((ShopState) game.newInitialState(seed)).goal().instruction());
    }
    assertEquals(catalog.goals().get(2).instruction(), ((ShopState) game.newInitialState(9)).goal().instruction());
  }

  @Test
  void badSpecsSayWhatIsValid() {
    SpecException split = assertThrows(SpecException.class, () -> Games.create(Fixtures.spec(Fixtures.five(), "").replace("split=test", "split=holdout")));
    assertTrue(split.getMessage().contains("splits: test, dev, train"), split.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> Games.create(Fixtures.spec(Fixtures.five(), "").replace("split=test", "split=train")));
    assertTrue(empty.getMessage().contains("train split is empty") && empty.getMessage().contains("7 goals"), empty.getMessage());
    assertThrows(SpecException.class, () -> Games.create("webshop(products=50, split=test, invalid_reward=0.5)"));
    assertThrows(SpecException.class, () -> Games.create("webshop(products=50, split=test, observation=pdf)"));
  }
}
