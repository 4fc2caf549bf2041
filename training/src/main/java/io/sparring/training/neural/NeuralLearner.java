package io.sparring.training.neural;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.training.Experience;
import io.sparring.training.ExperienceBatch;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Learner;
import io.sparring.training.Learners;
import io.sparring.training.Provenance;
import io.sparring.training.Snapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Policy-gradient learning of an {@link Mlp} policy with DJL on the PyTorch engine
 * (docs/training.md). Each batch is cut into {@code minibatches} random parts, visited {@code
 * epochs} times; every part takes one Adam step on
 *
 * <pre>
 *   REINFORCE:  −mean(A · log π(a|s)) − entropy · mean(H(π(·|s)))
 *   PPO:        −mean(min(ρ·A, clip(ρ, 1−ε, 1+ε)·A)) + value_coef · mean((V(s) − G)²)
 *               − entropy · mean(H(π(·|s))),   ρ = π(a|s) / π_old(a|s)
 * </pre>
 *
 * with A the experience's advantage (the league's MARS turn-level advantage), G its return to go,
 * π_old the policy before this batch's update (the one the league played the batch with), and the
 * gradient's global norm clipped to {@code max_grad_norm}.
 * With {@code average} = τ > 0, snapshots and evaluations see a running average of the weights,
 * moved the fraction τ towards the latest after each batch (Polyak averaging), while matches play
 * the latest. Illegal actions are masked out of every
 * softmax. Deterministic for a seed: initial weights and minibatch order come from it, never from
 * the engine's generator.
 *
 * <p>Native memory: the weights and Adam's state live in one manager, closed by {@link #close};
 * each update's arrays live in a sub-manager closed when the update ends.
 */
final class NeuralLearner implements Learner {
  /** The update rule. */
  enum Algorithm {
    REINFORCE,
    PPO
  }

  /** The hyperparameters of one learner; see the providers for their meaning and defaults. */
  record Settings(
      Algorithm algorithm,
      Mlp network,
      double learningRate,
      int learningRateHalfLife,
      double entropy,
      int epochs,
      int minibatches,
      double maxGradNorm,
      double clip,
      double valueCoef,
      double average,
      int inferenceBatch,
      long inferenceWaitMicros,
      InferenceQueue.Engine inferenceEngine) {

    Settings {
      checkArgument(learningRate >= 0 && entropy >= 0 && maxGradNorm >= 0 && clip >= 0 && valueCoef >= 0,
          "learning_rate, entropy, max_grad_norm, clip and value_coef must be >= 0");
      checkArgument(epochs >= 1 && minibatches >= 1, "epochs and minibatches must be >= 1");
      checkArgument(learningRateHalfLife >= 0, "learning_rate_half_life must be >= 0");
      checkArgument(average >= 0 && average <= 1, "average must be between 0 and 1");
      checkArgument(inferenceBatch >= 1 && inferenceWaitMicros >= 0,
          "inference_batch must be >= 1 and inference_wait_us >= 0");
    }
  }

  private final String spec;
  private final String gameSpec;
  private final int inputs;
  private final int actions;
  private final Settings settings;
  private final SplittableRandom random;
  private final DjlMlp network;
  private final Optimizer optimizer;
  private final InferenceQueue inference; // null: play evaluates each decision alone, in plain Java
  private volatile MlpPolicy current; // the latest weights: what the league's matches play
  private volatile MlpPolicy averaged; // what snapshots and evaluations see (current without average)
  private int updates; // batches learned so far: the learning rate's clock

  NeuralLearner(String spec, Game game, Settings settings, long seed) {
    this.spec = spec;
    this.gameSpec = game.spec().toString();
    this.inputs = game.informationStateTensorShape().stream().reduce(1, (a, b) -> a * b);
    this.actions = game.numDistinctActions();
    this.settings = settings;
    this.random = new SplittableRandom(seed);
    this.current = MlpPolicy.initial(settings.network(), inputs, actions, random.nextLong());
    this.averaged = current;
    this.network = new DjlMlp(current, true);
    this.optimizer = Optimizer.adam()
        .optLearningRateTracker((Tracker) step -> (float) learningRate())
        .build();
    this.inference = settings.inferenceBatch() > 1
        ? new InferenceQueue(current, settings.inferenceEngine(), settings.inferenceBatch(),
            settings.inferenceWaitMicros() * 1000)
        : null;
  }

