package io.sparring.training.neural;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import io.sparring.training.Learner;
import io.sparring.training.LearnerProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The neural learners' providers: {@code reinforce(...)} and {@code ppo(...)}, both over an {@link
 * Mlp} policy network ({@code network=mlp(hidden=[64, 64])}). Defaults come from a small sweep on Kuhn
 * poker self-play (NeuralKuhnLearningTest, docs/training.md).
 */
abstract class NeuralLearners implements LearnerProvider {

  private final NeuralLearner.Algorithm algorithm;

  NeuralLearners(NeuralLearner.Algorithm algorithm) {
    this.algorithm = algorithm;
  }

  @Override
  public String name() {
    return algorithm == NeuralLearner.Algorithm.PPO ? "ppo" : "reinforce";
  }

  @Override
  public List<Parameter> parameters() {
    boolean ppo = algorithm == NeuralLearner.Algorithm.PPO;
    List<Parameter> parameters = new ArrayList<>(List.of(
        Parameter.spec("network", Mlp.DEFAULT,
            "the policy network: mlp(hidden=[WIDTH, ...], activation=tanh|relu)"),
        Parameter.real("learning_rate", ppo ? 0.003 : 0.001,
            "Adam's step size (>= 0; 0 never changes the initial, uniform policy)"),
        Parameter.integer("learning_rate_half_life", 0, 0, 100_000_000,
            "batches after which the step size has halved (0: constant)"),
        Parameter.real("entropy", ppo ? 0.05 : 0.01, "weight of the entropy bonus (>= 0)"),
        Parameter.integer("epochs", ppo ? 4 : 1, 1, 1000, "passes over each batch"),
        Parameter.integer("minibatches", ppo ? 4 : 1, 1, 100_000,
            "parts each pass is cut into, one Adam step each"),
        Parameter.real("max_grad_norm", 0.5, "clip the gradient's global norm to this (0: no clipping)"),
        Parameter.real("average", 0, "Polyak averaging: snapshots and evaluations see the weights' running"
            + " average, moved this fraction towards the latest after each batch (0: the latest)"),
        Parameter.integer("inference_batch", 1, 1, 65_536, "forward passes per batch when playing "
            + "(1: each decision alone in plain Java; more: one queue batching concurrent matches)"),
        Parameter.integer("inference_wait_us", 200, 0, 1_000_000,
            "how long the queue waits for a batch to fill, in microseconds"),
        Parameter.word("inference_engine", "java", "where batched passes run: java (bit-identical to "
            + "unbatched play) or djl (the PyTorch engine, a GPU where there is one; rounding varies with "
            + "the batch)")));
    if (ppo) {
      parameters.add(Parameter.real("clip", 0.2, "PPO's ratio clip ε (>= 0)"));
      parameters.add(Parameter.real("value_coef", 0.5, "weight of the value head's squared error (>= 0)"));
    }
    return parameters;
  }

  @Override
  public Learner create(Arguments arguments, Game game, long seed) {
    return new NeuralLearner(arguments.toSpec().toString(), game, settings(arguments), seed);
  }

  @Override
  public void check(Arguments arguments, Game game) {
    settings(arguments);
  }

  /** The checked settings: what {@link #create} refuses, refused without making a network. */
  private NeuralLearner.Settings settings(Arguments arguments) {
    boolean ppo = algorithm == NeuralLearner.Algorithm.PPO;
    for (String name : List.of("learning_rate", "entropy", "max_grad_norm")) {
      nonNegative(arguments, name);
    }
    if (arguments.getDouble("average") < 0 || arguments.getDouble("average") > 1) {
      throw new SpecException("parameter 'average' of learner " + name() + " must be between 0 and 1, got "
          + arguments.getDouble("average"));
    }
    if (ppo) {
      nonNegative(arguments, "clip");
      nonNegative(arguments, "value_coef");
    }
    return new NeuralLearner.Settings(algorithm,
        Mlp.parse(arguments.getSpec("network")), arguments.getDouble("learning_rate"),
        arguments.getInt("learning_rate_half_life"),
        arguments.getDouble("entropy"), arguments.getInt("epochs"), arguments.getInt("minibatches"),
        arguments.getDouble("max_grad_norm"), ppo ? arguments.getDouble("clip") : 0,
        ppo ? arguments.getDouble("value_coef") : 0, arguments.getDouble("average"),
        arguments.getInt("inference_batch"),
        arguments.getInt("inference_wait_us"), inferenceEngine(arguments.getString("inference_engine")));
  }

  private InferenceQueue.Engine inferenceEngine(String word) {
    return switch (word) {
      case "java" -> InferenceQueue.Engine.JAVA;
      case "djl" -> InferenceQueue.Engine.DJL;
      default -> throw new SpecException("parameter 'inference_engine' of learner " + name()
          + " must be java or djl, got '" + word + "'");
    };
  }

  private void nonNegative(Arguments arguments, String name) {
    if (arguments.getDouble(name) < 0) {
      throw new SpecException("parameter '" + name + "' of learner " + name() + " must be >= 0, got "
          + arguments.getDouble(name));
    }
  }
}
