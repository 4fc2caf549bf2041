package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.store.LeagueStore.MatchRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeagueTest {
  @TempDir Path dir;

  private static LeagueConfig kuhn(String... overrides) {
    List<String> all = new ArrayList<>(List.of("game=kuhn_poker",
      "match_seeds=public", /* two runs compared must deal alike */ "matches=30000", "batch_matches=1000", "threads=1",
        "evaluation.every=30", "ratings.bootstrap=20"));
    all.addAll(List.of(overrides));
    return ConfigLoader.load(null, all);
  }

  private static double finalExploitability(League league) throws Exception {
    double last = Double.NaN;
    for (BatchReport report : (Iterable<BatchReport>) league.run()::iterator) {
      last = report.exploitability().getOrDefault("main", last);
    }
    return last;
  }

  @Test
  void selfPlayLearnsKuhnPokerAndALearningRateOfZeroDoesNot() throws Exception {
    try (League learning = League.start(kuhn(), dir.resolve("learning"))) {
      double exploitability = finalExploitability(learning);
      assertTrue(exploitability < 0.25, "exploitability " + exploitability + " (uniform: 0.458)");
    }
    try (League frozen = League.start(
        kuhn("players.0.learner=tabular(learning_rate=0, entropy=0.1)"), dir.resolve("frozen"))) {
      double exploitability = finalExploitability(frozen);
      assertTrue(exploitability > 0.4, "exploitability " + exploitability + " without learning");
    }
  }

  @Test
  void threadsDoNotChangeTheRun() throws Exception {
    List<List<Double>> one;
    List<List<Double>> two;
    try (League a = League.start(kuhn("matches=4000", "threads=1"), dir.resolve("one"))) {
      a.run().forEach(r -> {});
      one = a.store().matches().stream().map(MatchRow::returns).toList();
    }
    try (League b = League.start(kuhn("matches=4000", "threads=2"), dir.resolve("two"))) {
      b.run().forEach(r -> {});
      two = b.store().matches().stream().map(MatchRow::returns).toList();
    }
    assertEquals(4000, one.size());
    assertEquals(one, two);
  }

  @Test
  void batchedInferenceOnManyVirtualThreadsPlaysTheSameMatches() throws Exception {
    List<MatchRow> plain;
    List<MatchRow> batched;
    try (League a = League.start(kuhn("matches=3000", "players.0.learner=ppo"), dir.resolve("plain"))) {
      a.run().forEach(r -> {});
      plain = a.store().matches();
    }
    try (League b = League.start(kuhn("matches=3000", "concurrent_matches=64",
        "players.0.learner=ppo(inference_batch=32, inference_wait_us=500)"), dir.resolve("batched"))) {
      b.run().forEach(r -> {});
      batched = b.store().matches();
    }
    assertEquals(3000, batched.size());
    // The java engine's batched rows are bit-identical to single decisions, so every action and its
    // log-probability agree.
    assertEquals(actions(plain), actions(batched));
  }

  private static List<String> actions(List<MatchRow> matches) {
    return matches.stream().map(m -> m.trajectory().getStepsList().stream()
        .flatMap(step -> step.getTurnsList().stream())
        .map(turn -> turn.getAction().getIndex() + "@" + turn.getLogProbability())
        .toList().toString()).toList();
  }

  @Test
  void aResumedRunEqualsAnUninterruptedOne() throws Exception {
    LeagueConfig config = kuhn("matches=6000", "players.0.snapshot_every=2");
    Standings whole;
    List<List<Double>> wholeReturns;
    try (League league = League.start(config, dir.resolve("whole"))) {
      league.run().forEach(r -> {});
      whole = Standings.compute(league.store(), config);
      wholeReturns = league.store().matches().stream().map(MatchRow::returns).toList();
    }
    Path stopped = dir.resolve("stopped");
    try (League league = League.start(config, stopped)) {
      league.run().limit(3).forEach(r -> {}); // stopped after three batches
    }
    try (League league = League.resume(stopped)) {
      assertEquals(3, league.store().completedBatches());
      league.run().forEach(r -> {});
      assertEquals(wholeReturns,
          league.store().matches().stream().map(MatchRow::returns).toList());
      assertEquals(whole.rows(), Standings.compute(league.store(), config).rows());
    }
  }
}
