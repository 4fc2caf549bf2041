package io.sparring.agents.match;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.sparring.proto.v1.Trajectory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Trajectories as JSON lines: one trajectory per line, in protobuf's JSON mapping, readable from
 * any language. Appending writes whole lines, so a crash loses at most the line being written.
 */
public final class Trajectories {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private Trajectories() {}

  public static String toJson(Trajectory trajectory) {
    try {
      return PRINTER.print(trajectory);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print a trajectory as JSON", e);
    }
  }

  /**
   * @throws IllegalArgumentException when the text is not a trajectory
   */
  public static Trajectory fromJson(String json) {
    Trajectory.Builder builder = Trajectory.newBuilder();
    try {
      PARSER.merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a trajectory: " + e.getMessage(), e);
    }
    return builder.build();
  }

  /** Appends trajectories to a JSON-lines file, creating it (and its folder) if needed. */
  public static void append(Path file, List<Trajectory> trajectories) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (Trajectory trajectory : trajectories) {
        out.write(toJson(trajectory));
        out.newLine();
      }
    }
  }

  /**
   * Reads every trajectory of a JSON-lines file.
   *
   * @throws IllegalArgumentException naming the line that is not a trajectory
   */
  public static List<Trajectory> read(Path file) throws IOException {
    List<Trajectory> trajectories = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        trajectories.add(fromJson(lines.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return trajectories;
  }
}
