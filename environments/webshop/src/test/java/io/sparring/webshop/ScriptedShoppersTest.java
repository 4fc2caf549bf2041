package io.sparring.webshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.proto.v1.ActionSource;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedShoppersTest {
  private static final Game FIVE = Games.create(Fixtures.spec(Fixtures.five(), ""));

  /** The seed whose goal is the black, small jumpsuit at $39.99 (every part can match). */
  private static long jumpsuitSeed() {
    for (long seed = 0; seed < 7; seed++) {
      Goal goal = ((ShopState) FIVE.newInitialState(seed)).goal();
      if (goal.product().asin().equals("B000000001") && goal.options().getFirst().value().equals("black")
          && goal.options().getLast().value().equals("small")) {
        return seed;
      }
    }
    throw new AssertionError("no such goal");
  }

  private static List<TurnRecord> turns(Trajectory trajectory) {
    return trajectory.getStepsList().stream().flatMap(s -> s.getTurnsList().stream()).toList();
  }

  @Test
  void theBaselineSearchesOpensChoosesTheNamedOptionsAndBuys() {
    Trajectory t = MatchRunner.play(MatchConfig.of(FIVE, jumpsuitSeed(), List.of(Seating.of(0, "webshop_scripted"))));
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());
    assertEquals(List.of("search[Find me slim fit women's jumpsuits with machine wash with color: black, and size: small]",
        "click[b000000001]", "click[black]", "click[small]", "click[buy now]"),
        turns(t).stream().map(turn -> turn.getAction().getIndex() < 0 ? turn.getAction().getTextAction()
            : turn.getAction().getName()).toList());
    assertEquals(1.0, t.getReturns(0), 1e-12);
  }

  @Test
  void theVerifierRejectsAWrongItemAndTheRefinersRepairIsRecorded() {
    String team = "team(generator=webshop_scripted(choose_options=false), verifier=webshop_scripted,"
        + " refiner=webshop_scripted)";
    Trajectory t = MatchRunner.play(MatchConfig.of(FIVE, jumpsuitSeed(), List.of(Seating.of(0, team))));
    List<TurnRecord> turns = turns(t);
    // search, open, then "buy now" rejected twice (colour, then size unchosen) and repaired by the refiner.
    TurnRecord firstBuy = turns.get(2);
    RoleOutput verdict = firstBuy.getRolesList().stream().filter(r -> r.getRole() == Role.ROLE_VERIFIER).findFirst().orElseThrow();
    assertEquals(Verdict.VERDICT_REJECT, verdict.getVerdict());
    assertTrue(verdict.getOutput().contains("'black'"), verdict.getOutput());
    assertEquals(ActionSource.ACTION_SOURCE_REFINER, firstBuy.getAction().getSource());
    assertEquals("click[black]", firstBuy.getAction().getName());
    assertEquals("click[small]", turns.get(3).getAction().getName());
    assertEquals(ActionSource.ACTION_SOURCE_REFINER, turns.get(3).getAction().getSource());
    TurnRecord buy = turns.get(4);
    assertEquals("click[buy now]", buy.getAction().getName());
    assertTrue(buy.getRolesList().stream().anyMatch(r -> r.getVerdict() == Verdict.VERDICT_ACCEPT));
    // Hand-computed: r_type 1, attributes 2/2, options 2/2, 39.99 within the bound: (2 + 2 + 1) / 5 = 1.
    assertEquals(1.0, t.getReturns(0), 1e-12);
  }

  @Test
  void withoutTheVerifierTheSameGeneratorBuysWithoutOptions() {
    Trajectory t = MatchRunner.play(MatchConfig.of(FIVE, jumpsuitSeed(),
        List.of(Seating.of(0, "webshop_scripted(choose_options=false)"))));
    // r_type 1, attributes 2/2, options 0/2, price 1: (2 + 0 + 1) / 5 = 0.6.
    assertEquals(0.6, t.getReturns(0), 1e-12);
  }

  @Test
  void theEvaluationReportsScoreSuccessAndParts() {
    List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    WebShopEvaluation.Result r = WebShopEvaluation.evaluate(Fixtures.spec(Fixtures.five(), ""), "webshop_scripted",
        0, 2, (done, total, purchase) -> seen.add(done));
    assertEquals(7, r.episodes());
    assertEquals(7, seen.size());
    assertEquals(7, r.purchases());
    assertTrue(r.score() >= 0 && r.score() <= 100);
    assertTrue(r.successRate() >= 4 / 7.0, "the four jumpsuit goals are bought right: " + r);
    assertEquals(1.0, r.type(), 1e-12, r.toString());
  }
}
