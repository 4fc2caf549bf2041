package io.sparring.webshop;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one episode asks for, in WebShop's goal structure: the target product, the attributes and
 * options to match and the price bound. Synthetic goals name their options in the instruction;
 * human goals keep the crowd worker's text, whose options are plain values.
 *
 * @param instructionBase the instruction before the options and price clause are added
 * @param priceUpper the price bound, {@link #NO_BOUND} when the goal sets none
 * @param weight WebShop's sampling weight (1 for a human goal)
 */
record Goal(
    Product product,
    String instructionBase,
    List<String> attributes,
    List<GoalOption> options,
    double priceUpper,
    double weight,
    boolean human) {

  /** WebShop's bound when fewer than two prices of 10, 20, ..., 990 lie above the product's. */
  static final double NO_BOUND = 1_000_000;

  /** A goal option; a human goal's options have no name. */
  record GoalOption(String name, String value) {
    /**
     * The text the option reward matches against. WebShop passes a synthetic goal's options as
     * (name, value) tuples: {@code normalize_color} then finds a colour only when one element equals
     * it, and thefuzz reads the tuple as "name value". A human goal's option is a plain string.
     */
    String matchText() {
      if (name.isEmpty()) {
        return Colors.normalize(value);
      }
      for (String color : Colors.COLOR_SET) {
        if (color.equals(name) || color.equals(value)) {
          return color;
        }
      }
      return name + " " + value;
    }
  }

  Goal {
    attributes = List.copyOf(attributes);
    options = List.copyOf(options);
  }

  boolean hasPriceBound() {
    return priceUpper != NO_BOUND;
  }

  /** The instruction the shopper reads, built as WebShop's {@code goal.py} builds it. */
  String instruction() {
    String price = hasPriceBound()
        ? String.format(Locale.ROOT, ", and price lower than %.2f dollars", priceUpper) : "";
    if (human) {
      return stripDots(instructionBase) + price;
    }
    String optionText = options.stream().map(o -> o.name() + ": " + o.value())
        .collect(Collectors.joining(", and "));
    return instructionBase + (optionText.isEmpty() ? "" : " with " + optionText) + price;
  }

  /** Python's {@code str.strip('.')}. */
  private static String stripDots(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == '.') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == '.') {
      end--;
    }
    return text.substring(start, end);
  }
}
