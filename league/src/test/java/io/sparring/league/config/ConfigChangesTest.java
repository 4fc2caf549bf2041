package io.sparring.league.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigChangesTest {
  private static final LeagueConfig KUHN = kuhn();

  private static LeagueConfig kuhn(String... overrides) {
    List<String> all = new ArrayList<>(List.of("game=kuhn_poker"));
    all.addAll(List.of(overrides));
    return ConfigLoader.load(null, all);
  }

  @Test
  void anUnchangedConfigHasNoChanges() {
    assertEquals(List.of(), ConfigChanges.changedKeys(KUHN, kuhn()));
    LeagueConfig saved = ConfigLoader.load(null, List.of("game=leduc_poker"));
    assertEquals(List.of(), ConfigChanges.changedKeys(saved, ConfigLoader.load(null, List.of("game=leduc_poker"))));
  }

  @ParameterizedTest
  @CsvSource({
      "matches=1000, matches",
      "evaluation.every=7, evaluation.every",
      "threads=3, threads",
      "concurrent_matches=64, concurrent_matches",
      "report.standings_seconds=60, report.standings_seconds"})
  void aSafeKeyAloneIsNotUnsafe(String override, String key) {
    List<String> changed = ConfigChanges.changedKeys(KUHN, kuhn(override));
    assertEquals(List.of(key), changed);
    assertEquals(List.of(), ConfigChanges.unsafe(changed));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "seed=2 | seed",
      "baseline_rate=0.3 | baseline_rate",
      "batch_matches=500 | batch_matches",
      "players.0.learner=tabular(learning_rate=0.4, entropy=0.1) | players.0.learner",
      "advantage.whiten=true | advantage.whiten",
      "ratings.bootstrap=50 | ratings.bootstrap",
      "baselines=[{name: random, agent: random}, {name: cfr, agent: solver(kind=cfr)}, {name: again, agent: random}] | baselines"})
  void aKeyThatChangesTheLeagueIsUnsafe(String override, String key) {
    List<String> changed = ConfigChanges.changedKeys(KUHN, kuhn(override));
    assertEquals(List.of(key), changed);
    assertEquals(List.of(key), ConfigChanges.unsafe(changed));
  }

  @Test
  void onlyTheUnsafeOfSeveralChangesAreKept() {
    List<String> changed = ConfigChanges.changedKeys(KUHN, kuhn("matches=10", "seed=9", "threads=2", "ratings.elo_k=8"));
    assertEquals(List.of("seed", "matches", "threads", "ratings.elo_k"), changed);
    assertEquals(List.of("seed", "ratings.elo_k"), ConfigChanges.unsafe(changed));
  }
}
