package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparring webshop eval}: the result table, the rule baseline below the scripted shopper on
 * the same goals, the real 42-product sample, and what bad input gets. The surefire configuration
 * keeps the index cache in target/.
 */
class WebShopCommandTest {
  private static final Pattern SCORE = Pattern.compile("(?m)^score\\s+([0-9.]+)$");
  private static final Pattern SUCCESS = Pattern.compile("(?m)^success rate\\s+([0-9.]+)%$");

  @TempDir Path dir;

  private static double score(CliRun run) {
    Matcher m = SCORE.matcher(run.out());
    assertTrue(m.find(), run.out());
    return Double.parseDouble(m.group(1));
  }

  private static double success(CliRun run) {
    Matcher m = SUCCESS.matcher(run.out());
    assertTrue(m.find(), run.out());
    return Double.parseDouble(m.group(1));
  }

  @Test
  void evalPrintsScoreSuccessRateAndTheFourParts() {
    CliRun run = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted", "--split", "test",
        "--episodes", "20", "--products", "200", "--threads", "2");
    assertEquals(0, run.exitCode(), run.err());
    String out = run.out();
    assertTrue(out.startsWith("webshop_scripted on webshop(products=200, split=test): 20 episodes in "), out);
    double score = score(run);
    assertTrue(score > 0 && score <= 100, out);
    double success = success(run);
    assertTrue(success >= 0 && success <= 100, out);
    for (String part : new String[] {"type", "attribute", "option", "price"}) {
      assertTrue(out.matches("(?s).*\\n" + part + "\\s+[01]\\.[0-9]{3}\\n.*"), part + " in " + out);
    }
    assertTrue(out.matches("(?s).*\\npurchases\\s+20 of 20\\n.*"), out);
    assertTrue(out.matches("(?s).*\\nforfeits\\s+0\\n.*"), out);
    // not a terminal: a progress line at each tenth of the episodes, the last with the final score
    assertTrue(run.err().contains("  2/20 episodes  score "), run.err());
    assertTrue(run.err().contains(String.format(java.util.Locale.ROOT, "  20/20 episodes  score %.1f%n", score)),
        run.err());
    assertEquals(10, run.err().lines().filter(l -> l.contains("/20 episodes")).count(), run.err());
  }

  @Test
  void theRuleBaselineScoresBelowTheScriptedShopperOnTheSameGoals() {
    CliRun scripted = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted", "--episodes", "20",
        "--products", "200");
    CliRun rule = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted(choose_options=false)",
        "--episodes", "20", "--products", "200");
    assertEquals(0, scripted.exitCode(), scripted.err());
    assertEquals(0, rule.exitCode(), rule.err());
    assertTrue(score(rule) < score(scripted), rule.out() + scripted.out());
    assertTrue(success(rule) < success(scripted), rule.out() + scripted.out());
  }

  @Test
  void theRealSampleScoresEveryTestGoal() throws Exception {
    Path sample = Files.createDirectory(dir.resolve("webshop-sample"));
    for (String file : new String[] {"items_shuffle_sample.json", "items_ins_v2_sample.json",
        "items_human_ins_sample.json"}) {
      try (InputStream in = getClass().getClassLoader().getResourceAsStream("webshop-sample/" + file)) {
        assertNotNull(in, "the webshop module's test-jar should hold webshop-sample/" + file);
        Files.copy(in, sample.resolve(file));
      }
    }
    CliRun scripted = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted", "--catalog", sample.toString());
    CliRun rule = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted(choose_options=false)",
        "--catalog", sample.toString());
    assertEquals(0, scripted.exitCode(), scripted.err());
    assertEquals(0, rule.exitCode(), rule.err());
    // the sample has 179 goals, all in the test split (docs/webshop.md)
    assertTrue(scripted.out().contains(": 179 episodes in "), scripted.out());
    assertTrue(scripted.out().matches("(?s).*\\npurchases\\s+179 of 179\\n.*"), scripted.out());
    assertTrue(score(rule) < score(scripted), rule.out() + scripted.out());
    assertTrue(success(scripted) > 0, scripted.out());
  }

  @Test
  void badInputIsAUsageErrorWithAClearMessage() {
    CliRun split = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted", "--split", "validation");
    assertEquals(2, split.exitCode());
    assertTrue(split.err().contains("--split: unknown split 'validation'; splits: test, dev, train"), split.err());

    CliRun agent = CliRun.of("", "webshop", "eval", "--agent", "no_such_shopper", "--products", "50");
    assertEquals(2, agent.exitCode());
    assertTrue(agent.err().contains("unknown agent 'no_such_shopper'"), agent.err());
    assertTrue(agent.err().contains("See './sparring webshop eval --help'."), agent.err());

    CliRun missing = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted", "--catalog",
        dir.resolve("nowhere").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("--catalog: " + dir.resolve("nowhere") + " does not exist"), missing.err());

    CliRun observation = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted", "--products", "50",
        "--observation", "pixels");
    assertEquals(2, observation.exitCode());
    assertTrue(observation.err().contains("pixels"), observation.err());

    CliRun episodes = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted", "--episodes", "-1");
    assertEquals(2, episodes.exitCode());
    assertTrue(episodes.err().contains("--episodes must be 0 (every goal of the split) or more, got -1"),
        episodes.err());

    CliRun noAgent = CliRun.of("", "webshop", "eval");
    assertEquals(2, noAgent.exitCode());
    assertTrue(noAgent.err().contains("Missing required option: '--agent=SPEC'"), noAgent.err());

    CliRun nothing = CliRun.of("", "webshop");
    assertEquals(2, nothing.exitCode());
    assertTrue(nothing.err().contains("name what to do: eval"), nothing.err());
  }

  @Test
  void aMalformedCatalogIsAFailureNamingTheFileRecordAndField() throws Exception {
    Path catalog = Files.createDirectory(dir.resolve("bad-catalog"));
    Files.writeString(catalog.resolve("items_shuffle_bad.json"), """
        [{"name": "Red shoes", "asin": "B000000001", "category": "fashion", "query": "shoes",
          "product_category": "", "pricing": 12, "full_description": "", "small_description": [""],
          "customization_options": ""}]
        """);
    Files.writeString(catalog.resolve("items_ins_v2_bad.json"), "{}");
    CliRun run = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted", "--catalog", catalog.toString());
    assertEquals(1, run.exitCode(), run.out());
    assertTrue(run.err().contains("error: items_shuffle_bad.json: record 0"), run.err());
    assertTrue(run.err().contains("pricing"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void aSplitWithoutGoalsIsAFailureThatSaysWhichSplitHasGoals() throws Exception {
    CliRun run = CliRun.of("", "webshop", "eval", "--agent", "webshop_scripted", "--products", "50",
        "--split", "train");
    assertEquals(1, run.exitCode(), run.out());
    assertTrue(run.err().contains("the train split is empty"), run.err());
  }

  @Test
  void onATerminalTheProgressIsOneBarRedrawnInPlace() {
    StringWriter err = new StringWriter();
    WebShopCommand.ProgressLine bar = new WebShopCommand.ProgressLine(new PrintWriter(err), true);
    bar.episodeDone(1, 4, null);
    bar.episodeDone(2, 4, null);
    bar.finish();
    assertEquals("\r  [" + "#".repeat(7) + ".".repeat(23) + "] 1/4 episodes  score 0.0"
        + "\r  [" + "#".repeat(15) + ".".repeat(15) + "] 2/4 episodes  score 0.0" + System.lineSeparator(),
        err.toString());
  }

  @Test
  void theWebShopIsListedAmongTheGamesButNotPlayedOutAtRandom() {
    CliRun games = CliRun.of("", "games");
    assertEquals(0, games.exitCode(), games.err());
    assertTrue(games.out().lines().anyMatch(l -> l.matches("webshop\\s+1\\s+sequential\\s.*")), games.out());
    CliRun bench = CliRun.of("", "bench", "games", "webshop", "--seconds", "0.01");
    assertEquals(2, bench.exitCode());
    assertTrue(bench.err().contains("webshop takes text actions, which random playouts cannot draw;"
        + " measure it with 'sparring bench webshop'"), bench.err());
  }
}
