package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.config.ConfigException;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.proto.v1.ExperienceBatch;
import io.sparring.proto.v1.ExperienceTurn;
import io.sparring.training.advantage.ExperienceRecords;
import io.sparring.training.advantage.LearningMatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GRPO groups (group_size): one deal and seating played G times, and the estimators over them. */
class GroupsTest {
  private static final int G = 4;

  @TempDir Path dir;

  private static LeagueConfig kuhn(String... more) {
    List<String> overrides = new ArrayList<>(List.of("game=kuhn_poker", "match_seeds=public", "threads=1",
        "matches=400", "batch_matches=200", "group_size=" + G, "evaluation.every=0"));
    overrides.addAll(List.of(more));
    return ConfigLoader.load(null, overrides);
  }

  @Test
  void aGroupPlaysOneDealAndSeatingWithItsOwnAgentSeedsAndItsRowsCarryTheEstimators() throws Exception {
    LeagueConfig config = kuhn();
    try (League league = League.start(config, dir.resolve("run"))) {
      league.run().forEach(report -> {});
      List<ExperienceRecords.Played> played = new ArrayList<>();
      for (int batch = 1; batch <= 2; batch++) {
        List<MatchRow> rows = league.store().matches(batch);
        assertEquals(200, rows.size());
        for (int first = 0; first < rows.size(); first += G) {
          Set<Long> agentSeeds = new HashSet<>();
          for (int m = first; m < first + G; m++) {
            MatchRow row = rows.get(m);
            assertEquals(rows.get(first).seats(), row.seats(), "one seating per group");
            assertEquals(rows.get(first).trajectory().getSeed(), row.trajectory().getSeed(), "one deal per group");
            assertEquals(rows.get(first).trajectory().getSteps(0), row.trajectory().getSteps(0), "the same cards");
            agentSeeds.add(row.trajectory().getSeats(0).getAgentSeed());
          }
          assertEquals(G, agentSeeds.size(), "each member's agents draw their own actions");
        }
        if (batch == 1) {
          for (MatchRow row : rows) {
            Map<Integer, String> seats = new HashMap<>();
            for (int seat = 0; seat < row.seats().size(); seat++) {
              if (row.seats().get(seat).equals("main")) {
                seats.put(seat, "main");
              }
            }
            played.add(new ExperienceRecords.Played(row.index(), new LearningMatch(row.trajectory(), seats)));
          }
        }
      }
      ExperienceBatch batch = new ExperienceRecords(config.advantage(), G)
          .build("run", 1, List.of("main"), played).getFirst();
      checkEstimators(batch, played);
    }
  }

  private static void checkEstimators(ExperienceBatch batch, List<ExperienceRecords.Played> played) {
    // one row per turn here (a plain agent): the first row of each (match, seat) carries its episode's values
    Map<String, ExperienceTurn> episodes = new HashMap<>();
    Map<String, List<ExperienceTurn>> steps = new HashMap<>();
    for (ExperienceTurn turn : batch.getTurnsList()) {
      assertEquals(turn.getMatchIndex() / G, turn.getGroupId());
      episodes.putIfAbsent(turn.getMatchIndex() + "|" + turn.getSeat(), turn);
      steps.computeIfAbsent(turn.getGroupId() + "|" + turn.getSeat() + "|" + turn.getInformationStateKey(),
          k -> new ArrayList<>()).add(turn);
      assertEquals(turn.getGrpoAdvantage() + turn.getGigpoStepAdvantage(), turn.getGigpoAdvantage(), 1e-12);
    }
    Map<String, Double> grpoSums = new HashMap<>();
    Map<String, Integer> grpoCounts = new HashMap<>();
    for (ExperienceTurn episode : episodes.values()) {
      String group = episode.getGroupId() + "|" + episode.getSeat();
      grpoSums.merge(group, episode.getGrpoAdvantage(), Double::sum);
      grpoCounts.merge(group, 1, Integer::sum);
    }
    assertTrue(grpoCounts.values().stream().anyMatch(n -> n == G), "groups of G episodes: " + grpoCounts.values());
    grpoSums.values().forEach(sum -> assertEquals(0, sum, 1e-9, "GRPO advantages are centred in each group"));
    assertTrue(episodes.values().stream().anyMatch(e -> e.getGrpoAdvantage() != 0));
    int shared = 0;
    for (List<ExperienceTurn> group : steps.values()) {
      assertEquals(group.size(), group.getFirst().getGigpoStepCount());
      assertEquals(0, group.stream().mapToDouble(ExperienceTurn::getGigpoStepAdvantage).sum(), 1e-9);
      shared += group.size() > 1 ? 1 : 0;
    }
    assertTrue(shared > 0, "identical information states within a group form step groups");

    // SPIRAL: b starts at 0 per game and seat and moves by 0.95 b + 0.05 R over the matches in order
    Map<Integer, Double> b = new HashMap<>();
    for (ExperienceRecords.Played match : played) {
      for (int seat : new java.util.TreeSet<>(match.match().learningSeats().keySet())) {
        double before = b.getOrDefault(seat, 0.0);
        double r = match.match().trajectory().getReturns(seat);
        ExperienceTurn row = episodes.get(match.index() + "|" + seat);
        if (row != null) {
          assertEquals(before, row.getSpiralBaseline(), 1e-12);
          assertEquals(r - before, row.getSpiralAdvantage(), 1e-12);
        }
        b.put(seat, 0.95 * before + 0.05 * r);
      }
    }
    assertNotEquals(0.0, b.get(0));
  }

  @Test
  void aGroupSizeThatWouldSplitAGroupAcrossBatchesIsRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> kuhn("group_size=3"));
    assertTrue(e.getMessage().contains("group_size: 3 must divide batch_matches (200)"), e.getMessage());
  }
}
