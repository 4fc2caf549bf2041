package io.sparring.webshop;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The products and goals of one shop, immutable and shared by every session. Goals are built as
 * WebShop's {@code goal.py} builds them and shuffled once with a fixed seed, so the splits by goal
 * index stay the same across catalog seeds.
 */
final class Catalog {
  /** The prices of WebShop's bounds: 10, 20, ..., 990. */
  private static final double[] PRICE_RANGE = new double[99];
  /** WebShop shuffles its goals with {@code random.seed(233)} before taking splits. */
  private static final long SHUFFLE_SEED = 233;

  static {
    for (int i = 0; i < PRICE_RANGE.length; i++) {
      PRICE_RANGE[i] = 10.0 * (i + 1);
    }
  }

  /** A synthetic instruction of the attributes file: the text and the attributes it asks for. */
  record Synthetic(String text, List<String> attributes) {
    Synthetic {
      attributes = List.copyOf(attributes);
    }
  }

  /** A human instruction: the text, the attributes and the option values it asks for. */
  record Human(String text, List<String> attributes, List<String> options) {
    Human {
      attributes = List.copyOf(attributes);
      options = List.copyOf(options);
    }
  }

  private final String source;
  private final List<Product> products;
  private final Map<String, Integer> byAsin;
  private final List<Goal> goals;
  private final String fingerprint;
  private final int maxOptionValues;

  private Catalog(String source, List<Product> products, List<Goal> goals) {
    this.source = source;
    this.products = List.copyOf(products);
    this.goals = List.copyOf(goals);
    Map<String, Integer> index = new HashMap<>();
    Hasher hasher = Hashing.sha256().newHasher();
    int most = 0;
    for (int i = 0; i < products.size(); i++) {
      Product p = products.get(i);
      index.put(p.asin(), i);
      hasher.putString(p.asin(), StandardCharsets.UTF_8).putByte((byte) 0)
          .putString(p.searchText(), StandardCharsets.UTF_8).putByte((byte) 1);
      most = Math.max(most, p.options().stream().mapToInt(g -> g.values().size()).sum());
    }
    this.byAsin = Map.copyOf(index);
    this.fingerprint = hasher.hash().toString();
    this.maxOptionValues = most;
  }

  /**
   * Builds goals from the instructions: a product with usable human instructions gets human goals,
   * one with a synthetic instruction gets one goal per combination of its options; price bounds
   * are drawn from {@code seed}.
   */
  static Catalog build(String source, List<Product> products, Map<String, Synthetic> synthetic,
      Map<String, List<Human>> human, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<Goal> goals = new ArrayList<>();
    List<Goal> syntheticGoals = new ArrayList<>();
    for (Product product : products) {
      List<Human> humans = human.getOrDefault(product.asin(), List.of()).stream()
          .filter(h -> !h.attributes().isEmpty()).toList(); // WebShop skips these
      if (!humans.isEmpty()) {
        for (Human h : humans) {
          double bound = priceBound(product.price(), random);
          goals.add(new Goal(product, h.text(), h.attributes(),
              h.options().stream().map(o -> new Goal.GoalOption("", o)).toList(), bound, 1, true));
        }
        continue;
      }
      Synthetic s = synthetic.get(product.asin());
      if (s == null || s.attributes().isEmpty()) {
        continue;
      }
      double bound = priceBound(product.price(), random);
      for (List<Goal.GoalOption> combination : combinations(product)) {
        Goal goal = new Goal(product, s.text(), s.attributes(), combination, bound, 0, false);
        goals.add(goal);
        syntheticGoals.add(goal);
      }
    }
    // WebShop's weight of a synthetic goal: the mean of 1 / (goals asking for the attribute).
    Map<String, Integer> count = new HashMap<>();
    for (Goal g : syntheticGoals) {
      g.attributes().forEach(a -> count.merge(a, 1, Integer::sum));
    }
    for (int i = 0; i < goals.size(); i++) {
      Goal g = goals.get(i);
      if (!g.human()) {
        double weight = g.attributes().stream().mapToDouble(a -> 1.0 / count.get(a)).sum()
            / g.attributes().size();
        goals.set(i, new Goal(g.product(), g.instructionBase(), g.attributes(), g.options(),
            g.priceUpper(), weight, false));
      }
    }
    shuffle(goals, new SplittableRandom(SHUFFLE_SEED));
    return new Catalog(source, products, goals);
  }

  /**
   * Of the first four of 10, 20, ..., 990 above the price, two drawn at random and the larger
   * kept; no bound when fewer than two exist.
   */
  static double priceBound(double price, SplittableRandom random) {
    double[] above = Arrays.stream(PRICE_RANGE).filter(p -> p > price).limit(4).toArray();
    if (above.length < 2) {
      return Goal.NO_BOUND;
    }
    int first = random.nextInt(above.length);
    int second = random.nextInt(above.length - 1);
    if (second >= first) {
      second++;
    }
    return Math.max(above[first], above[second]);
  }

  /** Every combination of one value per option, options in name order (itertools.product). */
  private static List<List<Goal.GoalOption>> combinations(Product product) {
    List<Product.OptionGroup> groups = product.options().stream()
        .sorted((a, b) -> a.name().compareTo(b.name())).toList();
    List<List<Goal.GoalOption>> result = new ArrayList<>();
    result.add(List.of());
    for (Product.OptionGroup group : groups) {
      List<List<Goal.GoalOption>> next = new ArrayList<>();
      for (List<Goal.GoalOption> prefix : result) {
        for (String value : group.values()) {
          List<Goal.GoalOption> extended = new ArrayList<>(prefix);
          extended.add(new Goal.GoalOption(group.name(), value));
          next.add(List.copyOf(extended));
        }
      }
      result = next;
    }
    return result;
  }

  /** Fisher-Yates from the end, as Python's {@code random.shuffle}. */
  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  /** Where the catalog came from, for messages: {@code generated(products=1000, seed=0)} or a folder. */
  String source() {
    return source;
  }

  List<Product> products() {
    return products;
  }

  Product product(int index) {
    return products.get(index);
  }

  /** The index of the product with this ASIN, or -1. */
  int indexOf(String asin) {
    return byAsin.getOrDefault(asin, -1);
  }

  /** Every goal, shuffled; splits are ranges of this list. */
  List<Goal> goals() {
    return goals;
  }

  /** The goals of a split; an error naming the split and the number of goals when it is empty. */
  List<Goal> split(Split split) {
    int from = Math.min(split.from(), goals.size());
    int to = Math.min(split.to(), goals.size());
    if (from >= to) {
      throw new IllegalArgumentException(
          "the %s split is empty: it takes %s, and the catalog %s has %d goals%s".formatted(
              split.specName(), split.describe(), source, goals.size(),
              goals.isEmpty() ? "" : " (try split=" + nonEmpty() + ")"));
    }
    return goals.subList(from, to);
  }

  private String nonEmpty() {
    return Arrays.stream(Split.values()).filter(s -> s.from() < goals.size())
        .map(Split::specName).collect(Collectors.joining(" or "));
  }

  /** A hash of what the search index depends on: the ASINs and search texts in order. */
  String fingerprint() {
    return fingerprint;
  }

  /** The most option values any one product shows, which sizes the action space. */
  int maxOptionValues() {
    return maxOptionValues;
  }
}
