package io.sparring.core.spec;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A parsed spec string: a name and its arguments in the order written, for example {@code
 * kuhn_poker(players=3)}. {@link #toString()} prints the canonical form, which parses back to an
 * equal spec.
 */
public record Spec(String name, Map<String, SpecValue> arguments) {

  public Spec {
    checkArgument(SpecParser.isName(name), "not a valid spec name: '%s'", name);
    arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /** A spec with no arguments. */
  public static Spec of(String name) {
    return new Spec(name, Map.of());
  }

  /**
   * Parses a spec string.
   *
   * @throws SpecException with the position of the problem when the text is not a spec
   */
  public static Spec parse(String text) {
    return new SpecParser(text).parseSpec();
  }

  @Override
  public String toString() {
    if (arguments.isEmpty()) {
      return name;
    }
    return arguments.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ", name + "(", ")"));
  }
}
