package io.sparring.webshop;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** WebShop's reward on buying ({@code web_agent_site/engine/goal.py}), part by part. */
final class Reward {
  /** thefuzz's token-set score must be above this for an attribute or option to match. */
  static final int FUZZY_MATCH = 85;

  private Reward() {}

  /**
   * The reward of buying {@code bought} at its catalog price with {@code chosen} option values.
   *
   * @param nouns the nouns of a product's title ({@link Nouns#of}, usually memoized)
   */
  static Purchase of(Product bought, Collection<String> chosen, Goal goal, Function<Product, List<String>> nouns) {
    Type type = type(bought, goal, nouns);
    int attributes = attributeMatches(bought, goal.attributes());
    int options = optionMatches(chosen, goal.options());
    boolean priceOk = bought.price() <= goal.priceUpper();
    double total = type.reward() * (attributes + options + (priceOk ? 1 : 0))
        / (goal.attributes().size() + goal.options().size() + 1);
    return new Purchase(total, type.reward(), attributes, goal.attributes().size(), options,
        goal.options().size(), priceOk, type.queryMatch(), type.categoryMatch(), type.titleScore());
  }

  record Type(double reward, boolean queryMatch, boolean categoryMatch, double titleScore) {}

  /**
   * r_type: 1 when the query or two breadcrumb parts match or more than 0.2 of the goal title's
   * nouns are in the bought title, else 0.5; then 0.1 when that noun share is below 0.1 and 0 when
   * it is 0.
   */
  static Type type(Product bought, Goal goal, Function<Product, List<String>> nouns) {
    Product wanted = goal.product();
    boolean queryMatch = bought.query().equals(wanted.query());
    Set<String> boughtCategory = breadcrumb(bought.productCategory());
    boughtCategory.retainAll(breadcrumb(wanted.productCategory()));
    boolean categoryMatch = boughtCategory.size() >= 2;
    List<String> desired = nouns.apply(wanted);
    Set<String> shared = new HashSet<>(nouns.apply(bought));
    shared.retainAll(new HashSet<>(desired));
    double titleScore = desired.isEmpty() ? 0.2 : (double) shared.size() / desired.size();
    double reward = 1.0;
    if (!(queryMatch || categoryMatch || titleScore > 0.2)) {
      reward = 0.5;
    }
    if (titleScore < 0.1) {
      reward = 0.1;
    }
    if (titleScore == 0.0) {
      reward = 0.0;
    }
    return new Type(reward, queryMatch, categoryMatch, titleScore);
  }

  private static Set<String> breadcrumb(String productCategory) {
    Set<String> parts = new HashSet<>();
    for (String part : productCategory.split("›", -1)) {
      parts.add(part.strip());
    }
    return parts;
  }

  /**
   * Goal attributes matched: by a product attribute scoring above 85, or as a substring of the
   * lower-cased title, bullet points or description.
   */
  static int attributeMatches(Product bought, List<String> goalAttributes) {
    int matches = 0;
    String title = bought.title().toLowerCase(Locale.ROOT);
    String bullets = bought.bulletText();
    String description = bought.description().toLowerCase(Locale.ROOT);
    for (String wanted : goalAttributes) {
      boolean matched = false;
      for (String has : bought.attributes()) {
        if (Fuzzy.tokenSetRatio(has, wanted) > FUZZY_MATCH) {
          matched = true;
          break;
        }
      }
      if (matched || title.contains(wanted) || bullets.contains(wanted) || description.contains(wanted)) {
        matches++;
      }
    }
    return matches;
  }

  /** Goal options matched by a chosen value, both colour-normalised, scoring above 85. */
  static int optionMatches(Collection<String> chosen, List<Goal.GoalOption> goalOptions) {
    List<String> bought = chosen.stream().map(Colors::normalize).toList();
    int matches = 0;
    for (Goal.GoalOption wanted : goalOptions) {
      String target = wanted.matchText();
      for (String value : bought) {
        if (Fuzzy.tokenSetRatio(value, target) > FUZZY_MATCH) {
          matches++;
          break;
        }
      }
    }
    return matches;
  }
}
