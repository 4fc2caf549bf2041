package io.sparring.training.neural;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.training.LearnedPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An immutable policy network's weights, evaluated in plain Java: the hidden layers of an {@link
 * Mlp} over the information-state tensor, a policy head giving one logit per distinct action and a
 * value head. Illegal actions are masked out of the softmax, so they get probability 0 and no entry.
 * Frozen league opponents and snapshots are these objects: they hold no native memory, are safe to
 * share between threads, and evaluate a single state in microseconds (exact evaluation walks every
 * information state one at a time, where a native call per state would cost more than the maths).
 */
final class MlpPolicy implements LearnedPolicy.OfTensor {
  /** A fully connected layer; {@code weight} is row-major {@code [inputs][outputs]}. */
  record Layer(int inputs, int outputs, float[] weight, float[] bias) {
    Layer {
      checkArgument(weight.length == inputs * outputs && bias.length == outputs,
          "a %sx%s layer needs %s weights and %s biases, got %s and %s", inputs, outputs,
          inputs * outputs, outputs, weight.length, bias.length);
      weight = weight.clone();
      bias = bias.clone();
    }

    float[] apply(float[] x) {
      float[] y = bias.clone();
      for (int i = 0; i < inputs; i++) {
        float xi = x[i];
        if (xi != 0) {
          int row = i * outputs;
          for (int j = 0; j < outputs; j++) {
            y[j] += xi * weight[row + j];
          }
        }
      }
      return y;
    }

    /**
     * {@link #apply} for many rows at once, each weight row read once for all of them. Every output
     * is summed in the same order as {@code apply}'s, so each row's result is bit-identical to it.
     */
    float[][] apply(float[][] xs) {
      float[][] ys = new float[xs.length][];
      for (int b = 0; b < xs.length; b++) {
        ys[b] = bias.clone();
      }
      for (int i = 0; i < inputs; i++) {
        int row = i * outputs;
        for (int b = 0; b < xs.length; b++) {
          float xi = xs[b][i];
          if (xi != 0) {
            float[] y = ys[b];
            for (int j = 0; j < outputs; j++) {
              y[j] += xi * weight[row + j];
            }
          }
        }
      }
      return ys;
    }
  }

  private final Mlp shape;
  private final List<Layer> hidden;
  private final Layer policyHead;
  private final Layer valueHead;

  MlpPolicy(Mlp shape, List<Layer> hidden, Layer policyHead, Layer valueHead) {
    checkArgument(hidden.size() == shape.hidden().size(), "%s needs %s hidden layers, got %s", shape,
        shape.hidden().size(), hidden.size());
    int width = hidden.isEmpty() ? policyHead.inputs() : hidden.getFirst().inputs();
    for (int i = 0; i < hidden.size(); i++) {
      Layer layer = hidden.get(i);
      checkArgument(layer.inputs() == width && layer.outputs() == shape.hidden().get(i),
          "hidden layer %s is %sx%s, expected %sx%s", i, layer.inputs(), layer.outputs(), width,
          shape.hidden().get(i));
      width = layer.outputs();
    }
    checkArgument(policyHead.inputs() == width && valueHead.inputs() == width && valueHead.outputs() == 1,
        "the heads must read the last hidden layer's %s outputs", width);
    this.shape = shape;
    this.hidden = List.copyOf(hidden);
    this.policyHead = policyHead;
    this.valueHead = valueHead;
  }

  /**
   * A fresh network: hidden layers drawn uniformly with Glorot's bound (He's for relu) from {@code
   * seed}, zero biases, and zero heads, so the initial policy is exactly uniform over the legal
   * actions and a learning rate of 0 keeps it so.
   */
  static MlpPolicy initial(Mlp shape, int inputs, int actions, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Layer> hidden = new ArrayList<>();
    int width = inputs;
    for (int outputs : shape.hidden()) {
      double bound = shape.activation() == Mlp.Activation.RELU
          ? Math.sqrt(6.0 / width) : Math.sqrt(6.0 / (width + outputs));
      float[] weight = new float[width * outputs];
      for (int k = 0; k < weight.length; k++) {
        weight[k] = (float) random.nextDouble(-bound, bound);
      }
      hidden.add(new Layer(width, outputs, weight, new float[outputs]));
      width = outputs;
    }
    return new MlpPolicy(shape, hidden,
        new Layer(width, actions, new float[width * actions], new float[actions]),
        new Layer(width, 1, new float[width], new float[1]));
  }

