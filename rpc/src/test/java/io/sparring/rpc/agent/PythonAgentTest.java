package io.sparring.rpc.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.ScriptedAgents;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.Verdict;
import io.sparring.rpc.environment.SystemPython;
import io.sparring.core.spec.Spec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A team whose verifier is the Python example (clients/python/examples/verifier_agent.py), run with
 * Debian's system Python. Like PythonClientTest: fails on CI (CI=true) without Python's grpc,
 * skipped elsewhere saying what to install.
 */
class PythonAgentTest {
  private static final Path EXAMPLE = Path.of("..", "clients", "python", "examples", "verifier_agent.py")
      .toAbsolutePath().normalize();
  private static final Pattern SERVING = Pattern.compile("serving AgentService on (\\S+)");

  @Test
  void thePythonVerifierRejectsAnUnreadableProposalAndTheRefinerRepairsIt() throws Exception {
    String python = SystemPython.requireGrpc();
    Process agent = new ProcessBuilder(python, EXAMPLE.toString(), "--port", "0")
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      Matcher serving = SERVING.matcher(line == null ? "" : line);
      assertTrue(serving.find(), "the example did not start: " + line);
      ScriptedAgents.CALLS.clear();
      Game game = Games.create("tic_tac_toe");
      String team = "team(generator=scripted(name=g, answers='~the middle;~X(0,0)'), verifier=remote(target='"
          + serving.group(1) + "', deadline=10), refiner=scripted(name=r, answers='4'))";
      Trajectory t = MatchRunner.play(MatchConfig.of(game, 1,
          List.of(new Seating(List.of(0), Spec.parse(team), ""), Seating.of(1, "random"))));
      assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());

      TurnRecord first = t.getSteps(0).getTurns(0);
      RoleOutput rejected = first.getRoles(1);
      assertEquals(Role.ROLE_VERIFIER, rejected.getRole());
      assertEquals(Verdict.VERDICT_REJECT, rejected.getVerdict());
      assertTrue(rejected.getOutput().startsWith("'the middle' is not a legal action; legal: 0 X(0,0)"),
          rejected.getOutput());
      assertEquals(4, first.getAction().getIndex(), "the refiner's answer was played");
      TurnRecord second = t.getSteps(2).getTurns(0);
      assertEquals(Verdict.VERDICT_ACCEPT, second.getRoles(1).getVerdict(), second.toString());
      assertEquals(0, second.getAction().getIndex());
    } finally {
      agent.destroy();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