  @Override
  public UpdateStats learn(ExperienceBatch batch) {
    if (batch.isEmpty()) {
      return new UpdateStats(0, 0, 0, 0);
    }
    int n = batch.size();
    float[] x = new float[n * inputs];
    float[] mask = new float[n * actions];
    float[] taken = new float[n * actions];
    float[] advantage = new float[n];
    float[] returns = new float[n];
    double advantageSum = 0;
    for (int i = 0; i < n; i++) {
      Experience e = batch.experiences().get(i);
      checkArgument(e.game().equals(gameSpec), "experience of %s given to a learner of %s", e.game(),
          gameSpec);
      checkArgument(Double.isFinite(e.advantage()) && Double.isFinite(e.returnToGo()),
          "advantage %s or return %s at '%s' is not finite", e.advantage(), e.returnToGo(),
          e.informationStateKey());
      checkArgument(e.informationState().length == inputs, "information state of %s values, expected %s",
          e.informationState().length, inputs);
      System.arraycopy(e.informationState(), 0, x, i * inputs, inputs);
      for (int a : e.legalActions()) {
        mask[i * actions + a] = 1;
      }
      taken[i * actions + e.action()] = 1;
      advantage[i] = (float) e.advantage();
      returns[i] = (float) e.returnToGo();
      advantageSum += e.advantage();
    }
    double loss;
    double entropy;
    try (NDManager update = network.manager().newSubManager()) {
      boolean ppo = settings.algorithm() == Algorithm.PPO;
      float[] oldLogP = null;
      double[] firstPass = new double[2];
      if (ppo) {
        // The policy before the update: the denominator of PPO's ratio and the reported statistics.
        NDArray legal = update.create(mask, new Shape(n, actions));
        NDArray oldLogProbabilities =
            DjlMlp.maskedLogSoftmax(network.forward(update.create(x, new Shape(n, inputs))).get(0), legal);
        oldLogP = oldLogProbabilities.mul(update.create(taken, new Shape(n, actions)))
            .sum(new int[] {1}).toFloatArray();
        firstPass[0] = -update.create(advantage).mul(update.create(oldLogP)).mean().getFloat() * n;
        firstPass[1] = meanEntropy(oldLogProbabilities).getFloat() * n;
      }
      for (int epoch = 0; epoch < settings.epochs(); epoch++) {
        int[] order = permutation(n);
        for (int part = 0; part < settings.minibatches(); part++) {
          int from = (int) ((long) n * part / settings.minibatches());
          int to = (int) ((long) n * (part + 1) / settings.minibatches());
          if (to > from) {
            // REINFORCE reports its first pass's loss and entropy instead of a pass of its own:
            // with one minibatch, as by default, that is exactly the policy before the update.
            double[] measured = step(update, order, from, to, x, mask, taken, advantage, returns, oldLogP,
                !ppo && epoch == 0);
            firstPass[0] += measured[0] * (to - from);
            firstPass[1] += measured[1] * (to - from);
          }
        }
      }
      loss = firstPass[0] / n;
      entropy = firstPass[1] / n;
    }
    current = network.toPolicy();
    averaged = settings.average() > 0 ? averaged.towards(current, settings.average()) : current;
    updates++;
    return new UpdateStats(n, loss, advantageSum / n, entropy);
  }

  /**
   * The step size of this batch's update: {@code learning_rate}, halved every {@code
   * learning_rate_half_life} batches when that is set, so that self-play's cycling around an
   * equilibrium shrinks instead of going on.
   */
  private double learningRate() {
    int halfLife = settings.learningRateHalfLife();
    return halfLife == 0 ? settings.learningRate()
        : settings.learningRate() * Math.pow(0.5, (double) updates / halfLife);
  }

