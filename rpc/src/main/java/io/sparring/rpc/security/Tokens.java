package io.sparring.rpc.security;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer tokens a server accepts, each with a name (the client's identity). Tokens are kept
 * only as SHA-256 digests and compared in constant time; {@link #toString()} shows names only.
 */
public final class Tokens {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@:-]{1,64}");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,4096}");

  private final List<String> names;
  private final List<byte[]> digests;

  private Tokens(Map<String, String> byName) {
    checkArgument(!byName.isEmpty(), "no tokens");
    this.names = List.copyOf(byName.keySet());
    List<byte[]> list = new ArrayList<>();
    for (String token : byName.values()) {
      list.add(digest(token));
    }
    this.digests = List.copyOf(list);
  }

  /** Tokens by name (names in order); each token printable ASCII without spaces. */
  public static Tokens of(Map<String, String> byName) {
    for (Map.Entry<String, String> e : byName.entrySet()) {
      checkArgument(NAME.matcher(e.getKey()).matches(),
          "token name must be 1-64 of letters, digits and _.@:-, got '%s'", e.getKey());
      // never echo the token itself
      checkArgument(TOKEN.matcher(e.getValue()).matches(),
          "the token named '%s' must be 1-4096 printable ASCII characters without spaces", e.getKey());
    }
    return new Tokens(byName);
  }

  /**
   * Reads a tokens file: one {@code NAME TOKEN} per line; blank lines and lines starting with
   * {@code #} are ignored. Names must be distinct. Errors name the line, never the token.
   */
  public static Tokens fromFile(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, String> byName = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException("%s line %d: expected 'NAME TOKEN' (two words), got %d words"
            .formatted(file, i + 1, parts.length));
      }
      if (byName.containsKey(parts[0])) {
        throw new IllegalArgumentException("%s line %d: the name '%s' is given twice"
            .formatted(file, i + 1, parts[0].length() > 64 ? parts[0].substring(0, 64) + "..." : parts[0]));
      }
      byName.put(parts[0], parts[1]);
    }
    if (byName.isEmpty()) {
      throw new IllegalArgumentException(file + " has no tokens (expected lines 'NAME TOKEN')");
    }
    try {
      return of(byName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** One token named "default" from environment variable {@code variable} of {@code environment}. */
  public static Tokens fromEnvironment(String variable, Map<String, String> environment) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("environment variable " + variable + " is not set or empty");
    }
    try {
      return of(Map.of("default", value.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("environment variable " + variable + ": " + e.getMessage(), e);
    }
  }

  /** The name of the token {@code presented}, if it is one of these; constant time in the token. */
  public Optional<String> nameOf(String presented) {
    byte[] digest = digest(presented);
    int found = -1;
    // no early exit: every digest is compared whatever matches
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), digest) && found < 0) {
        found = i;
      }
    }
    return found < 0 ? Optional.empty() : Optional.of(names.get(found));
  }

  /** The token names, in order. */
  public List<String> names() {
    return names;
  }

  @Override
  public String toString() {
    return "Tokens" + names;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
