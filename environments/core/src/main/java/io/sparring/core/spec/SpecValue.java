package io.sparring.core.spec;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** The value of one {@code key=value} argument of a {@link Spec}. */
public sealed interface SpecValue {

  /** A number as written, for example {@code 3}, {@code -0.5} or {@code 1e-3}. */
  record Number(BigDecimal value) implements SpecValue {
    @Override
    public String toString() {
      return value.toString();
    }
  }

  /** A bare word such as {@code random} or {@code true}. */
  record Word(String value) implements SpecValue {
    @Override
    public String toString() {
      return value;
    }
  }

  /** A single-quoted string such as {@code 'http://localhost:8000/v1'}. */
  record Text(String value) implements SpecValue {
    @Override
    public String toString() {
      return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
  }

  /** A nested spec with arguments, such as {@code mcts(simulations=100)}. */
  record Nested(Spec spec) implements SpecValue {
    @Override
    public String toString() {
      return spec.toString();
    }
  }

  /** A bracketed list such as {@code [128, 128]}. */
  record ListOf(List<SpecValue> values) implements SpecValue {
    public ListOf {
      values = List.copyOf(values);
    }

    @Override
    public String toString() {
      return values.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
    }
  }
}
