package io.sparring.webshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each part of WebShop's reward on hand-built cases, with the values worked out by hand. */
class RewardTest {
  private static final Catalog FIVE = CatalogFiles.load(Fixtures.five(), 0, 0);
  private static final Product JUMPSUIT = FIVE.product(0); // $39.99, black / navy blue, small / large
  private static final Product RELAXED = FIVE.product(1);
  private static final Product HOSE = FIVE.product(2);
  /** Hand-labelled nouns, so the type reward is tested apart from the tagger. */
  private static final Map<String, List<String>> NOUNS = Map.of(
      "B000000001", List.of("acme", "fit", "jumpsuit", "women"),
      "B000000002", List.of("acme", "jumpsuit", "women"),
      "B000000003", List.of("sunny", "garden", "hose", "ft"));
  private static final Function<Product, List<String>> TAGGED = p -> NOUNS.get(p.asin());

  private static Goal jumpsuitGoal(double bound) {
    return new Goal(JUMPSUIT, "Find me slim fit women's jumpsuits with machine wash", List.of("slim fit", "machine wash"),
        List.of(new Goal.GoalOption("color", "black"), new Goal.GoalOption("size", "small")), bound, 0.25, false);
  }

  @Test
  void theRightItemWithTheRightOptionsScoresOne() {
    Purchase p = Reward.of(JUMPSUIT, List.of("black", "small"), jumpsuitGoal(50), TAGGED);
    // r_type 1 (same query); attributes 2 of 2; options 2 of 2 ("small" vs "size small" is 100); price 39.99 <= 50
    assertEquals(new Purchase(1.0, 1.0, 2, 2, 2, 2, true, true, true, 1.0), p);
  }

  @Test
  void wrongOptionsAndPriceLowerTheShare() {
    Purchase p = Reward.of(JUMPSUIT, List.of("navy blue", "large"), jumpsuitGoal(30), TAGGED);
    // "navy blue" normalises to "blue": 44 against "black"; "large" scores 13 against "size small"
    // (no shared token; difflib's first longest block is one "l": 2*1/15). 39.99 > 30.
    assertEquals(2, p.attributeMatches());
    assertEquals(0, p.optionMatches());
    assertFalse(p.priceOk());
    assertEquals((2 + 0 + 0) / 5.0, p.reward(), 1e-12);
    assertEquals(13, Fuzzy.tokenSetRatio("large", "size small"));
  }

  @Test
  void attributesMatchByFuzzyScoreOrBySubstring() {
    // RELAXED has the attribute "relaxed fit" and the bullet "Relaxed fit"; JUMPSUIT the bullet "Machine wash cold".
    assertEquals(1, Reward.attributeMatches(RELAXED, List.of("relaxed fits"))); // fuzzy: 2*11/23 = 96 > 85
    assertEquals(1, Reward.attributeMatches(JUMPSUIT, List.of("wash cold"))); // substring of a bullet
    assertEquals(1, Reward.attributeMatches(JUMPSUIT, List.of("zipper"))); // substring of the second bullet
    assertEquals(1, Reward.attributeMatches(JUMPSUIT, List.of("for women"))); // substring of the title
    assertEquals(0, Reward.attributeMatches(HOSE, List.of("slim fit", "machine wash")));
  }

  @Test
  void optionsMatchAfterColourNormalisation() {
    // A human goal's "black | white" and a bought "black | white" both normalise to "black".
    assertEquals(1, Reward.optionMatches(List.of("black | white"), List.of(new Goal.GoalOption("", "black | white"))));
    // A synthetic goal option keeps its name: ("color", "black | white") is "color black white", and
    // the bought value normalises to "black", whose one token lies inside: 100.
    assertEquals(1, Reward.optionMatches(List.of("black | white"), List.of(new Goal.GoalOption("color", "black | white"))));
    assertEquals(0, Reward.optionMatches(List.of("red"), List.of(new Goal.GoalOption("color", "black | white"))));
    assertEquals(0, Reward.optionMatches(List.of(), List.of(new Goal.GoalOption("size", "small"))));
  }

  @Test
  void typeRewardCases() {
    Goal goal = jumpsuitGoal(50); // goal nouns: acme, fit, jumpsuit, women
    // Same query: 1.
    assertEquals(1.0, Reward.type(RELAXED, goal, TAGGED).reward());
    // Different query and category; nouns shared 0 of 4: 0.
    Reward.Type none = Reward.type(HOSE, goal, TAGGED);
    assertFalse(none.queryMatch() || none.categoryMatch());
    assertEquals(0.0, none.titleScore());
    assertEquals(0.0, none.reward());
    // 1 of 4 nouns (0.25 > 0.2): 1.
    assertEquals(1.0, Reward.type(HOSE, goal, nouns("acme", "hose")).reward());
    // 1 of 10 nouns (0.1, not above 0.2, not below 0.1) and no query or category match: 0.5.
    Goal tenNouns = jumpsuitGoal(50);
    Function<Product, List<String>> ten = p -> p == HOSE ? List.of("a") : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    assertEquals(0.5, Reward.type(HOSE, tenNouns, ten).reward());
    // 1 of 11 (below 0.1): 0.1.
    Function<Product, List<String>> eleven = p -> p == HOSE ? List.of("a") : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");
    assertEquals(0.1, Reward.type(HOSE, tenNouns, eleven).reward());
    // A goal title without nouns scores 0.2: no match by title, so 0.5 unless query or category match.
    assertEquals(0.5, Reward.type(HOSE, goal, p -> p == HOSE ? List.of("hose") : List.of()).reward());
    // Two shared breadcrumb parts are a category match: the coffee and the jumpsuit share none, the
    // two jumpsuits share all four.
    assertTrue(Reward.type(RELAXED, goal, TAGGED).categoryMatch());
  }

  @Test
  void theTypeRewardScalesEveryPart() {
    Purchase p = Reward.of(HOSE, List.of(), jumpsuitGoal(200), nouns("acme", "hose")); // r_type 1 by title
    // attributes 0 of 2 ("slim fit", "machine wash" nowhere on the hose); options 0 of 2; price 100 <= 200
    assertEquals(1.0 / 5, p.reward(), 1e-12);
    Purchase half = Reward.of(HOSE, List.of(), jumpsuitGoal(200),
        p2 -> p2 == HOSE ? List.of("a") : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
    assertEquals(0.5 * 1 / 5, half.reward(), 1e-12);
  }

  private static Function<Product, List<String>> nouns(String... bought) {
    return p -> p == HOSE ? List.of(bought) : NOUNS.get(p.asin());
  }
}
