package io.sparring.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code agent} snapshot kind: an {@link AgentPolicy}, its agent spec as the text of {@code
 * agent.txt}. The league writes one for each version of an LLM player it plays.
 */
public final class AgentSnapshots implements SnapshotReader {
  public static final String KIND = "agent";
  public static final String WEIGHTS = "agent.txt";

  @Override
  public String name() {
    return KIND;
  }

  @Override
  public String description() {
    return "an agent spec that plays the version, e.g. an llm at a model name (agent.txt)";
  }

  @Override
  public LearnedPolicy read(Path directory, SnapshotManifest manifest) throws IOException {
    try {
      String spec = Files.readString(directory.resolve(manifest.weights()), StandardCharsets.UTF_8).strip();
      if (spec.isEmpty()) {
        throw new SnapshotException("snapshot " + directory + ": " + manifest.weights() + " is empty");
      }
      return new AgentPolicy(spec);
    } catch (NoSuchFileException missing) {
      throw new SnapshotException("snapshot " + directory + " has no weights file " + manifest.weights());
    }
  }

  /** Writes {@code policy}'s spec into a snapshot's directory (a {@link Snapshots.WeightsWriter}). */
  public static Snapshots.WeightsWriter writer(AgentPolicy policy) {
    return directory -> Files.writeString(directory.resolve(WEIGHTS), policy.agent() + "\n", StandardCharsets.UTF_8);
  }
}
