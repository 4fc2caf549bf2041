package io.sparring.webshop;

/**
 * The reward of buying a product with some options for a goal, with its parts as WebShop's {@code
 * goal.get_reward} computes them: {@code reward = typeReward * (attributeMatches + optionMatches +
 * (priceOk ? 1 : 0)) / (attributes + goalOptions + 1)}.
 *
 * @param typeReward r_type: 0, 0.1, 0.5 or 1
 * @param titleScore the share of the goal title's nouns that the bought title has (0.2 when the goal
 *     title has none)
 */
public record Purchase(
    double reward,
    double typeReward,
    int attributeMatches,
    int attributes,
    int optionMatches,
    int goalOptions,
    boolean priceOk,
    boolean queryMatch,
    boolean categoryMatch,
    double titleScore) {

  /** The share of the goal's attributes matched. */
  public double attributePart() {
    return (double) attributeMatches / attributes;
  }

  /** The share of the goal's options matched; NaN when the goal has none. */
  public double optionPart() {
    return goalOptions == 0 ? Double.NaN : (double) optionMatches / goalOptions;
  }

  /** 1 when the price is within the goal's bound, else 0. */
  public double pricePart() {
    return priceOk ? 1 : 0;
  }
}
