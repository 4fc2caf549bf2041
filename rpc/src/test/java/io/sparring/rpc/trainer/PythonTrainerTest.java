package io.sparring.rpc.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.BatchReport;
import io.sparring.league.engine.Evaluation;
import io.sparring.league.engine.League;
import io.sparring.league.engine.Standings;
import io.sparring.rpc.environment.SystemPython;
import io.sparring.rpc.security.ServerSecurity;
import io.sparring.training.Snapshots;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python MLP trainer (clients/python/examples/mlp_trainer.py, Debian's python3-torch) and a
 * Kuhn league on loopback, in separate processes: the trainer learns from the league's advantages
 * and publishes three versions, which the league plays in turn.
 */
@Timeout(300)
class PythonTrainerTest {
  private static final Path EXAMPLES = Path.of("..", "clients", "python", "examples").toAbsolutePath().normalize();
  private static final Game KUHN = Games.create("kuhn_poker");
  private static final double UNIFORM = 0.4583;

  @TempDir Path dir;

  @Test
  void theThirdPublishedVersionIsBelowPointFifteenExploitability() throws Exception {
    Map<Long, Double> exploitability = train(List.of());
    assertEquals(4, exploitability.size(), "versions 0 to 3 were played: " + exploitability);
    assertEquals(UNIFORM, exploitability.get(0L), 1e-3);
    assertTrue(exploitability.get(3L) < 0.15, "version 3's exploitability: " + exploitability);
  }

  @Test
  void withLearningRateZeroEveryVersionStaysUniform() throws Exception {
    Map<Long, Double> exploitability = train(List.of("--lr", "0"));
    assertEquals(4, exploitability.size(), "versions 0 to 3 were played: " + exploitability);
    exploitability.values().forEach(value -> assertEquals(UNIFORM, value, 0.01, exploitability.toString()));
  }

  /** The exploitability of each version the league played, by version, after the trainer published three. */
  private Map<Long, Double> train(List<String> options) throws Exception {
    String python = SystemPython.requireTorch();
    TrainerHub hub = new TrainerHub();
    LeagueConfig config = ConfigLoader.load(null, List.of("game=kuhn_poker", "match_seeds=public", "threads=1",
        "matches=28000", "batch_matches=4000", "evaluation.every=0", "baseline_rate=0.1",
        "players.0.learner=external(max_staleness=0, batches_per_version=2)"));
    Path run = dir.resolve("run");
    try (ExperienceServer server = ExperienceServer.start(hub,
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), "127.0.0.1", ServerSecurity.none());
        League league = League.start(config, run, Optional.empty(), UnaryOperator.identity(), hub)) {
      CompletableFuture<List<BatchReport>> played = CompletableFuture.supplyAsync(() -> {
        try {
          return league.run().toList();
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      List<String> command = new java.util.ArrayList<>(List.of(python, EXAMPLES.resolve("mlp_trainer.py").toString(),
          "--target", server.target(), "--player", "main", "--versions", "3", "--batches-per-version", "2"));
      command.addAll(options);
      Process trainer = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(trainer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(trainer.waitFor(120, TimeUnit.SECONDS), output);
      assertEquals(0, trainer.exitValue(), output);
      assertEquals(7, played.get(120, TimeUnit.SECONDS).size());
      System.out.println("mlp_trainer.py " + options + ":\n" + output);

      Standings standings = Standings.compute(league.store(), config);
      assertTrue(standings.rows().stream().anyMatch(row -> row.player().equals("main") && row.games() > 0));
      Evaluation evaluation = new Evaluation(KUHN, ViolationPolicy.defaultPolicy());
      Map<Long, Double> exploitability = new TreeMap<>();
      for (var entry : League.externalVersions(league.store()).get("main").entrySet()) {
        var policy = Snapshots.load(run.resolve("snapshots/main-b" + entry.getKey()));
        exploitability.put(entry.getValue(), evaluation.exploitability(policy.asGamePolicy()));
      }
      System.out.println("exploitability by version: " + exploitability);
      return exploitability;
    }
  }
}
