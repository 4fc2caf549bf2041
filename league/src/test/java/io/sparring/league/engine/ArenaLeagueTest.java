package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.config.ConfigLoader;
import io.sparring.league.store.LeagueStore.BatchStatsRow;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.TurnRecord;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team game end to end: arena soccer (2v2) with a PFSP learner against its snapshots and a
 * scripted bot. The learner holds a whole side, a side counts once in the results, and only the
 * learner's seats give experience.
 */
class ArenaLeagueTest {
  @TempDir Path dir;

  @Test
  void aLearnerHoldsAWholeSideAndASideCountsOnce() throws Exception {
    var config = ConfigLoader.load(null, List.of("game=arena(mode=soccer, seconds=5)", "match_seeds=public",
        "matches=40", "batch_matches=10", "threads=2", "players.0.learner=ppo(network=mlp(hidden=[16]))",
        "players.0.matchmaker=pfsp", "players.0.snapshot_every=1", "baselines=[{name: bot, agent: 'arena_bot(level=1)'}]",
        "baseline_rate=0.25", "evaluation.every=0", "ratings.bootstrap=0"));
    try (League league = League.start(config, dir.resolve("run"))) {
      league.run().forEach(r -> {});
      List<MatchRow> matches = league.store().matches();
      assertEquals(40, matches.size());
      Map<String, Integer> met = new HashMap<>();
      Map<Integer, Integer> learnerTurns = new HashMap<>();
      for (MatchRow match : matches) {
        List<String> seats = match.seats();
        assertEquals(seats.get(0), seats.get(1), "side A is one player: " + seats);
        assertEquals(seats.get(2), seats.get(3), "side B is one player: " + seats);
        int side = (int) (match.index() % 2);
        assertEquals("main", seats.get(2 * side), "the learner's side alternates: " + match.index());
        String opponent = seats.get(2 * (1 - side));
        assertFalse(opponent.equals("main"), "PFSP always has a snapshot or the bot");
        met.merge(opponent, 1, Integer::sum);
        Set<Integer> learnerSeats = new HashSet<>(List.of(2 * side, 2 * side + 1));
        for (Step step : match.trajectory().getStepsList()) {
          for (TurnRecord turn : step.getTurnsList()) {
            if (learnerSeats.contains(turn.getSeat())) {
              learnerTurns.merge(match.batch(), 1, Integer::sum);
            }
          }
        }
      }
      assertTrue(met.containsKey("bot") && met.keySet().stream().anyMatch(o -> o.startsWith("main-b")),
          "opponents: " + met);

      // experience: one sample per turn of the learner's two seats, none from the opponent's
      List<BatchStatsRow> stats = league.store().batchStats();
      assertEquals(4, stats.size());
      for (BatchStatsRow row : stats) {
        assertEquals(learnerTurns.get(row.batch()), row.samples(), "batch " + row.batch());
      }

      // one result per match: the learner's games are the matches, each opponent's its meetings
      Standings standings = Standings.compute(league.store(), league.config());
      assertFalse(standings.alone());
      for (Standings.Row row : standings.rows()) {
        int games = row.player().equals("main") ? 40 : met.getOrDefault(row.player(), 0);
        assertEquals(games, row.games(), row.player());
      }
      int main = standings.players().indexOf("main");
      int bot = standings.players().indexOf("bot");
      assertEquals(met.get("bot"), standings.games()[main][bot]);
    }
  }
}
