package io.sparring.training.tabular;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.SnapshotException;
import io.sparring.training.SnapshotManifest;
import io.sparring.training.SnapshotReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code tabular} snapshot kind: a softmax policy's logits in {@code logits.json},
 *
 * <pre>
 * { "actions": 2,
 *   "logits": { "seat 0 card K bets ": [ -0.84, 0.84 ], ... } }
 * </pre>
 *
 * one row of {@code actions} logits per information-state key, keys sorted. Doubles are written in
 * their shortest exact form, so a round trip gives identical probabilities. Keys without a row play
 * uniformly; illegal actions' logits are 0 and unused.
 */
public final class TabularSnapshots implements SnapshotReader {
  /** The manifest's {@code kind}. */
  public static final String KIND = "tabular";

  /** The weights file's name. */
  public static final String WEIGHTS = "logits.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public String name() {
    return KIND;
  }

  @Override
  public String description() {
    return "softmax logits per information-state key (logits.json)";
  }

  @Override
  public LearnedPolicy read(Path directory, SnapshotManifest manifest) throws IOException {
    Path file = directory.resolve(manifest.weights());
    String where = "snapshot " + directory + ": " + manifest.weights();
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException missing) {
      throw new SnapshotException("snapshot " + directory + " has no weights file "
          + manifest.weights());
    } catch (JsonProcessingException corrupt) {
      throw new SnapshotException(where + " is not valid JSON: " + corrupt.getOriginalMessage(),
          corrupt);
    }
    JsonNode actions = root == null ? null : root.get("actions");
    JsonNode rows = root == null ? null : root.get("logits");
    if (actions == null || !actions.canConvertToInt() || !actions.isIntegralNumber()
        || actions.intValue() <= 0 || rows == null || !rows.isObject()) {
      throw new SnapshotException(
          where + " must be an object with a positive integer 'actions' and an object 'logits'");
    }
    int numActions = actions.intValue();
    Map<String, double[]> logits = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : rows.properties()) {
      JsonNode row = entry.getValue();
      if (!row.isArray() || row.size() != numActions) {
        throw new SnapshotException(where + ": the row of '" + entry.getKey() + "' must be an array of "
            + numActions + " numbers, got " + row);
      }
      double[] values = new double[numActions];
      for (int a = 0; a < numActions; a++) {
        JsonNode value = row.get(a);
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
          throw new SnapshotException(where + ": the row of '" + entry.getKey()
              + "' holds a value that is not a finite number: " + value);
        }
        values[a] = value.doubleValue();
      }
      logits.put(entry.getKey(), values);
    }
    return new TabularSoftmaxPolicy(numActions, logits);
  }

  /** Writes a policy's logits in the format above. */
  static void writeLogits(Path file, TabularSoftmaxPolicy policy) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("actions", policy.numActions());
    ObjectNode rows = root.putObject("logits");
    policy.logits().forEach((key, row) -> {
      ArrayNode values = rows.putArray(key);
      for (double z : row) {
        values.add(z);
      }
    });
    Files.write(file, JSON.writeValueAsBytes(root));
  }
}
