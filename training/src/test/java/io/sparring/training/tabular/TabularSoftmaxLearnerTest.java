package io.sparring.training.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.Role;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.spec.SpecException;
import io.sparring.training.Experience;
import io.sparring.training.ExperienceBatch;
import io.sparring.training.InformationStates;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Learner;
import io.sparring.training.Learners;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TabularSoftmaxLearnerTest {
  private static final Game KUHN = Games.create("kuhn_poker");
  private static final List<Integer> PASS_BET = List.of(0, 1);

  private static Experience turn(String key, int action, double advantage) {
    return new Experience(KUHN.spec().toString(), "main", 0, Role.GENERATOR, "seat=0", key,
        new float[0], PASS_BET, action, advantage, advantage, advantage, Math.log(0.5));
  }

  private static ExperienceBatch batch(Experience... experiences) {
    return new ExperienceBatch("main", List.of(experiences));
  }

  private static double p(LearnedPolicy policy, String key, int action) {
    return policy.probabilities(key, new float[0], PASS_BET).get(action);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void theSpecIsCanonicalWithDefaults() {
    TabularSoftmaxLearner learner = (TabularSoftmaxLearner) Learners.create("tabular", KUHN, 0);
    assertEquals("tabular(learning_rate=0.1, entropy=0.0, gradient=vanilla)", learner.spec());
  }

  @Test
  void oneUpdateMovesTowardPositiveAndAwayFromNegativeAdvantagesByTheHandComputedAmount() {
    Learner learner = Learners.create("tabular(learning_rate=0.5)", KUHN, 0);
    Learner.UpdateStats stats = learner.learn(batch(turn("s", 1, 1.0), turn("t", 0, -0.5)));

    // s: g = 1·([0, 1] − [½, ½]) = [−½, ½]; z = 0.5·g = [−¼, ¼]; π(bet) = σ(½).
    assertEquals(sigmoid(0.5), p(learner.policy(), "s", 1), 1e-15);
    assertEquals(0.6224593312018546, p(learner.policy(), "s", 1), 1e-15);
    // t: g = −½·([1, 0] − [½, ½]) = [−¼, ¼]; z = [−⅛, ⅛]; π(pass) = σ(−¼), less than ½.
    assertEquals(0.4378234991142019, p(learner.policy(), "t", 0), 1e-15);
    // A key no experience reached stays uniform.
    assertEquals(0.5, p(learner.policy(), "unseen", 0));

    assertEquals(2, stats.samples());
    assertEquals(0.25, stats.meanAdvantage(), 1e-15);
    // loss = −mean(A · log π(a|s)) = −(1·log ½ − ½·log ½)/2 = ¼·log 2
    assertEquals(0.25 * Math.log(2), stats.loss(), 1e-15);
    assertEquals(Math.log(2), stats.entropy(), 1e-15);
  }

  @Test
  void theNaturalGradientMovesOnlyThePlayedLogitByAdvantageOverProbability() {
    Learner learner = Learners.create("tabular(learning_rate=0.5, gradient=natural)", KUHN, 0);
    learner.learn(batch(turn("s", 1, 1.0), turn("t", 0, -0.5)));
    // s: z[bet] = 0.5 · 1 / π(bet) = 0.5 · 1 / ½ = 1, z[pass] = 0; π(bet) = σ(1).
    assertEquals(sigmoid(1), p(learner.policy(), "s", 1), 1e-15);
    // t: z[pass] = 0.5 · (−½) / ½ = −½; π(pass) = σ(−½).
    assertEquals(sigmoid(-0.5), p(learner.policy(), "t", 0), 1e-15);
  }

  @Test
  void onlyTheNaturalGradientLeavesAWrongDeterministicChoice() {
    for (String gradient : List.of("vanilla", "natural")) {
      Learner learner = Learners.create("tabular(learning_rate=1, gradient=" + gradient + ")", KUHN, 0);
      while (p(learner.policy(), "s", 0) < 0.999) {
        learner.learn(batch(turn("s", 0, 1.0))); // pass looked good early on
      }
      for (int b = 0; b < 50; b++) {
        learner.learn(batch(turn("s", 0, -1.0))); // and now always loses
      }
      double pass = p(learner.policy(), "s", 0);
      if (gradient.equals("vanilla")) {
        assertTrue(pass > 0.99, "vanilla left the losing move: " + pass);
      } else {
        assertTrue(pass < 0.01, "natural still plays the losing move: " + pass);
      }
    }
  }

  @Test
  void eachKeyMovesByTheMeanOfItsTurnsNotTheirSum() {
    Learner once = Learners.create("tabular(learning_rate=0.5)", KUHN, 0);
    once.learn(batch(turn("s", 1, 1.0)));
    Learner thrice = Learners.create("tabular(learning_rate=0.5)", KUHN, 0);
    thrice.learn(batch(turn("s", 1, 1.0), turn("s", 1, 1.0), turn("s", 1, 1.0), turn("other", 0, 5)));
    assertEquals(p(once.policy(), "s", 1), p(thrice.policy(), "s", 1), 1e-15);

    // Opposite actions with equal advantages cancel.
    Learner cancelled = Learners.create("tabular(learning_rate=0.5)", KUHN, 0);
    cancelled.learn(batch(turn("s", 0, 1.0), turn("s", 1, 1.0)));
    assertEquals(0.5, p(cancelled.policy(), "s", 1), 1e-15);
  }

  @Test
  void theEntropyBonusPullsAnUnevenPolicyBackTowardUniform() {
    Learner learner = Learners.create("tabular(learning_rate=1, entropy=0.5)", KUHN, 0);
    // At the uniform policy the entropy gradient is 0: z = 1·([0, 1] − ½) = [−½, ½].
    learner.learn(batch(turn("s", 1, 1.0)));
    assertEquals(sigmoid(1), p(learner.policy(), "s", 1), 1e-15);

    // A zero advantage leaves only the bonus: g[a] = 0.5·(−π_a·(log π_a + H)).
    double[] pi = {sigmoid(-1), sigmoid(1)};
    double h = -(pi[0] * Math.log(pi[0]) + pi[1] * Math.log(pi[1]));
    double[] z = {-0.5, 0.5};
    for (int a = 0; a < 2; a++) {
      z[a] += 0.5 * (-pi[a] * (Math.log(pi[a]) + h));
    }
    learner.learn(batch(turn("s", 1, 0.0)));
    double after = p(learner.policy(), "s", 1);
    assertEquals(sigmoid(z[1] - z[0]), after, 1e-15);
    assertTrue(after < sigmoid(1) && after > 0.5, "moved toward uniform: " + after);
  }

  @Test
  void learningRateZeroLeavesEveryInformationStateExactlyUniform() {
    Learner learner = Learners.create("tabular(learning_rate=0, entropy=0.3)", KUHN, 0);
    List<Experience> experiences = new ArrayList<>();
    for (InformationStates.Point point : InformationStates.of(KUHN)) {
      experiences.add(new Experience(KUHN.spec().toString(), "main", point.seat(), Role.GENERATOR, "g",
          point.key(), point.tensor(), point.legal(), point.legal().getLast(), 1, 1, 1.75, Double.NaN));
      experiences.add(new Experience(KUHN.spec().toString(), "main", point.seat(), Role.GENERATOR, "g",
          point.key(), point.tensor(), point.legal(), point.legal().getFirst(), -1, -1, -0.25, Double.NaN));
    }
    for (int i = 0; i < 10; i++) {
      learner.learn(new ExperienceBatch("main", experiences));
    }
    for (InformationStates.Point point : InformationStates.of(KUHN)) {
      for (LearnedPolicy policy : List.of(learner.policy(), learner.freeze())) {
        Map<Integer, Double> probabilities = policy.probabilities(point.key(), point.tensor(), point.legal());
        for (double probability : probabilities.values()) {
          assertEquals(1.0 / point.legal().size(), probability, 0.0, point.key());
        }
      }
    }
  }

  @Test
  void aFrozenPolicyIgnoresLaterUpdatesWhileTheLivePolicyFollowsThem() {
    Learner learner = Learners.create("tabular", KUHN, 0);
    learner.learn(batch(turn("s", 1, 1.0)));
    LearnedPolicy frozen = learner.freeze();
    LearnedPolicy live = learner.policy();
    double before = p(frozen, "s", 1);
    learner.learn(batch(turn("s", 1, 1.0), turn("t", 0, 1.0)));
    assertEquals(before, p(frozen, "s", 1), 0.0);
    assertEquals(0.5, p(frozen, "t", 0), 0.0);
    assertTrue(p(live, "s", 1) > before);
    assertNotEquals(0.5, p(live, "t", 0));
  }

  @Test
  void theSameBatchesGiveTheSameLogits() {
    Learner a = Learners.create("tabular", KUHN, 1);
    Learner b = Learners.create("tabular", KUHN, 2);
    for (Learner learner : List.of(a, b)) {
      learner.learn(batch(turn("s", 1, 0.3), turn("t", 0, -0.7), turn("s", 0, 0.1)));
      learner.learn(batch(turn("t", 1, 0.2)));
    }
    assertEquals(((TabularSoftmaxPolicy) a.freeze()).logits().keySet(),
        ((TabularSoftmaxPolicy) b.freeze()).logits().keySet());
    for (String key : List.of("s", "t")) {
      assertEquals(p(a.policy(), key, 0), p(b.policy(), key, 0), 0.0);
    }
  }

  @Test
  void badInputsAreRejectedNamingTheProblem() {
    Learner learner = Learners.create("tabular", KUHN, 0);
    Exception nan = assertThrows(IllegalArgumentException.class,
        () -> learner.learn(batch(turn("s", 1, Double.NaN))));
    assertTrue(nan.getMessage().contains("not finite"), nan.getMessage());
    Experience otherGame = new Experience("tic_tac_toe", "main", 0, Role.GENERATOR, "g", "s",
        new float[0], PASS_BET, 0, 0, 0, 0, Double.NaN);
    Exception game = assertThrows(IllegalArgumentException.class,
        () -> learner.learn(batch(otherGame)));
    assertTrue(game.getMessage().contains("tic_tac_toe"), game.getMessage());
    Exception rate = assertThrows(SpecException.class,
        () -> Learners.create("tabular(learning_rate=-0.1)", KUHN, 0));
    assertTrue(rate.getMessage().contains("learning_rate"), rate.getMessage());
    assertThrows(SpecException.class, () -> Learners.create("tabular(entropy=-1)", KUHN, 0));
    assertThrows(SpecException.class, () -> Learners.create("tabular(rate=1)", KUHN, 0));
    Exception gradient = assertThrows(SpecException.class,
        () -> Learners.create("tabular(gradient=fast)", KUHN, 0));
    assertTrue(gradient.getMessage().contains("vanilla or natural"), gradient.getMessage());
  }

  @Test
  void anEmptyBatchChangesNothing() {
    Learner learner = Learners.create("tabular", KUHN, 0);
    Learner.UpdateStats stats = learner.learn(new ExperienceBatch("main", List.of()));
    assertEquals(0, stats.samples());
    assertEquals(0.5, p(learner.policy(), "s", 0), 0.0);
  }
}
