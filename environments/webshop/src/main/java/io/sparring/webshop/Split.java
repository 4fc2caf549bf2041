package io.sparring.webshop;

import java.util.Locale;

/** WebShop's fixed goal splits by index into the shuffled goals: test 0-499, dev 500-1499, train 1500 on. */
public enum Split {
  TEST(0, 500),
  DEV(500, 1500),
  TRAIN(1500, Integer.MAX_VALUE);

  private final int from;
  private final int to;

  Split(int from, int to) {
    this.from = from;
    this.to = to;
  }

  /** The first goal index of this split. */
  int from() {
    return from;
  }

  /** One past the last goal index of this split (before clipping to the catalog). */
  int to() {
    return to;
  }

  /** The split's name in specs. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads {@code test}, {@code dev} or {@code train}. */
  public static Split parse(String name) {
    for (Split split : values()) {
      if (split.specName().equals(name)) {
        return split;
      }
    }
    throw new IllegalArgumentException("unknown split '" + name + "'; splits: test, dev, train");
  }

  String describe() {
    return to == Integer.MAX_VALUE ? "goals " + from + " on" : "goals " + from + "-" + (to - 1);
  }
}
