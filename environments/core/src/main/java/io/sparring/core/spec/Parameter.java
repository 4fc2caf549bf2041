package io.sparring.core.spec;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One parameter a provider accepts, with its type, default and (for integers) its range. The
 * registry checks every argument against these before a provider sees it.
 */
public record Parameter(
    String name, Type type, Object defaultValue, long min, long max, String description) {

  /** What a value must look like. */
  public enum Type {
    INTEGER,
    REAL,
    BOOLEAN,
    WORD,
    TEXT,
    /**
     * Text naming a file or folder on the machine that runs the thing; a server refuses such an
     * argument from its clients, since opening it would read that machine's files for them.
     */
    PATH,
    SPEC
  }

  public Parameter {
    checkArgument(SpecParser.isName(name), "not a valid parameter name: '%s'", name);
    checkArgument(min <= max, "empty range [%s, %s] for %s", min, max, name);
  }

  public static Parameter integer(String name, int defaultValue, int min, int max, String help) {
    checkArgument(defaultValue >= min && defaultValue <= max, "default of %s outside range", name);
    return new Parameter(name, Type.INTEGER, defaultValue, min, max, help);
  }

  public static Parameter real(String name, double defaultValue, String help) {
    return new Parameter(name, Type.REAL, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE, help);
  }

  public static Parameter bool(String name, boolean defaultValue, String help) {
    return new Parameter(name, Type.BOOLEAN, defaultValue, 0, 1, help);
  }

  public static Parameter word(String name, String defaultValue, String help) {
    return new Parameter(name, Type.WORD, defaultValue, 0, 0, help);
  }

  public static Parameter text(String name, String defaultValue, String help) {
    return new Parameter(name, Type.TEXT, defaultValue, 0, 0, help);
  }

  /** A file or folder on the machine that runs it ({@link Type#PATH}), written as text. */
  public static Parameter path(String name, String defaultValue, String help) {
    return new Parameter(name, Type.PATH, defaultValue, 0, 0, help);
  }

  /** A nested spec (another registered thing); a bare word is read as a spec without arguments. */
  public static Parameter spec(String name, String defaultValue, String help) {
    return new Parameter(name, Type.SPEC, Spec.parse(defaultValue), 0, 0, help);
  }

  /** A nested spec the user must give; it has no default. */
  public static Parameter requiredSpec(String name, String help) {
    return new Parameter(name, Type.SPEC, null, 0, 0, help);
  }

  /** Whether a spec must give this parameter. */
  public boolean isRequired() {
    return defaultValue == null;
  }

  /** How the parameter reads in help and tables, for example {@code players=2 (2..3)}. */
  public String summary() {
    if (isRequired()) {
      return name + "=(required)";
    }
    String shown = type == Type.TEXT || type == Type.PATH ? new SpecValue.Text((String) defaultValue).toString()
        : String.valueOf(defaultValue);
    String range = type == Type.INTEGER ? " (" + min + ".." + max + ")" : "";
    return name + "=" + shown + range;
  }

  /** Checks a value written by a user and converts it to this parameter's Java type. */
  Object convert(String owner, SpecValue value) {
    // The value's own '%' are doubled, since problem is formatted a second time below.
    String problem = "parameter '%s' of %s must be %s, got %s"
        .formatted(name, owner, "%s", value.toString().replace("%", "%%"));
    return switch (type) {
      case INTEGER -> {
        if (!(value instanceof SpecValue.Number n) || n.value().stripTrailingZeros().scale() > 0) {
          throw new SpecException(problem.formatted("an integer"));
        }
        long v;
        try {
          v = n.value().longValueExact();
        } catch (ArithmeticException e) {
          throw new SpecException(problem.formatted("an integer in range"));
        }
        if (v < min || v > max) {
          throw new SpecException(
              "parameter '%s' of %s must be between %d and %d, got %d"
                  .formatted(name, owner, min, max, v));
        }
        yield (int) v;
      }
      case REAL -> {
        if (!(value instanceof SpecValue.Number n)) {
          throw new SpecException(problem.formatted("a number"));
        }
        double d = n.value().doubleValue();
        if (!Double.isFinite(d)) { // Arguments.toSpec could not write it back
          throw new SpecException(problem.formatted("a finite number"));
        }
        yield d;
      }
      case BOOLEAN -> {
        if (value instanceof SpecValue.Word w
            && (w.value().equals("true") || w.value().equals("false"))) {
          yield Boolean.parseBoolean(w.value());
        }
        throw new SpecException(problem.formatted("true or false"));
      }
      case WORD -> {
        if (!(value instanceof SpecValue.Word w)) {
          throw new SpecException(problem.formatted("a bare word"));
        }
        yield w.value();
      }
      case TEXT, PATH -> {
        if (value instanceof SpecValue.Text t) {
          yield t.value();
        }
        if (value instanceof SpecValue.Word w) {
          yield w.value();
        }
        throw new SpecException(problem.formatted("a 'quoted string'"));
      }
      case SPEC -> {
        if (value instanceof SpecValue.Nested nested) {
          yield nested.spec();
        }
        if (value instanceof SpecValue.Word w) {
          yield Spec.of(w.value());
        }
        throw new SpecException(problem.formatted("a spec such as random or mcts(simulations=100)"));
      }
    };
  }
}
