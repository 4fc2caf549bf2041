package io.sparring.training.neural;

import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecException;
import io.sparring.core.spec.SpecValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of a policy network, from a spec such as {@code mlp(hidden=[128, 128], activation=relu)}:
 * fully connected hidden layers of the given widths over the information-state tensor, then a
 * policy head (one logit per distinct action) and a value head (one number).
 *
 * @param hidden the hidden layers' widths, input side first (empty: linear heads on the input)
 * @param activation the hidden layers' nonlinearity
 */
record Mlp(List<Integer> hidden, Activation activation) {
  static final String DEFAULT = "mlp(hidden=[64, 64], activation=tanh)";

  /** The hidden layers' nonlinearity. */
  enum Activation {
    TANH,
    RELU;

    float apply(float x) {
      return this == TANH ? (float) Math.tanh(x) : Math.max(0f, x);
    }
  }

  Mlp {
    hidden = List.copyOf(hidden);
    for (int width : hidden) {
      if (width < 1 || width > 65_536) {
        throw new SpecException("mlp hidden layer widths must be between 1 and 65536, got " + hidden);
      }
    }
  }

  /** Reads {@code mlp(hidden=[...], activation=tanh|relu)}; missing arguments take the defaults. */
  static Mlp parse(Spec spec) {
    if (!spec.name().equals("mlp")) {
      throw new SpecException("unknown network '" + spec.name() + "'; known networks: mlp(hidden=[64, 64], "
          + "activation=tanh|relu)");
    }
    List<Integer> hidden = List.of(64, 64);
    Activation activation = Activation.TANH;
    for (Map.Entry<String, SpecValue> argument : spec.arguments().entrySet()) {
      switch (argument.getKey()) {
        case "hidden" -> hidden = widths(argument.getValue());
        case "activation" -> activation = activation(argument.getValue());
        default -> throw new SpecException("unknown parameter '" + argument.getKey()
            + "' for network mlp; valid parameters: hidden=[64, 64], activation=tanh");
      }
    }
    return new Mlp(hidden, activation);
  }

  private static List<Integer> widths(SpecValue value) {
    if (!(value instanceof SpecValue.ListOf list)) {
      throw new SpecException("parameter 'hidden' of network mlp must be a list such as [128, 128], got "
          + value);
    }
    List<Integer> widths = new ArrayList<>();
    for (SpecValue width : list.values()) {
      if (!(width instanceof SpecValue.Number n) || n.value().stripTrailingZeros().scale() > 0
          || n.value().signum() <= 0 || n.value().compareTo(java.math.BigDecimal.valueOf(65_536)) > 0) {
        throw new SpecException("parameter 'hidden' of network mlp must list widths between 1 and 65536, got "
            + value);
      }
      widths.add(n.value().intValueExact());
    }
    return widths;
  }

  private static Activation activation(SpecValue value) {
    if (value instanceof SpecValue.Word word) {
      for (Activation a : Activation.values()) {
        if (a.name().toLowerCase(Locale.ROOT).equals(word.value())) {
          return a;
        }
      }
    }
    throw new SpecException("parameter 'activation' of network mlp must be tanh or relu, got " + value);
  }

  /** The canonical spec, every argument written. */
  @Override
  public String toString() {
    return "mlp(hidden=" + hidden.toString() + ", activation=" + activation.name().toLowerCase(Locale.ROOT)
        + ")";
  }
}
