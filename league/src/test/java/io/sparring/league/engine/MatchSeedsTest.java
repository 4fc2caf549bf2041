package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.SeedAttack;
import io.sparring.core.game.Seeds;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.proto.v1.SeatAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: one recorded match seed (a finished match shown on a dashboard, a record handed to a
 * trainer) must not give the run seed and with it every later deal, as the invertible derivation
 * did. Match seeds are keyed by a secret the store keeps, so resume still deals exactly the same.
 */
class MatchSeedsTest {
  private static final int SEED = 5;
  @TempDir Path dir;

  private static LeagueConfig config(String matchSeeds, int matches) {
    return ConfigLoader.load(null, List.of("game=kuhn_poker", "seed=" + SEED, "match_seeds=" + matchSeeds,
        "matches=" + matches, "batch_matches=20", "threads=1", "ratings.bootstrap=0", "evaluation.every=0"));
  }

  private static List<MatchRow> play(LeagueConfig config, Path run) throws Exception {
    try (League league = League.start(config, run)) {
      league.run().forEach(r -> {});
      return league.store().matches();
    }
  }

  @Test
  void aRecordedMatchSeedGivesNeitherTheRunSeedNorAnotherDeal() throws Exception {
    List<MatchRow> matches = play(config("secret", 40), dir.resolve("a"));
    for (MatchRow match : matches) {
      long seed = match.seed();
      assertNotEquals(SEED, SeedAttack.invertDerive(seed, match.index()), "match " + match.index());
      assertNotEquals(Seeds.derive(SEED, match.index()), seed, "the old derivation does not predict it");
      for (SeatAssignment seat : match.trajectory().getSeatsList()) {
        assertNotEquals(seed, SeedAttack.invertDerive(seat.getAgentSeed(), seat.getSeat() + 1));
      }
    }
    List<MatchRow> again = play(config("secret", 40), dir.resolve("b"));
    assertTrue(matches.getFirst().seed() != again.getFirst().seed(), "each run draws its own secret");
  }

  @Test
  void publicMatchSeedsRepeatFromTheConfigAlone() throws Exception {
    List<Long> first = play(config("public", 20), dir.resolve("a")).stream().map(MatchRow::seed).toList();
    List<Long> second = play(config("public", 20), dir.resolve("b")).stream().map(MatchRow::seed).toList();
    assertEquals(first, second);
    assertNotEquals(Seeds.derive(SEED, 0), (long) first.getFirst(), "keyed, not the invertible derivation");
  }

  /** Two copies of one stopped secret run, each extended on its own, deal and play the same. */
  @Test
  void aResumedSecretRunDealsWithTheKeyItsStoreKeeps() throws Exception {
    Path original = dir.resolve("original");
    play(config("secret", 40), original);
    Path copy = dir.resolve("copy");
    try (Stream<Path> files = Files.walk(original)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(original.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().equals("league.lock")) {
          Files.copy(file, target);
        }
      }
    }
    List<List<String>> played = new java.util.ArrayList<>();
    for (Path run : List.of(original, copy)) {
      Path yaml = run.resolve(League.CONFIG_FILE);
      Files.writeString(yaml, Files.readString(yaml).replace("matches: 40", "matches: 60"));
      try (League league = League.resume(run)) {
        league.run().forEach(r -> {});
        played.add(league.store().matches().stream()
            .map(m -> m.index() + " " + m.seed() + " " + m.seats() + " " + m.returns()).toList());
      }
    }
    assertEquals(60, played.getFirst().size());
    assertEquals(played.get(0), played.get(1));
  }
}
