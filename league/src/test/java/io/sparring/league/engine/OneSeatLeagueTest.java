package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.config.ConfigException;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.report.Reports;
import io.sparring.league.store.LeagueStore.MatchRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A league of a one-seat game (the web shop): no opponents and no Elo; every player plays every
 * episode once, and the standings rank them by mean return with a 95% interval.
 */
class OneSeatLeagueTest {
  private static final String SHOP = "webshop(products=200, split=test)";
  @TempDir Path dir;

  private static LeagueConfig shop(String... more) {
    List<String> keys = new java.util.ArrayList<>(List.of("game=" + SHOP, "matches=60", "batch_matches=30",
        "threads=2", "players=[]", "baselines.0.name=scripted", "baselines.0.agent=webshop_scripted",
        "baselines.1.name=rule", "baselines.1.agent=webshop_scripted(choose_options=false)", "baseline_rate=0",
        "evaluation.every=0"));
    keys.addAll(List.of(more));
    return ConfigLoader.load(null, keys);
  }

  @Test
  void everyPlayerPlaysEveryEpisodeAloneAndIsRankedByMeanReturn() throws Exception {
    try (League league = League.start(shop(), dir.resolve("run"))) {
      league.run().forEach(r -> {});
      List<MatchRow> matches = league.store().matches();
      assertEquals(60, matches.size());
      assertTrue(matches.stream().allMatch(m -> m.seats().size() == 1));
      Map<Long, List<String>> byEpisode = matches.stream().collect(Collectors.groupingBy(MatchRow::seed,
          Collectors.mapping(m -> m.seats().getFirst(), Collectors.toList())));
      assertEquals(30, byEpisode.size(), "30 episodes, each played by both");
      byEpisode.values().forEach(players -> assertEquals(List.of("scripted", "rule"), players));

      Standings standings = Standings.compute(league.store(), league.config());
      assertTrue(standings.alone());
      assertTrue(league.store().ratingHistory().values().stream().allMatch(Map::isEmpty), "no Elo");
      Standings.Row best = standings.rows().getFirst();
      assertEquals("scripted", best.player(), "the scripted shopper beats the rule baseline");
      for (Standings.Row row : standings.rows()) {
        List<Double> returns = matches.stream().filter(m -> m.seats().getFirst().equals(row.player()))
            .map(m -> m.returns().getFirst()).toList();
        double mean = returns.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sd = Math.sqrt(returns.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum() / (returns.size() - 1));
        assertEquals(30, row.games());
        assertEquals(mean, row.returns(), 1e-12);
        assertEquals(mean - 1.96 * sd / Math.sqrt(30), row.returnsLow(), 1e-9);
        assertEquals(mean + 1.96 * sd / Math.sqrt(30), row.returnsHigh(), 1e-9);
      }
      assertTrue(Reports.standings(standings).getFirst().contains("MEAN RETURN [95% CI]"));
      assertEquals(List.of(), Reports.payoffMatrix(standings));
      assertEquals(List.of(), io.sparring.league.report.Plots.write(league.store(), league.runDirectory()),
          "no ratings to plot");
    }
  }

  @Test
  void aLeagueOfAOneSeatGameNeedsSomeoneToPlay() {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, List.of("game=" + SHOP, "players=[]", "baselines=[]", "baseline_rate=0")));
    assertTrue(e.getMessage().contains("a league of a one-side game needs at least one of them"), e.getMessage());
  }
}
