package io.sparring.training.neural;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link MlpPolicy}'s weights as DJL arrays (PyTorch engine), for training and for batched
 * inference. The arrays belong to this object's own manager, closed with it; every result of
 * {@link #forward} belongs to the manager of its input, so a caller scopes a pass by creating the
 * input in a sub-manager it closes.
 */
final class DjlMlp implements AutoCloseable {
  /** Added to the logits of illegal actions: exp of it underflows to exactly 0 in float32. */
  static final float MASKED = -1e9f;

  private final NDManager manager;
  private final Mlp shape;
  private final MlpPolicy template;
  private final List<NDArray> weights = new ArrayList<>();
  private final List<NDArray> biases = new ArrayList<>();

  /** Copies {@code policy}'s weights into new arrays; {@code trainable} ones collect gradients. */
  DjlMlp(MlpPolicy policy, boolean trainable) {
    this.manager = Engine.getInstance().newBaseManager();
    this.shape = policy.shape();
    this.template = policy;
    for (MlpPolicy.Layer layer : policy.layers()) {
      NDArray w = manager.create(layer.weight(), new Shape(layer.inputs(), layer.outputs()));
      NDArray b = manager.create(layer.bias(), new Shape(layer.outputs()));
      w.setRequiresGradient(trainable);
      b.setRequiresGradient(trainable);
      weights.add(w);
      biases.add(b);
    }
  }

  NDManager manager() {
    return manager;
  }

  /** Every parameter, each layer's weight then bias. */
  List<NDArray> parameters() {
    List<NDArray> parameters = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      parameters.add(weights.get(i));
      parameters.add(biases.get(i));
    }
    return parameters;
  }

  /** Logits {@code [n, actions]} and values {@code [n]} for inputs {@code [n, inputs]}. */
  NDList forward(NDArray inputs) {
    NDArray h = inputs;
    int hidden = weights.size() - 2;
    for (int i = 0; i < hidden; i++) {
      NDArray z = h.matMul(weights.get(i)).add(biases.get(i));
      h = shape.activation() == Mlp.Activation.TANH ? z.tanh() : z.maximum(0f);
    }
    NDArray logits = h.matMul(weights.get(hidden)).add(biases.get(hidden));
    NDArray value = h.matMul(weights.get(hidden + 1)).add(biases.get(hidden + 1)).squeeze(1);
    return new NDList(logits, value);
  }

  /** Log-probabilities {@code [n, actions]} with illegal actions (mask 0) pushed to about -1e9. */
  static NDArray maskedLogSoftmax(NDArray logits, NDArray legalMask) {
    return logits.add(legalMask.sub(1f).mul(-MASKED)).logSoftmax(1);
  }

  /** The current weights as an immutable Java policy. */
  MlpPolicy toPolicy() {
    List<MlpPolicy.Layer> layers = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      Shape s = weights.get(i).getShape();
      layers.add(new MlpPolicy.Layer((int) s.get(0), (int) s.get(1), weights.get(i).toFloatArray(),
          biases.get(i).toFloatArray()));
    }
    return template.withLayers(layers);
  }

  @Override
  public void close() {
    manager.close();
  }
}
