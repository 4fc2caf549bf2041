package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.proto.v1.Trajectory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * clients/python/examples/webshop.py (search the instruction, open the first result, buy) against
 * a server on a free port, run with Debian's system Python: for several goals its reward is the
 * reward of WebShop's rule baseline as the shop implements it in Java
 * ({@code webshop_scripted(choose_options=false)}) on the same goal. Skipped without Python's grpc
 * unless CI=true, like the other Python tests.
 */
class PythonWebShopExampleTest {
  private static final Path CLIENT = Path.of("..", "clients", "python").toAbsolutePath().normalize();
  private static final String GAME = "webshop(split=test)";
  private static final Pattern REWARD = Pattern.compile("(?m)^reward: ([0-9.]+)$");

  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  @Test
  void theExamplesRewardIsTheRuleBaselines() throws Exception {
    String python = SystemPython.requireGrpc();
    EnvironmentServer server = grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), TestSessions.sessions()).start());
    Game game = Games.create(GAME);
    StringBuilder rewards = new StringBuilder();
    for (long seed : new long[] {0, 1, 2, 3}) {
      String output = run(python, server.port(), seed);
      Matcher reward = REWARD.matcher(output);
      assertTrue(reward.find(), "the example printed no reward:\n" + output);
      Trajectory baseline = MatchRunner.play(MatchConfig.of(game, seed,
          List.of(Seating.of(0, "webshop_scripted(choose_options=false)"))));
      assertEquals(baseline.getReturns(0), Double.parseDouble(reward.group(1)), 1e-6,
          "seed " + seed + ": the example and the rule baseline bought differently:\n" + output);
      assertTrue(output.contains("moves: 3"), output);
      rewards.append(" ").append(reward.group(1));
    }
    System.out.println("examples/webshop.py on " + GAME + ", seeds 0-3, rewards:" + rewards);
    assertEquals(0, server.sessions().size(), "the example closed its sessions");
  }

  private static String run(String python, int port, long seed) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(python, "examples/webshop.py", "--server", "127.0.0.1:" + port,
        "--game", GAME, "--seed", Long.toString(seed))
        .directory(CLIENT.toFile())
        .redirectErrorStream(true);
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the example did not finish:\n" + output);
    assertEquals(0, process.exitValue(), "the example failed:\n" + output);
    return output;
  }
}
