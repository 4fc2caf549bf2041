package io.sparring.core.spec;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The checked arguments of a spec, with every declared parameter present (defaults filled in) and
 * each value already of its parameter's Java type.
 */
public final class Arguments {
  private final String owner;
  private final Map<String, Object> values;
  private final Map<String, Parameter> parameters;
  private final Set<String> given;

  Arguments(
      String owner, Map<String, Parameter> parameters, Map<String, Object> values, Set<String> given) {
    this.owner = owner;
    this.parameters = parameters;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.given = Set.copyOf(given);
  }

  /** Whether the user wrote this parameter, rather than taking its default (for presets). */
  public boolean isGiven(String name) {
    checkArgument(parameters.containsKey(name), "%s has no parameter '%s'", owner, name);
    return given.contains(name);
  }

  public int getInt(String name) {
    return (Integer) get(name, Parameter.Type.INTEGER);
  }

  public double getDouble(String name) {
    return (Double) get(name, Parameter.Type.REAL);
  }

  public boolean getBoolean(String name) {
    return (Boolean) get(name, Parameter.Type.BOOLEAN);
  }

  /** A word, text or path value. */
  public String getString(String name) {
    Parameter p = parameters.get(name);
    checkArgument(p != null && (p.type() == Parameter.Type.WORD || p.type() == Parameter.Type.TEXT
            || p.type() == Parameter.Type.PATH), "%s has no word or text parameter '%s'", owner, name);
    return (String) values.get(name);
  }

  public Spec getSpec(String name) {
    return (Spec) get(name, Parameter.Type.SPEC);
  }

  /** The canonical spec of these arguments: every parameter with its value, defaults included. */
  public Spec toSpec() {
    Map<String, SpecValue> written = new LinkedHashMap<>();
    values.forEach((name, value) -> written.put(name, write(value)));
    return new Spec(owner, written);
  }

  private Object get(String name, Parameter.Type type) {
    Parameter p = parameters.get(name);
    checkArgument(p != null && p.type() == type, "%s has no %s parameter '%s'", owner, type, name);
    return values.get(name);
  }

  private static SpecValue write(Object value) {
    return switch (value) {
      case Integer i -> new SpecValue.Number(java.math.BigDecimal.valueOf(i));
      case Double d -> new SpecValue.Number(java.math.BigDecimal.valueOf(d));
      case Boolean b -> new SpecValue.Word(b.toString());
      case Spec s -> s.arguments().isEmpty() ? new SpecValue.Word(s.name()) : new SpecValue.Nested(s);
      case String s -> SpecParser.isName(s) ? new SpecValue.Word(s) : new SpecValue.Text(s);
      default -> throw new IllegalStateException("unexpected argument value " + value);
    };
  }

  @Override
  public String toString() {
    return toSpec().toString();
  }
}
