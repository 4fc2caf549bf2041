package io.sparring.training.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.Role;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.core.spec.SpecException;
import io.sparring.training.Experience;
import io.sparring.training.ExperienceBatch;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Learner;
import io.sparring.training.Learners;
import io.sparring.training.Provenance;
import io.sparring.training.Snapshots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuralLearnerTest {
  private static final Game TIC_TAC_TOE = Games.create("tic_tac_toe");

  /** Turns of random tic-tac-toe games, each with a random advantage. */
  static ExperienceBatch randomTurns(int games, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Experience> turns = new ArrayList<>();
    for (int g = 0; g < games; g++) {
      State state = TIC_TAC_TOE.newInitialState(0);
      while (!state.isTerminal()) {
        int seat = state.currentPlayer();
        List<Integer> legal = state.legalActions(seat);
        int action = legal.get(random.nextInt(legal.size()));
        turns.add(new Experience(TIC_TAC_TOE.spec().toString(), "main", seat, Role.GENERATOR, "seat=" + seat,
            state.informationStateKey(seat), state.informationStateTensor(seat), legal, action, 0, random.nextDouble(-1, 1),
            random.nextDouble(-1, 1), Math.log(1.0 / legal.size())));
        state.apply(action);
      }
    }
    return new ExperienceBatch("main", turns);
  }

  @Test
  void illegalActionsGetProbabilityZeroBeforeAndAfterLearning() {
    try (Learner learner = Learners.create("ppo(network=mlp(hidden=[32]))", TIC_TAC_TOE, 1)) {
      State state = TIC_TAC_TOE.newInitialState(0);
      state.apply(4);
      Map<Integer, Double> before = learner.policy().probabilities(state.informationStateKey(1),
          state.informationStateTensor(1), state.legalActions(1));
      assertEquals(8, before.size());
      before.values().forEach(p -> assertEquals(1.0 / 8, p, 1e-6)); // zero heads: uniform at first
      for (int b = 0; b < 5; b++) {
        learner.learn(randomTurns(20, b));
      }
      Map<Integer, Double> after = learner.policy().probabilities(state.informationStateKey(1),
          state.informationStateTensor(1), state.legalActions(1));
      assertFalse(after.containsKey(4), "the taken cell has no probability");
      assertEquals(1.0, after.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
      assertTrue(after.values().stream().anyMatch(p -> Math.abs(p - 1.0 / 8) > 1e-4), "learning changed it");
    }
  }

  @Test
  void aHalfLifeHalvesTheStepSizeEveryThatManyBatches() {
    try (Learner constant = Learners.create("reinforce(learning_rate=0.01)", TIC_TAC_TOE, 5);
        Learner halving = Learners.create("reinforce(learning_rate=0.01, learning_rate_half_life=1)",
            TIC_TAC_TOE, 5)) {
      for (int b = 0; b < 3; b++) {
        constant.learn(randomTurns(20, b));
        halving.learn(randomTurns(20, b));
      }
      // Adam's steps are about the learning rate in size, so the fourth update moves the halving
      // learner's weights about 2^-3 as far as the constant one's.
      double ratio = fourthStep(halving) / fourthStep(constant);
      assertTrue(ratio > 0.06 && ratio < 0.25, "step ratio " + ratio);
    }
  }

  /** How far the next update (on a fixed batch) moves the first hidden layer's weights. */
  private static double fourthStep(Learner learner) {
    float[] before = ((MlpPolicy) learner.freeze()).layers().getFirst().weight().clone();
    learner.learn(randomTurns(20, 3));
    float[] after = ((MlpPolicy) learner.freeze()).layers().getFirst().weight();
    double squares = 0;
    for (int i = 0; i < before.length; i++) {
      squares += (after[i] - before[i]) * (after[i] - before[i]);
    }
    return Math.sqrt(squares);
  }

  @Test
  void averagingMovesTheSnapshotsWeightsPartWayAndNeverChangesAnEarlierOne() {
    try (Learner learner = Learners.create("ppo(average=0.25)", TIC_TAC_TOE, 3)) {
      MlpPolicy initial = (MlpPolicy) learner.freeze();
      learner.learn(randomTurns(20, 4));
      MlpPolicy latest = (MlpPolicy) learner.player();
      MlpPolicy first = (MlpPolicy) learner.freeze();
      List<float[]> firstWeights = first.layers().stream().map(l -> l.weight().clone()).toList();
      for (int l = 0; l < initial.layers().size(); l++) {
        float[] before = initial.layers().get(l).weight();
        float[] after = latest.layers().get(l).weight();
        float[] average = first.layers().get(l).weight();
        for (int i = 0; i < before.length; i++) {
          assertEquals(before[i] + 0.25f * (after[i] - before[i]), average[i], 1e-6f);
        }
      }
      assertFalse(java.util.Arrays.equals(latest.layers().getFirst().weight(), first.layers().getFirst().weight()),
          "the matches play the latest weights, the snapshot their average");
      learner.learn(randomTurns(20, 5));
      for (int l = 0; l < firstWeights.size(); l++) {
        assertArrayEquals(firstWeights.get(l), first.layers().get(l).weight(), "layer " + l);
      }
    }
  }

  @Test
  void aSnapshotPlaysExactlyTheLearnersPolicy(@TempDir Path dir) throws Exception {
    try (Learner learner = Learners.create("reinforce(learning_rate=0.01)", TIC_TAC_TOE, 2)) {
      learner.learn(randomTurns(30, 3));
      Path snapshot = dir.resolve("main-b1");
      learner.save(snapshot, new Provenance("reinforce(learning_rate=0.01)", "tic_tac_toe", "", 2, "", 30));
      LearnedPolicy loaded = Snapshots.load(snapshot);
      LearnedPolicy live = learner.freeze();
      for (Experience e : randomTurns(5, 9).experiences()) {
        assertEquals(live.probabilities(e.informationStateKey(), e.informationState(), e.legalActions()),
            loaded.probabilities(e.informationStateKey(), e.informationState(), e.legalActions()));
      }
      assertEquals("mlp", Snapshots.manifest(snapshot).kind());
    }
  }

  @Test
  void theSameSeedAndBatchesGiveTheSameWeights() {
    List<Map<Integer, Double>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (Learner learner = Learners.create("ppo", TIC_TAC_TOE, 5)) {
        for (int b = 0; b < 3; b++) {
          learner.learn(randomTurns(10, b));
        }
        State state = TIC_TAC_TOE.newInitialState(0);
        runs.add(learner.policy().probabilities(state.informationStateKey(0),
            state.informationStateTensor(0), state.legalActions(0)));
      }
    }
    assertEquals(runs.get(0), runs.get(1));
  }

  @Test
  void updatesDoNotGrowTheNativeArraysHeld() {
    try (Learner learner = Learners.create("ppo(epochs=2, minibatches=4)", TIC_TAC_TOE, 3)) {
      NeuralLearner neural = (NeuralLearner) learner;
      learner.learn(randomTurns(20, 0));
      int held = neural.nativeArrays();
      for (int b = 1; b <= 30; b++) {
        learner.learn(randomTurns(20, b));
      }
      assertEquals(held, neural.nativeArrays(), "arrays left behind by updates");
    }
  }

  @Test
  void badSpecsAreRejectedNamingTheProblem() {
    SpecException rate = assertThrows(SpecException.class,
        () -> Learners.create("ppo(learning_rate=-1)", TIC_TAC_TOE, 0));
    assertTrue(rate.getMessage().contains("learning_rate"), rate.getMessage());
    SpecException network = assertThrows(SpecException.class,
        () -> Learners.create("reinforce(network=cnn)", TIC_TAC_TOE, 0));
    assertTrue(network.getMessage().contains("mlp"), network.getMessage());
    for (String bad : List.of("ppo(average=2)", "ppo(inference_engine=gpu)", "ppo(inference_batch=0)",
        "reinforce(learning_rate_half_life=-1)")) {
      SpecException e = assertThrows(SpecException.class, () -> Learners.create(bad, TIC_TAC_TOE, 0));
      String parameter = bad.substring(bad.indexOf('(') + 1, bad.indexOf('='));
      assertTrue(e.getMessage().contains(parameter), bad + ": " + e.getMessage());
    }
  }
}
