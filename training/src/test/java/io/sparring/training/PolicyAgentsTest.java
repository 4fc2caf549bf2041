package io.sparring.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.agents.Decision;
import io.sparring.agents.SeatView;
import io.sparring.agents.StochasticAgent;
import io.sparring.agents.TurnContext;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.core.solvers.BestResponse;
import io.sparring.core.spec.SpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyAgentsTest {
  private static final Game KUHN = Games.create("kuhn_poker");
  private static LearnedPolicy trained;
  private static Path snapshot;

  @BeforeAll
  static void trainAndSave(@TempDir Path temp) throws IOException {
    Learner learner = Learners.create("tabular", KUHN, 0);
    SelfPlay selfPlay = new SelfPlay(KUHN, learner);
    for (int i = 0; i < 30; i++) {
      selfPlay.iterate(100, i * 100L);
    }
    trained = learner.freeze();
    snapshot = temp.resolve("main-v1");
    learner.save(snapshot, new Provenance("tabular", "kuhn_poker", "", 7, "", 3000));
  }

  private static String spec() {
    return "policy(path='" + snapshot + "')";
  }

  private static SeatView view(State state, int seat) {
    return new SeatView(KUHN, state.observation(seat), List.of(), random -> state.copy(),
        text -> state.parseAction(seat, text));
  }

  @Test
  void theSnapshotAgentStatesTheSnapshotsProbabilitiesAtEveryInformationState() {
    StochasticAgent agent = assertInstanceOf(StochasticAgent.class, Agents.create(spec(), KUHN, 1));
    for (InformationStates.Point point : InformationStates.of(KUHN)) {
      assertEquals(trained.probabilities(point.key(), point.tensor(), point.legal()),
          agent.actionProbabilities(view(point.state(), point.seat())), point.key());
    }
  }

  @Test
  void greedyPlayPutsAllProbabilityOnTheSnapshotsMostProbableAction() {
    StochasticAgent agent = assertInstanceOf(StochasticAgent.class,
        Agents.create("policy(path='" + snapshot + "', play=greedy)", KUHN, 1));
    for (InformationStates.Point point : InformationStates.of(KUHN)) {
      Map<Integer, Double> sampled = trained.probabilities(point.key(), point.tensor(), point.legal());
      int best = point.legal().stream().max((a, b) -> Double.compare(sampled.get(a), sampled.get(b))).orElseThrow();
      assertEquals(Map.of(best, 1.0), agent.actionProbabilities(view(point.state(), point.seat())), point.key());
    }
    SpecException bad = assertThrows(SpecException.class,
        () -> Agents.create("policy(path='" + snapshot + "', play=best)", KUHN, 1));
    assertTrue(bad.getMessage().contains("sample or greedy"), bad.getMessage());
  }

  @Test
  void underPerfectInformationATensorPolicyReadsTheObservationWithoutCopyingAWorld() {
    Game ticTacToe = Games.create("tic_tac_toe");
    State state = ticTacToe.newInitialState(1);
    state.apply(4);
    float[][] seen = new float[1][];
    LearnedPolicy.OfTensor tensorOnly = (tensor, legal) -> {
      seen[0] = tensor;
      return LearnedPolicy.uniform().probabilities("", tensor, legal);
    };
    SeatView noWorlds = new SeatView(ticTacToe, state.observation(1), List.of(), random -> {
      throw new AssertionError("a world was copied");
    }, text -> state.parseAction(1, text));
    Decision decision = PolicyAgents.of(tensorOnly, 5).decide(noWorlds, TurnContext.alone());
    assertTrue(state.legalActions(1).contains(decision.action()));
    assertArrayEquals(state.informationStateTensor(1), seen[0]);
    assertInstanceOf(LearnedPolicy.OfTensor.class, PolicyAgents.greedy(tensorOnly), "greedy keeps the capability");
    // a policy that reads the key still gets it from a world
    LearnedPolicy keyed = (key, tensor, legal) -> LearnedPolicy.uniform().probabilities(key, tensor, legal);
    assertThrows(AssertionError.class, () -> PolicyAgents.of(keyed, 5).decide(noWorlds, TurnContext.alone()));
  }

  @Test
  void itsDecisionsFollowThoseProbabilitiesAndReportTheirLogProbability() {
    Agent agent = Agents.create(spec(), KUHN, 3);
    // The information state where the learned policy is least even.
    InformationStates.Point point = InformationStates.of(KUHN).stream()
        .max((a, b) -> Double.compare(skew(a), skew(b))).orElseThrow();
    Map<Integer, Double> expected = trained.probabilities(point.key(), point.tensor(), point.legal());
    int draws = 20_000;
    int[] counts = new int[KUHN.numDistinctActions()];
    for (int i = 0; i < draws; i++) {
      Decision decision = agent.decide(view(point.state(), point.seat()), TurnContext.alone());
      assertTrue(point.legal().contains(decision.action()));
      assertEquals(Math.log(expected.get(decision.action())), decision.logProbability().orElseThrow(), 1e-12);
      assertTrue(decision.text().startsWith("policy tabular-"), decision.text());
      counts[decision.action()]++;
    }
    for (int action : point.legal()) {
      double p = expected.get(action);
      double sigma = Math.sqrt(draws * p * (1 - p));
      assertEquals(draws * p, counts[action], 5 * sigma + 1, "action " + action + " at " + point.key());
    }
  }

  private static double skew(InformationStates.Point point) {
    return trained.probabilities(point.key(), point.tensor(), point.legal()).values().stream()
        .mapToDouble(p -> Math.abs(p - 0.5)).max().orElse(0);
  }

  @Test
  void itPlaysWholeMatchesWithLegalActionsAndRecordsLogProbabilities() {
    int turns = 0;
    for (long seed = 0; seed < 200; seed++) {
      Trajectory match = MatchRunner.play(MatchConfig.of(KUHN, seed,
          List.of(Seating.of((int) seed % 2, spec()), Seating.of(1 - (int) seed % 2, "random"))));
      for (Step step : match.getStepsList()) {
        for (TurnRecord turn : step.getTurnsList()) {
          assertEquals(0, turn.getViolationsCount(), turn.toString());
          assertTrue(turn.getSeatObservation().getLegalActionsList().contains(turn.getAction().getIndex()));
          if (turn.getSeat() == seed % 2) {
            assertTrue(turn.hasLogProbability(), turn.toString());
            turns++;
          }
        }
      }
    }
    assertTrue(turns >= 200);
  }

  @Test
  void theInMemoryAgentMatchesTheSnapshotAgentAndReplaysFromItsSeed() {
    StochasticAgent memory = PolicyAgents.of(trained, 5);
    StochasticAgent file = (StochasticAgent) Agents.create(spec(), KUHN, 5);
    State state = KUHN.newInitialState(11);
    while (!state.isTerminal()) {
      if (state.isChanceNode()) {
        state.apply(state.sampleChanceOutcome());
        continue;
      }
      int seat = state.currentPlayer();
      assertEquals(file.actionProbabilities(view(state, seat)), memory.actionProbabilities(view(state, seat)));
      int a = memory.decide(view(state, seat), TurnContext.alone()).action();
      int b = file.decide(view(state, seat), TurnContext.alone()).action();
      assertEquals(a, b, "same seed, same policy, same draws");
      state.apply(a);
    }
  }

  @Test
  void theGamePolicyAdapterLetsSolversEvaluateALearnedPolicy() {
    assertEquals(BestResponse.nashConv(KUHN, io.sparring.core.game.Policy.uniform()),
        BestResponse.nashConv(KUHN, LearnedPolicy.uniform().asGamePolicy()), 1e-12);
    assertEquals(0.9166666666666666, BestResponse.nashConv(KUHN, LearnedPolicy.uniform().asGamePolicy()),
        1e-12);
    assertTrue(BestResponse.nashConv(KUHN, trained.asGamePolicy()) < 0.9);
  }

  @Test
  void badSnapshotsAndMismatchedGamesFailAsSpecErrors() {
    Exception wrongGame = assertThrows(SpecException.class,
        () -> Agents.create(spec(), Games.create("kuhn_poker(players=3)"), 0));
    assertTrue(wrongGame.getMessage().contains("plays kuhn_poker(players=2), not kuhn_poker(players=3)"),
        wrongGame.getMessage());
    Exception missing = assertThrows(SpecException.class,
        () -> Agents.create("policy(path='" + snapshot.resolveSibling("nothing") + "')", KUHN, 0));
    assertTrue(missing.getMessage().startsWith("cannot load the policy snapshot: snapshot "),
        missing.getMessage());
    Exception noPath = assertThrows(SpecException.class, () -> Agents.create("policy", KUHN, 0));
    assertTrue(noPath.getMessage().contains("'path'"), noPath.getMessage());
  }
}
