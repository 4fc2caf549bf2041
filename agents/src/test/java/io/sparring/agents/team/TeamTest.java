package io.sparring.agents.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.Agents;
import io.sparring.agents.Role;
import io.sparring.agents.ScriptedAgents;
import io.sparring.agents.ScriptedAgents.Call;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.proto.v1.ActionSource;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.Verdict;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeamTest {
  private static final String FULL_TEAM = "team(strategist=scripted(name=s, answers='!hint first'),"
      + " generator=scripted(name=g), verifier=scripted(name=v, answers='reject;accept;reject'),"
      + " refiner=scripted(name=r), strategy_every=2)";

  @BeforeEach
  void clearCalls() {
    ScriptedAgents.CALLS.clear();
  }

  @Test
  void oneTeamPlaysBothSeatsOfMiniHanabiWithTheRightCallOrder() {
    Game hanabi = Games.create("hanabi(preset=mini)");
    Trajectory t = MatchRunner.play(MatchConfig.of(hanabi, 5,
        List.of(new Seating(List.of(0, 1), Spec.parse(FULL_TEAM), ""))));
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());

    Map<Integer, List<Call>> bySeat = new HashMap<>();
    ScriptedAgents.CALLS.forEach(c -> bySeat.computeIfAbsent(c.seat(), s -> new ArrayList<>()).add(c));
    for (int seat = 0; seat < 2; seat++) {
      List<Call> calls = bySeat.get(seat);
      // First turn: strategist, generator, verifier (rejects), refiner. Second turn: no strategy.
      assertEquals(List.of(Role.STRATEGIST, Role.GENERATOR, Role.VERIFIER, Role.REFINER,
          Role.GENERATOR, Role.VERIFIER), calls.subList(0, 6).stream().map(Call::role).toList());
      assertEquals("hint first", calls.get(1).strategy(), "the generator sees the strategy");
      assertTrue(calls.get(2).proposal().contains("action="), "the verifier sees the proposal");
      assertEquals("reject by v", calls.get(3).critique(), "the refiner sees the critique");
      for (Call call : calls) {
        // Privacy: every role of this seat sees this seat's own view only.
        assertTrue(call.observation().contains("You are P" + seat + "."), call.observation());
      }
    }
    // Separate agents per seat: no agent instance served both seats.
    for (Call call : bySeat.get(0)) {
      assertTrue(bySeat.get(1).stream().noneMatch(c -> c.instance() == call.instance()));
    }

    TurnRecord first = firstTurn(t);
    assertEquals(List.of(io.sparring.proto.v1.Role.ROLE_STRATEGIST,
        io.sparring.proto.v1.Role.ROLE_GENERATOR, io.sparring.proto.v1.Role.ROLE_VERIFIER,
        io.sparring.proto.v1.Role.ROLE_REFINER), first.getRolesList().stream().map(r -> r.getRole()).toList());
    assertEquals(Verdict.VERDICT_REJECT, first.getRoles(2).getVerdict());
    assertEquals(ActionSource.ACTION_SOURCE_REFINER, first.getAction().getSource());
  }

  @Test
  void theCheckVerifierRejectsIllegalProposalsAndTheRefinerRepairs() {
    Game ticTacToe = Games.create("tic_tac_toe");
    String team = "team(generator=scripted(answers='9'), verifier=check, refiner=random)";
    Trajectory t = MatchRunner.play(MatchConfig.of(ticTacToe, 1,
        List.of(Seating.of(0, team), Seating.of(1, "random"))));
    TurnRecord first = firstTurn(t);
    assertEquals(Verdict.VERDICT_REJECT, first.getRoles(1).getVerdict());
    assertTrue(first.getRoles(1).getOutput().contains("action 9 is not legal"), first.getRoles(1).getOutput());
    assertEquals(ActionSource.ACTION_SOURCE_REFINER, first.getAction().getSource());
    assertEquals(0, first.getViolationsCount());
  }

  @Test
  void theCheckVerifierFlagsBlundersWithTheSolver() {
    Game ticTacToe = Games.create("tic_tac_toe");
    // X at 0 and 1, O at 3 and 4: X must take 2 to win; 8 does not.
    var state = ticTacToe.newInitialState(0);
    for (int a : new int[] {0, 3, 1, 4}) {
      state.apply(a);
    }
    var verifier = Agents.create("check", ticTacToe, 1);
    var view = new io.sparring.agents.SeatView(ticTacToe, state.observation(0), List.of(),
        r -> state.copy(), text -> state.parseAction(0, text));
    var critique = verifier.decide(view, new io.sparring.agents.TurnContext(Role.VERIFIER, "",
        java.util.Optional.of(io.sparring.agents.Decision.action(8)), java.util.Optional.empty(), 1, ""));
    assertEquals(io.sparring.agents.Decision.Verdict.REJECT, critique.verdict());
    assertTrue(critique.text().contains("X(2,2) is a blunder; the best moves are [X(0,2)]"), critique.text());
    var praise = verifier.decide(view, new io.sparring.agents.TurnContext(Role.VERIFIER, "",
        java.util.Optional.of(io.sparring.agents.Decision.action(2)), java.util.Optional.empty(), 1, ""));
    assertEquals(io.sparring.agents.Decision.Verdict.ACCEPT, praise.verdict());
  }

  @Test
  void aTeamNeedsAGeneratorAndKnownMembers() {
    Game ticTacToe = Games.create("tic_tac_toe");
    SpecException missing = assertThrows(SpecException.class,
        () -> Agents.create("team(verifier=check)", ticTacToe, 1));
    assertTrue(missing.getMessage().contains("parameter 'generator' of agent team is required"),
        missing.getMessage());
    SpecException unknown = assertThrows(SpecException.class,
        () -> Agents.create("team(generator=gpt)", ticTacToe, 1));
    assertTrue(unknown.getMessage().contains("unknown agent 'gpt'"), unknown.getMessage());
  }

  private static TurnRecord firstTurn(Trajectory t) {
    for (Step step : t.getStepsList()) {
      if (step.getTurnsCount() > 0) {
        return step.getTurns(0);
      }
    }
    throw new AssertionError("no turn");
  }
}