  /**
   * One Adam step on the experiences {@code order[from..to)}; returns the policy loss and mean
   * entropy before it when {@code measure} (zeros otherwise, saving two reads from the engine).
   */
  private double[] step(NDManager parent, int[] order, int from, int to, float[] x, float[] mask,
      float[] taken, float[] advantage, float[] returns, float[] oldLogP, boolean measure) {
    int m = to - from;
    float[] xb = new float[m * inputs];
    float[] maskb = new float[m * actions];
    float[] takenb = new float[m * actions];
    float[] advb = new float[m];
    float[] retb = new float[m];
    float[] oldb = new float[m];
    for (int k = 0; k < m; k++) {
      int i = order[from + k];
      System.arraycopy(x, i * inputs, xb, k * inputs, inputs);
      System.arraycopy(mask, i * actions, maskb, k * actions, actions);
      System.arraycopy(taken, i * actions, takenb, k * actions, actions);
      advb[k] = advantage[i];
      retb[k] = returns[i];
      oldb[k] = oldLogP == null ? 0 : oldLogP[i];
    }
    double[] measured = {0, 0};
    try (NDManager minibatch = parent.newSubManager()) {
      NDArray adv = minibatch.create(advb);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList out = network.forward(minibatch.create(xb, new Shape(m, inputs)));
        NDArray logProbabilities =
            DjlMlp.maskedLogSoftmax(out.get(0), minibatch.create(maskb, new Shape(m, actions)));
        NDArray logP = logProbabilities.mul(minibatch.create(takenb, new Shape(m, actions)))
            .sum(new int[] {1});
        NDArray objective = switch (settings.algorithm()) {
          case REINFORCE -> logP.mul(adv).mean().neg();
          case PPO -> {
            NDArray ratio = logP.sub(minibatch.create(oldb)).exp();
            NDArray clipped = ratio.clip(1 - settings.clip(), 1 + settings.clip()).mul(adv);
            NDArray valueError = out.get(1).sub(minibatch.create(retb));
            yield ratio.mul(adv).minimum(clipped).mean().neg()
                .add(valueError.square().mean().mul(settings.valueCoef()));
          }
        };
        NDArray entropy = meanEntropy(logProbabilities);
        collector.backward(objective.sub(entropy.mul(settings.entropy())));
        if (measure) {
          measured = new double[] {objective.getFloat(), entropy.getFloat()};
        }
      }
      List<NDArray> parameters = network.parameters();
      NDArray[] gradients = new NDArray[parameters.size()];
      NDArray squares = null;
      for (int p = 0; p < gradients.length; p++) {
        gradients[p] = parameters.get(p).getGradient();
        gradients[p].attach(minibatch); // a new handle each call: freed with the minibatch
        NDArray square = gradients[p].square().sum();
        squares = squares == null ? square : squares.add(square);
      }
      double norm = Math.sqrt(squares.getFloat()); // one read back from the engine per step
      if (settings.maxGradNorm() > 0 && norm > settings.maxGradNorm()) {
        float scale = (float) (settings.maxGradNorm() / (norm + 1e-6));
        for (NDArray gradient : gradients) {
          gradient.muli(scale);
        }
      }
      for (int p = 0; p < gradients.length; p++) {
        optimizer.update("p" + p, parameters.get(p), gradients[p]);
        gradients[p].subi(gradients[p]); // PyTorch accumulates gradients; start the next step at 0
      }
    }
    return measured;
  }

  /** Mean entropy of the rows of masked log-probabilities (illegal actions add 0·(−1e9) = 0). */
  private static NDArray meanEntropy(NDArray logProbabilities) {
    return logProbabilities.exp().mul(logProbabilities).sum(new int[] {1}).mean().neg();
  }

  private int[] permutation(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** The policy snapshots and evaluations see: the weights' running average where {@code average} > 0. */
  @Override
  public LearnedPolicy policy() {
    return (LearnedPolicy.OfTensor) (tensor, legal) -> averaged.probabilities(tensor, legal);
  }

  @Override
  public LearnedPolicy freeze() {
    return averaged;
  }

  /**
   * The latest weights, which the league's matches play (PPO's ratio needs the policy that played),
   * evaluated through the batching queue with {@code inference_batch} > 1.
   */
  @Override
  public LearnedPolicy player() {
    if (inference == null) {
      return current;
    }
    inference.load(current);
    return (LearnedPolicy.OfTensor) (tensor, legal) -> MlpPolicy.softmax(inference.logits(tensor), legal);
  }

  /**
   * Writes the current policy as an {@code mlp} snapshot; the provenance's learner and game specs
   * must name this learner and its game.
   */
  @Override
  public void save(Path directory, Provenance provenance) throws IOException {
    String learner = Learners.canonical(provenance.learner());
    checkArgument(learner.equals(spec), "provenance names learner %s, but this learner is %s", learner,
        spec);
    String playedGame = Games.create(provenance.game()).spec().toString();
    checkArgument(playedGame.equals(gameSpec), "provenance names game %s, but this learner plays %s",
        playedGame, gameSpec);
    MlpPolicy frozen = averaged;
    Snapshots.write(directory, MlpSnapshots.KIND, MlpSnapshots.WEIGHTS,
        new Provenance(learner, gameSpec, provenance.config(), provenance.seed(),
            provenance.parentSnapshot(), provenance.gamesSeen()),
        temporary -> MlpSnapshots.write(temporary.resolve(MlpSnapshots.WEIGHTS), frozen));
  }

  /** Arrays held by the learner's own manager (weights, Adam's state): constant between updates. */
  int nativeArrays() {
    return ((ai.djl.ndarray.BaseNDManager) network.manager()).getManagedArrays().size();
  }

  @Override
  public void close() {
    if (inference != null) {
      inference.close();
    }
    network.close();
  }
}