  Mlp shape() {
    return shape;
  }

  int inputs() {
    return hidden.isEmpty() ? policyHead.inputs() : hidden.getFirst().inputs();
  }

  int actions() {
    return policyHead.outputs();
  }

  /** Every layer in order: the hidden ones, the policy head, the value head. */
  List<Layer> layers() {
    List<Layer> layers = new ArrayList<>(hidden);
    layers.add(policyHead);
    layers.add(valueHead);
    return layers;
  }

  /** This policy's weights moved the fraction {@code rate} of the way to {@code target}'s. */
  MlpPolicy towards(MlpPolicy target, double rate) {
    List<Layer> mine = layers();
    List<Layer> theirs = target.layers();
    List<Layer> blended = new ArrayList<>();
    for (int l = 0; l < mine.size(); l++) {
      Layer a = mine.get(l);
      Layer b = theirs.get(l);
      float[] weight = a.weight().clone(); // a record hands out its array: never change this policy's
      float[] bias = a.bias().clone();
      float[] targetWeight = b.weight();
      float[] targetBias = b.bias();
      for (int i = 0; i < weight.length; i++) {
        weight[i] += (float) (rate * (targetWeight[i] - weight[i]));
      }
      for (int i = 0; i < bias.length; i++) {
        bias[i] += (float) (rate * (targetBias[i] - bias[i]));
      }
      blended.add(new Layer(a.inputs(), a.outputs(), weight, bias));
    }
    return withLayers(blended);
  }

  /** The same shape with other weights, in {@link #layers()} order. */
  MlpPolicy withLayers(List<Layer> layers) {
    int n = layers.size();
    return new MlpPolicy(shape, layers.subList(0, n - 2), layers.get(n - 2), layers.get(n - 1));
  }

  private float[] features(float[] informationState) {
    checkArgument(informationState.length == inputs(), "the network reads %s inputs, got %s", inputs(),
        informationState.length);
    float[] h = informationState;
    for (Layer layer : hidden) {
      h = layer.apply(h);
      for (int j = 0; j < h.length; j++) {
        h[j] = shape.activation().apply(h[j]);
      }
    }
    return h;
  }

  /** The policy head's logits for every distinct action, legal or not. */
  float[] logits(float[] informationState) {
    return policyHead.apply(features(informationState));
  }

  /** {@link #logits(float[])} of many states in one pass; each row is bit-identical to it. */
  float[][] logits(float[][] informationStates) {
    float[][] h = informationStates;
    for (float[] x : h) {
      checkArgument(x.length == inputs(), "the network reads %s inputs, got %s", inputs(), x.length);
    }
    for (Layer layer : hidden) {
      h = layer.apply(h);
      for (float[] row : h) {
        for (int j = 0; j < row.length; j++) {
          row[j] = shape.activation().apply(row[j]);
        }
      }
    }
    return policyHead.apply(h);
  }

  /** The value head's estimate of the return to go. */
  float value(float[] informationState) {
    return valueHead.apply(features(informationState))[0];
  }

  @Override
  public Map<Integer, Double> probabilities(float[] informationState, List<Integer> legalActions) {
    return softmax(logits(informationState), legalActions);
  }

  /** The softmax of the logits over the legal actions, in their order, largest logit subtracted first. */
  static Map<Integer, Double> softmax(float[] logits, List<Integer> legalActions) {
    checkArgument(!legalActions.isEmpty(), "no legal actions");
    double max = Double.NEGATIVE_INFINITY;
    for (int a : legalActions) {
      checkArgument(a >= 0 && a < logits.length, "action %s is outside 0..%s", a, logits.length - 1);
      max = Math.max(max, logits[a]);
    }
    double[] weights = new double[legalActions.size()];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Math.exp(logits[legalActions.get(i)] - max);
      sum += weights[i];
    }
    Map<Integer, Double> probabilities = new LinkedHashMap<>();
    for (int i = 0; i < weights.length; i++) {
      probabilities.put(legalActions.get(i), weights[i] / sum);
    }
    return Collections.unmodifiableMap(probabilities);
  }
}
