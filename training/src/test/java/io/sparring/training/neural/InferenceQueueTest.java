package io.sparring.training.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.core.spec.Spec;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Learner;
import io.sparring.training.Learners;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InferenceQueueTest {
  private static final Game TIC_TAC_TOE = Games.create("tic_tac_toe");

  /** Information-state tensors of random tic-tac-toe positions. */
  private static List<float[]> positions(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> tensors = new ArrayList<>();
    while (tensors.size() < n) {
      State state = TIC_TAC_TOE.newInitialState(0);
      int moves = random.nextInt(8);
      for (int m = 0; m < moves && !state.isTerminal(); m++) {
        List<Integer> legal = state.legalActions(state.currentPlayer());
        state.apply(legal.get(random.nextInt(legal.size())));
      }
      tensors.add(state.informationStateTensor(0));
    }
    return tensors;
  }

  /** A network with random heads too, so that its logits differ between inputs. */
  private static MlpPolicy randomNetwork(long seed) {
    MlpPolicy initial = MlpPolicy.initial(Mlp.parse(Spec.parse("mlp(hidden=[32, 32])")), 27, 9, seed);
    SplittableRandom random = new SplittableRandom(seed);
    List<MlpPolicy.Layer> layers = new ArrayList<>();
    for (MlpPolicy.Layer layer : initial.layers()) {
      float[] weight = layer.weight();
      for (int i = 0; i < weight.length; i++) {
        weight[i] = (float) random.nextDouble(-0.5, 0.5);
      }
      layers.add(new MlpPolicy.Layer(layer.inputs(), layer.outputs(), weight, layer.bias()));
    }
    return initial.withLayers(layers);
  }

  @ParameterizedTest
  @EnumSource(InferenceQueue.Engine.class)
  void concurrentCallersShareBatchesAndEachGetsItsOwnRow(InferenceQueue.Engine engine) throws Exception {
    MlpPolicy policy = randomNetwork(3);
    List<float[]> inputs = positions(400, 5);
    try (InferenceQueue queue = new InferenceQueue(policy, engine, 16, 2_000_000);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<float[]>> results = new ArrayList<>();
      for (float[] input : inputs) {
        results.add(callers.submit(() -> queue.logits(input)));
      }
      for (int i = 0; i < inputs.size(); i++) {
        if (engine == InferenceQueue.Engine.JAVA) { // bit-identical to one decision at a time
          assertArrayEquals(policy.logits(inputs.get(i)), results.get(i).get(), "row " + i);
        } else {
          assertArrayEquals(policy.logits(inputs.get(i)), results.get(i).get(), 1e-5f, "row " + i);
        }
      }
      assertTrue(queue.meanBatch() > 4, "400 concurrent callers were batched, mean " + queue.meanBatch());
    }
  }

  @Test
  void loadingAnotherPolicyChangesTheAnswersAndAClosedQueueRefuses() {
    MlpPolicy first = randomNetwork(7);
    MlpPolicy second = randomNetwork(8);
    float[] input = positions(1, 9).getFirst();
    InferenceQueue queue = new InferenceQueue(first, InferenceQueue.Engine.DJL, 8, 0);
    assertArrayEquals(first.logits(input), queue.logits(input), 1e-5f);
    queue.load(second);
    assertArrayEquals(second.logits(input), queue.logits(input), 1e-5f);
    assertThrows(IllegalArgumentException.class, () -> queue.logits(new float[3]));
    queue.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> queue.logits(input));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
  }

  @Test
  void aLearnerWithBatchedInferencePlaysItsPolicy() {
    try (Learner batched = Learners.create("ppo(inference_batch=8, inference_wait_us=50)", TIC_TAC_TOE, 1);
        Learner plain = Learners.create("ppo", TIC_TAC_TOE, 1)) {
      batched.learn(NeuralLearnerTest.randomTurns(20, 2));
      plain.learn(NeuralLearnerTest.randomTurns(20, 2));
      State state = TIC_TAC_TOE.newInitialState(0);
      state.apply(4);
      LearnedPolicy player = batched.player();
      Map<Integer, Double> viaQueue = player.probabilities("", state.informationStateTensor(1),
          state.legalActions(1));
      Map<Integer, Double> direct = plain.player().probabilities("", state.informationStateTensor(1),
          state.legalActions(1));
      assertEquals(direct.keySet(), viaQueue.keySet());
      assertTrue(direct.values().stream().anyMatch(p -> Math.abs(p - 1.0 / 8) > 1e-4), "it learned");
      direct.forEach((a, p) -> assertEquals(p, viaQueue.get(a), 1e-6));
    }
  }
}
