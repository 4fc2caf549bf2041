package io.sparring.rpc.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.BatchReport;
import io.sparring.league.engine.League;
import io.sparring.league.store.LeagueStore;
import io.sparring.rpc.environment.SystemPython;
import io.sparring.rpc.security.ServerSecurity;
import java.io.BufferedReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python text trainer (clients/python/examples/text_trainer.py, Debian's python3-torch) and a
 * tic-tac-toe league on loopback: the trainer serves its character-level transformer behind an
 * OpenAI-compatible endpoint, the league's {@code llm} agent plays each published model name, and
 * the last version beats the random baseline in the league's own games.
 */
@Timeout(600)
class PythonTextTrainerTest {
  private static final Path EXAMPLES = Path.of("..", "clients", "python", "examples").toAbsolutePath().normalize();
  private static final int VERSIONS = 6;
  private static final int BATCH_MATCHES = 400;
  private static final Pattern SERVING = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+/v1)");

  @TempDir Path dir;

  @Test
  void theLastPublishedVersionBeatsRandom() throws Exception {
    String python = SystemPython.requireTorch();
    TrainerHub hub = new TrainerHub();
    try (ExperienceServer server = ExperienceServer.start(hub,
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), "127.0.0.1", ServerSecurity.none())) {
      // The trainer first, so that the league's first requests find its endpoint; it waits for the league.
      Path errors = dir.resolve("trainer.err");
      Process trainer = new ProcessBuilder(python, EXAMPLES.resolve("text_trainer.py").toString(),
          "--target", server.target(), "--player", "main", "--versions", Integer.toString(VERSIONS))
          .redirectError(errors.toFile()).start();
      try {
        BufferedReader lines = trainer.inputReader(StandardCharsets.UTF_8);
        String first = lines.readLine();
        assertNotNull(first, "the trainer ended before serving: " + Files.readString(errors));
        Matcher serving = SERVING.matcher(first);
        assertTrue(serving.matches(), first);
        CompletableFuture<List<String>> output = CompletableFuture.supplyAsync(() -> lines.lines().toList());

        try (League league = League.start(config(serving.group(1)), dir.resolve("run"), Optional.empty(),
            UnaryOperator.identity(), hub)) {
          List<BatchReport> played = league.run().toList();
          assertEquals(VERSIONS + 1, played.size(), "a batch for each version, 0 to " + VERSIONS);
          Map<Integer, Long> versions = new TreeMap<>();
          for (int version = 0; version <= VERSIONS; version++) {
            versions.put(version, (long) version);
          }
          assertEquals(versions, League.externalVersions(league.store()).get("main"), "batch b + 1 played version b");
          server.close(); // the run is over: the trainer's stream ends, and so does the trainer
          assertTrue(trainer.waitFor(60, TimeUnit.SECONDS), "the trainer did not exit");
          assertEquals(0, trainer.exitValue(), Files.readString(errors));
          System.out.println("text_trainer.py:\n" + first + "\n" + String.join("\n", output.get()));
          System.out.println("seconds per batch (playing, and waiting for the next version): "
              + played.stream().map(report -> String.format("%.1f", report.seconds())).toList());

          Map<Integer, Score> scores = new TreeMap<>();
          for (int batch = 1; batch <= VERSIONS + 1; batch++) {
            scores.put(batch - 1, againstRandom(league.store(), batch));
          }
          System.out.println("score against random by version: " + scores);
          Score last = scores.get(VERSIONS);
          assertTrue(last.low() > 0.5, "version " + VERSIONS + " does not beat random: " + last);
        }
      } finally {
        trainer.destroyForcibly();
      }
    }
  }

  private static LeagueConfig config(String url) {
    String agent = "llm(url='" + url + "', model='{model}', temperature=1, retries=0, concurrency=8)";
    return ConfigLoader.load(null, List.of("game=tic_tac_toe", "match_seeds=public", "threads=1",
        "concurrent_matches=8", "matches=" + (VERSIONS + 1) * BATCH_MATCHES, "batch_matches=" + BATCH_MATCHES,
        "evaluation.every=0", "baselines=[{name: random, agent: random}]", "baseline_rate=0.75",
        "players.0.learner=external(policy=model, max_staleness=0, model=policy, endpoint='" + url + "', agent="
            + agent + ")"));
  }

  /**
   * Main's score in a batch's games against random (a win 1, a draw 0.5), with its 95% Wilson interval
   * (which draws make conservative: a game's variance is at most p(1 - p)).
   */
  private static Score againstRandom(LeagueStore store, int batch) throws java.sql.SQLException {
    double points = 0;
    int games = 0;
    for (LeagueStore.MatchRow row : store.matches(batch)) {
      int main = row.seats().indexOf("main");
      if (main >= 0 && row.seats().contains("random")) {
        double result = row.returns().get(main);
        points += result > 0 ? 1 : result == 0 ? 0.5 : 0;
        games++;
      }
    }
    return Score.of(points, games);
  }

  /** A score over {@code games} games and its 95% Wilson interval. */
  private record Score(double mean, double low, double high, int games) {
    static Score of(double points, int games) {
      double p = points / games;
      double z = 1.96;
      double centre = (p + z * z / (2 * games)) / (1 + z * z / games);
      double half = z * Math.sqrt(p * (1 - p) / games + z * z / (4.0 * games * games)) / (1 + z * z / games);
      return new Score(p, centre - half, centre + half, games);
    }

    @Override
    public String toString() {
      return String.format("%.3f [%.3f, %.3f] over %d games", mean, low, high, games);
    }
  }
}
