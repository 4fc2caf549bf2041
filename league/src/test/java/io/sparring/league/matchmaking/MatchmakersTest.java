package io.sparring.league.matchmaking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.rating.PayoffTable;
import io.sparring.core.spec.SpecException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Frequencies over many seeded draws, each checked within four standard errors. */
class MatchmakersTest {
  private static final int DRAWS = 40_000;
  private static final List<String> SNAPSHOTS = List.of("main@1", "main@2", "main@3", "main@4", "main@5");
  private static final List<String> BASELINES = List.of("random", "cfr");

  private static Map<String, Integer> draw(String spec, List<String> snapshots, List<String> baselines,
      PayoffTable payoff) {
    Matchmaker matchmaker = Matchmakers.create(spec);
    SplittableRandom random = new SplittableRandom(2024);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < DRAWS; i++) {
      counts.merge(matchmaker.chooseOpponent("main", snapshots, baselines, payoff, random), 1, Integer::sum);
    }
    return counts;
  }

  private static void assertShare(double expected, Map<String, Integer> counts, String player) {
    double share = counts.getOrDefault(player, 0) / (double) DRAWS;
    double se = Math.sqrt(expected * (1 - expected) / DRAWS);
    assertTrue(Math.abs(share - expected) <= 4 * se + 1e-12,
        "%s: share %.4f, expected %.4f ± %.4f; all: %s".formatted(player, share, expected, 4 * se, counts));
  }

  @Test
  void registersTheFourMatchmakers() {
    assertEquals(List.of("fsp", "ghost", "pfsp", "self_play"),
        Matchmakers.registry().providers().stream().map(MatchmakerProvider::name).toList());
  }

  static List<MatchmakerProvider> providers() {
    return List.copyOf(Matchmakers.registry().providers());
  }

  @ParameterizedTest
  @MethodSource("providers")
  void everyMatchmakerChoosesAnAvailableOpponent(MatchmakerProvider provider) {
    Matchmaker matchmaker = Matchmakers.create(provider.name());
    SplittableRandom random = new SplittableRandom(9);
    List<String> available = List.of("main", "main@1", "main@2", "main@3", "main@4", "main@5", "random", "cfr");
    for (int i = 0; i < 1000; i++) {
      String opponent = matchmaker.chooseOpponent("main", SNAPSHOTS, BASELINES, payoff(), random);
      assertTrue(available.contains(opponent), provider.name() + " chose " + opponent);
    }
    assertEquals("main", matchmaker.chooseOpponent("main", List.of(), List.of(), new PayoffTable(), random),
        provider.name() + " with nobody else to play");
  }

  @Test
  void selfPlayIsAlwaysTheLearner() {
    assertEquals(Map.of("main", DRAWS), draw("self_play", SNAPSHOTS, BASELINES, new PayoffTable()));
  }

  @Test
  void fspIsUniformOverTheWindow() {
    Map<String, Integer> counts = draw("fsp(window=3)", SNAPSHOTS, BASELINES, new PayoffTable());
    assertEquals(List.of("main@3", "main@4", "main@5"), counts.keySet().stream().sorted().toList());
    for (String s : List.of("main@3", "main@4", "main@5")) {
      assertShare(1.0 / 3, counts, s);
    }
    Map<String, Integer> all = draw("fsp(window=0)", SNAPSHOTS, BASELINES, new PayoffTable());
    for (String s : SNAPSHOTS) {
      assertShare(1.0 / 5, all, s);
    }
    assertEquals(Map.of("main", DRAWS), draw("fsp", List.of(), BASELINES, new PayoffTable()),
        "no snapshot yet: self-play");
  }

  @Test
  void ghostPlaysTheLatestWithProbabilityP() {
    Map<String, Integer> counts = draw("ghost(p_latest=0.3, window=2)", SNAPSHOTS, BASELINES, null);
    assertShare(0.3, counts, "main");
    assertShare(0.35, counts, "main@4");
    assertShare(0.35, counts, "main@5");
    assertEquals(3, counts.size());
    Map<String, Integer> defaults = draw("ghost", SNAPSHOTS, BASELINES, null);
    assertShare(0.5, defaults, "main");
    assertShare(0.1, defaults, "main@1");
    assertEquals(Map.of("main", DRAWS), draw("ghost", List.of(), BASELINES, null));
  }

  /** main beats main@1 never (x = 0), main@2 half the time, random always; main@3 never met (prior 0.5). */
  private static PayoffTable payoff() {
    PayoffTable payoff = new PayoffTable(1, 0.5);
    payoff.record("main", "main@1", 0);
    payoff.record("main", "main@2", 0.5);
    payoff.record("main", "random", 1);
    return payoff;
  }

  @Test
  void pfspSquaredFavoursWhatTheLearnerLosesTo() {
    // Weights (1-x)^2: main@1 1, main@2 0.25, main@3 0.25, random 0: total 1.5.
    Map<String, Integer> counts = draw("pfsp", List.of("main@1", "main@2", "main@3"), List.of("random"), payoff());
    assertShare(1 / 1.5, counts, "main@1");
    assertShare(0.25 / 1.5, counts, "main@2");
    assertShare(0.25 / 1.5, counts, "main@3");
    assertFalse(counts.containsKey("random"), "a beaten baseline has weight 0");
  }

  @Test
  void pfspVarianceFavoursEvenOpponents() {
    // Weights x(1-x): main@1 0, main@2 0.25, main@3 0.25, random 0.
    Map<String, Integer> counts =
        draw("pfsp(weighting=variance)", List.of("main@1", "main@2", "main@3"), List.of("random"), payoff());
    assertShare(0.5, counts, "main@2");
    assertShare(0.5, counts, "main@3");
    assertEquals(2, counts.size());
  }

  @Test
  void pfspLinearCappedTreatsAllUnbeatenAlike() {
    // Weights min(0.5, 1-x): main@1 0.5, main@2 0.5, main@3 0.5, random 0.
    Map<String, Integer> counts =
        draw("pfsp(weighting=linear_capped)", List.of("main@1", "main@2", "main@3"), List.of("random"), payoff());
    for (String s : List.of("main@1", "main@2", "main@3")) {
      assertShare(1.0 / 3, counts, s);
    }
  }

  @Test
  void pfspFallsBackToUniformWhenEveryWeightIsZero() {
    // Variance weights of x = 0 (main@1) and x = 1 (random) are both 0.
    Map<String, Integer> counts = draw("pfsp(weighting=variance)", List.of("main@1"), List.of("random"), payoff());
    assertShare(0.5, counts, "main@1");
    assertShare(0.5, counts, "random");
  }

  @Test
  void pfspWindowKeepsTheBaselines() {
    Map<String, Integer> counts = draw("pfsp(window=1)", List.of("main@1", "main@2"), List.of("random", "cfr"),
        new PayoffTable());
    // Never met: every weight is (1 - 0.5)^2, so main@2, random and cfr a third each.
    for (String s : List.of("main@2", "random", "cfr")) {
      assertShare(1.0 / 3, counts, s);
    }
    assertEquals(Map.of("main", DRAWS), draw("pfsp", List.of(), List.of(), new PayoffTable()),
        "nothing to choose from: self-play");
  }

  @ParameterizedTest
  @CsvSource({
    "0.0, 1.0, 0.0, 0.5",
    "0.25, 0.5625, 0.1875, 0.5",
    "0.5, 0.25, 0.25, 0.5",
    "0.75, 0.0625, 0.1875, 0.25",
    "1.0, 0.0, 0.0, 0.0"})
  void weightingFormulas(double x, double squared, double variance, double linearCapped) {
    assertEquals(squared, PfspWeighting.SQUARED.weight(x), 1e-12);
    assertEquals(variance, PfspWeighting.VARIANCE.weight(x), 1e-12);
    assertEquals(linearCapped, PfspWeighting.LINEAR_CAPPED.weight(x), 1e-12);
  }

  @Test
  void sameSeedSameOpponents() {
    Matchmaker pfsp = Matchmakers.create("pfsp(weighting=variance)");
    SplittableRandom first = new SplittableRandom(5);
    SplittableRandom second = new SplittableRandom(5);
    for (int i = 0; i < 100; i++) {
      assertEquals(pfsp.chooseOpponent("main", SNAPSHOTS, BASELINES, payoff(), first),
          pfsp.chooseOpponent("main", SNAPSHOTS, BASELINES, payoff(), second));
    }
  }

  @Test
  void badSpecsSayWhatIsValid() {
    SpecException weighting = assertThrows(SpecException.class, () -> Matchmakers.create("pfsp(weighting=cubic)"));
    assertTrue(weighting.getMessage().contains("squared, variance, linear_capped"), weighting.getMessage());
    SpecException p = assertThrows(SpecException.class, () -> Matchmakers.create("ghost(p_latest=1.5)"));
    assertTrue(p.getMessage().contains("[0, 1]"), p.getMessage());
    SpecException unknown = assertThrows(SpecException.class, () -> Matchmakers.create("league"));
    assertTrue(unknown.getMessage().contains("fsp, ghost, pfsp, self_play"), unknown.getMessage());
    assertThrows(SpecException.class, () -> Matchmakers.create("fsp(window=-1)"));
    assertThrows(IllegalArgumentException.class, () -> PfspWeighting.SQUARED.weight(1.5));
  }
}
