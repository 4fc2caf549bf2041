package io.sparring.league.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.training.advantage.GroupKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static String error(Runnable load) {
    return assertThrows(ConfigException.class, load::run).getMessage();
  }

  private Path file(String yaml) throws Exception {
    Path file = dir.resolve("league.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /** The overrides after game=kuhn_poker: a run of Kuhn poker alone, with the top-level keys. */
  private static List<String> kuhn(String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of("game=kuhn_poker"));
    all.addAll(List.of(overrides));
    return all;
  }

  @Test
  void theEmbeddedDefaultIsAKuhnLeducAndTicTacToeRunOfNeuralPlayers() {
    List<LeagueConfig> configs = ConfigLoader.loadAll(null, List.of());
    assertEquals(List.of("kuhn_poker", "leduc_poker", "tic_tac_toe"), configs.stream().map(LeagueConfig::game).toList());
    for (LeagueConfig config : configs) {
      assertTrue(config.players().getFirst().learner().startsWith("ppo("), config.players().toString());
      assertEquals("self_play", config.players().getFirst().matchmaker(), "missing keys come from the default's");
      assertEquals(config.batches() * config.batchMatches(), config.matches());
    }
    assertEquals(List.of("random", "cfr"), configs.get(0).baselines().stream().map(LeagueConfig.BaselineConfig::name).toList());
    assertEquals(50, configs.get(2).evaluation().minimaxGames());
    assertEquals(0, configs.get(0).evaluation().minimaxGames());
    assertTrue(error(() -> ConfigLoader.load(null, List.of())).startsWith("games: this config is a run of 3 games"));
  }

  @Test
  void namingAGameRunsThatGameAloneWithTheTopLevelKeys() {
    LeagueConfig config = ConfigLoader.load(null, List.of("game=leduc_poker"));
    assertEquals("leduc_poker", config.game());
    assertEquals("tabular(learning_rate=0.5, entropy=0.1)", config.players().getFirst().learner());
    assertEquals(List.of("random", "cfr"), config.baselines().stream().map(LeagueConfig.BaselineConfig::name).toList());
  }

  @Test
  void gamesEntriesAreCheckedLikeTheTopLevel() throws Exception {
    assertEquals("games[1].matchs: unknown key; valid keys here: advantage, baseline_rate, baselines, batch_matches,"
        + " concurrent_matches, evaluation, game, group_size, match_seeds, matches, players, ratings, report, seed, threads,"
        + " violation_policy",
        error(() -> ConfigLoader.loadAll(fileUnchecked("games:\n  - game: kuhn_poker\n  - game: leduc_poker\n"
            + "    matchs: 10\n"), List.of())));
    assertEquals("games[1].game: kuhn_poker is in the run twice", error(() -> ConfigLoader.loadAll(
        fileUnchecked("games:\n  - game: kuhn_poker\n  - game: kuhn_poker\n"), List.of())));
    List<LeagueConfig> two = ConfigLoader.loadAll(file("matches: 4000\ngames:\n  - game: kuhn_poker\n"
        + "  - game: leduc_poker\n    matches: 2000\n"), List.of());
    assertEquals(List.of(4000, 2000), two.stream().map(LeagueConfig::matches).toList());
    assertEquals("tabular(learning_rate=0.5, entropy=0.1)", two.get(1).players().getFirst().learner(),
        "a file's games replace the default's");
  }

  @Test
  void aFileMergesOverTheDefaultAndOverridesComeLast() throws Exception {
    Path file = file("game: leduc_poker\nadvantage:\n  gamma: 0.9\n");
    LeagueConfig config = ConfigLoader.load(file, List.of("advantage.whiten=true", "players.0.learner=tabular(learning_rate=1)"));
    assertEquals("leduc_poker", config.game());
    assertEquals(0.9, config.advantage().gamma());
    assertTrue(config.advantage().whiten());
    assertEquals(GroupKey.GAME_SEAT, config.advantage().groupKey(), "untouched keys keep their defaults");
    assertEquals("tabular(learning_rate=1)", config.players().getFirst().learner());
  }

  @Test
  void theSavedYamlReadsBackEqual() throws Exception {
    LeagueConfig config = ConfigLoader.load(null, kuhn("seed=42", "baseline_rate=0.5"));
    Path saved = file(ConfigLoader.toYaml(config));
    assertEquals(config, ConfigLoader.read(saved));
  }

  @Test
  void unknownKeysNameTheirPath() throws Exception {
    assertEquals("advantage.gama: unknown key; valid keys here: divide_by_std, draw_reward, format_bonus,"
        + " gamma, group_key, violation_penalty, whiten",
        error(() -> ConfigLoader.load(fileUnchecked("advantage:\n  gama: 0.9\n"), List.of())));
    String inList = error(() -> ConfigLoader.load(fileUnchecked(
        "players:\n  - name: a\n    lerner: tabular\n    matchmaker: self_play\n    snapshot_every: 1\n"), List.of()));
    assertTrue(inList.startsWith("players[0].lerner: unknown key; valid keys here:"), inList);
    assertTrue(error(() -> ConfigLoader.load(null, kuhn("ratings.k=3"))).startsWith("ratings.k: unknown key"));
  }

  @Test
  void valuesAreRangeCheckedAndSpecsResolved() {
    assertEquals("batch_matches: must be between 1 and 2147483647, got 0",
        error(() -> ConfigLoader.load(null, kuhn("batch_matches=0"))));
    assertEquals("baseline_rate: must be between 0 and 1, got 1.5",
        error(() -> ConfigLoader.load(null, kuhn("baseline_rate=1.5"))));
    assertTrue(error(() -> ConfigLoader.load(null, kuhn("game=chess")))
        .startsWith("game: unknown game 'chess'; known games:"));
    assertTrue(error(() -> ConfigLoader.load(null, kuhn("players.0.learner=sgd")))
        .startsWith("players[0].learner: unknown learner 'sgd'"));
    assertTrue(error(() -> ConfigLoader.load(null, kuhn("players.0.matchmaker=pfsp(weighting=cubic)")))
        .startsWith("players[0].matchmaker:"));
    assertTrue(error(() -> ConfigLoader.load(null, kuhn("baselines.1.agent=oracle")))
        .startsWith("baselines[1].agent: unknown agent 'oracle'"));
    assertEquals("advantage: gamma must be in [0, 1], got 1.5",
        error(() -> ConfigLoader.load(null, kuhn("advantage.gamma=1.5"))));
    assertTrue(error(() -> ConfigLoader.load(null, kuhn("seed=abc"))).startsWith("seed: "));
  }

  @Test
  void wholeNumberKeysRefuseFractionsAndNameTheirRealRange() {
    assertEquals("matches: must be a whole number, got 1.5", error(() -> ConfigLoader.load(null, kuhn("matches=1.5"))));
    assertEquals("players[0].snapshot_every: must be a whole number, got 0.5",
        error(() -> ConfigLoader.load(null, kuhn("players.0.snapshot_every=0.5"))));
    assertEquals("matches: must be between 1 and 2147483647, got 3000000000",
        error(() -> ConfigLoader.load(null, kuhn("matches=3000000000"))));
    assertEquals("threads: must be between 0 and 1024, got 3000000000",
        error(() -> ConfigLoader.load(null, kuhn("threads=3000000000"))));
    assertEquals("seed: must be between -9223372036854775808 and 9223372036854775807, got 99999999999999999999",
        error(() -> ConfigLoader.load(null, kuhn("seed=99999999999999999999"))));
    assertEquals(4000, ConfigLoader.load(null, kuhn("matches=4000.0")).matches(), "a whole number written as 4000.0");
  }

  @Test
  void wrongKindsOfValuesAreSaidInPlainWords() throws Exception {
    assertEquals("matches: must be a whole number, got 'abc'", error(() -> ConfigLoader.load(null, kuhn("matches=abc"))));
    assertEquals("ratings.elo_k: must be a number, got 'abc'", error(() -> ConfigLoader.load(null, kuhn("ratings.elo_k=abc"))));
    assertEquals("game: must be text, got a list", error(() -> ConfigLoader.load(null, kuhn("game=[1]"))));
    assertEquals("players: must be a list, got a map of keys",
        error(() -> ConfigLoader.load(null, kuhn("players={a: 1}"))));
    assertEquals("ratings: must be a map of keys, got 'x'", error(() -> ConfigLoader.load(null, kuhn("ratings=x"))));
    assertEquals("advantage.whiten: must be true or false, got 'maybe'",
        error(() -> ConfigLoader.load(null, kuhn("advantage.whiten=maybe"))));
    assertEquals("threads: must be a whole number, got nothing", error(() -> ConfigLoader.load(null, kuhn("threads=null"))));
    assertTrue(error(() -> ConfigLoader.load(null, kuhn("advantage.group_key=nope")))
        .startsWith("advantage.group_key: must be one of game_seat, "));
    Path listOfNumbers = file("game: kuhn_poker\nbaselines: [3]\n");
    assertEquals("baselines[0]: must be a map of keys",
        error(() -> ConfigLoader.load(listOfNumbers, List.of())));
    for (String bad : List.of("matches=abc", "seed=abc", "players=3", "players={a: 1}", "ratings=x", "game=[1]",
        "ratings.bootstrap=[1]", "players.0.learner={a: 1}", "threads=null", "matches=", "baselines=x",
        "advantage.group_key=nope", "matches=3000000000")) {
      String message = error(() -> ConfigLoader.load(null, kuhn(bad)));
      assertTrue(!message.contains("java.") && !message.contains("com.fasterxml") && !message.contains("`")
          && !message.contains("JsonToken") && !message.contains("Feature"), bad + ": " + message);
    }
  }

  @Test
  void specsAreCheckedAsTheRunChecksThem() {
    // Each is refused when the learner is created; the config refuses it first, without creating one.
    for (String learner : List.of("tabular(learning_rate=-1)", "tabular(entropy=-0.5)", "tabular(gradient=steep)",
        "ppo(clip=-1)", "reinforce(average=2)", "ppo(network=mlp(hidden=[0]))", "ppo(inference_engine=gpu)")) {
      String message = error(() -> ConfigLoader.load(null, kuhn("players.0.learner=" + learner)));
      assertTrue(message.startsWith("players[0].learner: parameter '"), learner + ": " + message);
    }
    assertTrue(error(() -> ConfigLoader.load(null, kuhn("violation_policy=lenient")))
        .startsWith("violation_policy: "));
  }

  @Test
  void unreadableConfigFilesSayWhy() throws Exception {
    Path notADirectory = file("game: kuhn_poker\n");
    assertEquals("cannot read %s: Not a directory".formatted(notADirectory.resolve("x.yaml")),
        error(() -> ConfigLoader.load(notADirectory.resolve("x.yaml"), List.of())));
    assertEquals("cannot read %s: Is a directory".formatted(dir), error(() -> ConfigLoader.load(dir, List.of())));
  }

  @Test
  void badOverridesSayHowToWriteThem() {
    assertTrue(error(() -> ConfigLoader.load(null, kuhn("seed"))).startsWith("--set takes path=value"));
    assertEquals("--set players.3: the list has 1 entries",
        error(() -> ConfigLoader.load(null, kuhn("players.3.name=x"))));
    assertEquals("--set seed.x: 'seed' has no keys below it",
        error(() -> ConfigLoader.load(null, kuhn("seed.x=1"))));
  }

  @Test
  void namesMustBeDistinct() {
    assertEquals("baselines[0].name: 'main' is used twice",
        error(() -> ConfigLoader.load(null, kuhn("baselines.0.name=main"))));
  }

  private Path fileUnchecked(String yaml) {
    try {
      return file(yaml);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
