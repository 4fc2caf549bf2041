package io.sparring.training.neural;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparring.core.spec.Spec;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.SnapshotException;
import io.sparring.training.SnapshotManifest;
import io.sparring.training.SnapshotReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mlp} snapshot kind, written by the {@code reinforce} and {@code ppo} learners: the
 * network's shape and weights in {@code mlp.json},
 *
 * <pre>
 * { "network": "mlp(hidden=[64, 64], activation=tanh)", "inputs": 11, "actions": 2,
 *   "layers": [ { "inputs": 11, "outputs": 64, "weight": [ ... ], "bias": [ ... ] }, ... ] }
 * </pre>
 *
 * with the hidden layers first, then the policy head and the value head; weights row-major
 * {@code [inputs][outputs]}. Floats are written in their shortest exact decimal form and read back
 * exactly, so a round trip gives identical probabilities. Reading needs no native library.
 */
public final class MlpSnapshots implements SnapshotReader {
  /** The manifest's {@code kind}. */
  public static final String KIND = "mlp";

  /** The weights file's name. */
  public static final String WEIGHTS = "mlp.json";

  // Decimals stay exact until parsed as float: double-then-float rounding could differ by one ulp.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @Override
  public String name() {
    return KIND;
  }

  @Override
  public String description() {
    return "a policy-and-value MLP's shape and weights (mlp.json)";
  }

  @Override
  public LearnedPolicy read(Path directory, SnapshotManifest manifest) throws IOException {
    try {
      return parse(Files.readAllBytes(directory.resolve(manifest.weights())),
          "snapshot " + directory + ": " + manifest.weights());
    } catch (NoSuchFileException missing) {
      throw new SnapshotException("snapshot " + directory + " has no weights file " + manifest.weights());
    }
  }

  /**
   * The policy in the bytes of an {@code mlp.json} that must read {@code inputs} values and score
   * {@code actions} actions (a game's information-state size and distinct actions).
   *
   * @param where names the bytes in errors
   * @throws SnapshotException when they do not parse or the shape differs
   */
  public static LearnedPolicy parse(byte[] json, String where, int inputs, int actions) throws SnapshotException {
    MlpPolicy policy = parse(json, where);
    if (policy.inputs() != inputs || policy.actions() != actions) {
      throw new SnapshotException(where + " reads " + policy.inputs() + " inputs and scores " + policy.actions()
          + " actions; the game needs " + inputs + " and " + actions);
    }
    return policy;
  }

  private static MlpPolicy parse(byte[] json, String where) throws SnapshotException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException corrupt) {
      throw new SnapshotException(where + " is not valid JSON: " + corrupt.getOriginalMessage(), corrupt);
    } catch (IOException unreadable) {
      throw new SnapshotException(where + " cannot be read: " + unreadable.getMessage(), unreadable);
    }
    if (root == null || !root.isObject()) {
      throw new SnapshotException(where + " is not a JSON object");
    }
    try {
      Mlp shape = Mlp.parse(Spec.parse(root.required("network").textValue()));
      List<MlpPolicy.Layer> layers = new ArrayList<>();
      for (JsonNode layer : root.required("layers")) {
        layers.add(new MlpPolicy.Layer(layer.required("inputs").intValue(),
            layer.required("outputs").intValue(), floats(layer.required("weight")),
            floats(layer.required("bias"))));
      }
      if (layers.size() != shape.hidden().size() + 2) {
        throw new SnapshotException(where + " has " + layers.size() + " layers; " + shape + " needs "
            + (shape.hidden().size() + 2));
      }
      MlpPolicy policy = new MlpPolicy(shape, layers.subList(0, layers.size() - 2),
          layers.get(layers.size() - 2), layers.getLast());
      if (policy.inputs() != root.required("inputs").intValue()
          || policy.actions() != root.required("actions").intValue()) {
        throw new SnapshotException(where + ": 'inputs' and 'actions' disagree with the layers");
      }
      return policy;
    } catch (IllegalArgumentException | NullPointerException bad) {
      throw new SnapshotException(where + " is not a valid mlp weights file: " + bad.getMessage(), bad);
    }
  }

  private static float[] floats(JsonNode array) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("expected an array of numbers, got " + array.getNodeType());
    }
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode value = array.get(i);
      if (!value.isNumber()) {
        throw new IllegalArgumentException("expected a number, got " + value);
      }
      values[i] = Float.parseFloat(value.decimalValue().toString());
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException("a weight is not a finite float: " + value);
      }
    }
    return values;
  }

  /** Writes a policy in the format above. */
  static void write(Path file, MlpPolicy policy) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("network", policy.shape().toString());
    root.put("inputs", policy.inputs());
    root.put("actions", policy.actions());
    ArrayNode layers = root.putArray("layers");
    for (MlpPolicy.Layer layer : policy.layers()) {
      ObjectNode node = layers.addObject();
      node.put("inputs", layer.inputs());
      node.put("outputs", layer.outputs());
      ArrayNode weight = node.putArray("weight");
      for (float w : layer.weight()) {
        weight.add(w);
      }
      ArrayNode bias = node.putArray("bias");
      for (float b : layer.bias()) {
        bias.add(b);
      }
    }
    Files.write(file, JSON.writeValueAsBytes(root));
  }
}
