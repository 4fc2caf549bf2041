package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.league.store.PlayerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchExecutorTest {
  @TempDir Path dir;

  private static final LeagueConfig CONFIG = ConfigLoader.load(null, List.of("game=kuhn_poker",
      "match_seeds=public", /* two runs compared must deal alike */ "matches=600",
      "batch_matches=200", "threads=2", "evaluation.every=0", "ratings.bootstrap=0", "baseline_rate=0.3",
      "players.0.snapshot_every=1", "players.0.matchmaker=fsp"));

  /** Records every job it is given and plays it through the league's own executor. */
  private static final class Recording implements MatchExecutor {
    final MatchExecutor local;
    final List<MatchJob> jobs = new ArrayList<>();

    Recording(MatchExecutor local) {
      this.local = local;
    }

    @Override
    public void play(List<MatchJob> batch, java.util.function.Consumer<MatchRow> played) {
      jobs.addAll(batch);
      local.play(batch, played);
    }
  }

  @Test
  void theLeaguePlaysNamedJobsThroughItsExecutorAndGetsTheSameRun() throws Exception {
    List<Recording> recorders = new ArrayList<>();
    List<MatchRow> recorded;
    try (League league = League.start(CONFIG, dir.resolve("recorded"), java.util.Optional.empty(), local -> {
      Recording recording = new Recording(local);
      recorders.add(recording);
      return recording;
    })) {
      league.run().forEach(r -> {});
      recorded = league.store().matches();
    }
    List<MatchJob> jobs = recorders.getFirst().jobs;
    assertEquals(600, jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      MatchJob job = jobs.get(i);
      MatchRow row = recorded.get(i);
      assertEquals(i, job.index());
      assertEquals(row.index(), job.index());
      assertEquals(row.seed(), job.seed());
      assertEquals(row.batch(), job.batch());
      assertEquals(row.seats(), job.seats().stream().map(MatchJob.Player::id).toList());
    }
    Set<PlayerKind> kinds = jobs.stream().flatMap(j -> j.seats().stream()).map(MatchJob.Player::kind)
        .collect(Collectors.toSet());
    assertEquals(Set.of(PlayerKind.LEARNER, PlayerKind.SNAPSHOT, PlayerKind.BASELINE), kinds);
    MatchJob.Player snapshot = jobs.stream().flatMap(j -> j.seats().stream())
        .filter(p -> p.kind() == PlayerKind.SNAPSHOT).findFirst().orElseThrow();
    assertEquals(snapshot.id(), snapshot.snapshot().orElseThrow().label());
    assertTrue(snapshot.snapshot().orElseThrow().sha256().matches("[0-9a-f]{64}"));
    assertTrue(jobs.stream().filter(j -> j.batch() == 1).flatMap(j -> j.seats().stream())
        .noneMatch(p -> p.kind() == PlayerKind.SNAPSHOT), "no snapshot exists before the first batch ends");

    try (League plain = League.start(CONFIG, dir.resolve("plain"))) {
      plain.run().forEach(r -> {});
      assertEquals(recorded.stream().map(MatchRow::returns).toList(),
          plain.store().matches().stream().map(MatchRow::returns).toList());
    }
  }
}
