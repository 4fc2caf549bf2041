package io.sparring.webshop;

import java.util.List;

/** WebShop's colour normalisation ({@code web_agent_site/engine/normalize.py}), list order kept. */
final class Colors {
  /** The colours in WebShop's order: the first one contained in a value wins. */
  static final List<String> COLOR_SET = List.of(
      "alabaster", "apricot", "aqua", "ash", "asphalt", "azure",
      "banana", "beige", "black", "blue", "blush", "bordeaux", "bronze",
      "brown", "burgundy", "camel", "camo", "caramel", "champagne",
      "charcoal", "cheetah", "chestnut", "chocolate", "christmas", "coffee",
      "cognac", "copper", "coral", "cranberry", "cream", "crystal", "dark",
      "denim", "eggplant", "elephant", "espresso", "fuchsia", "gold", "granite",
      "grape", "graphite", "grass", "gray", "green", "grey", "heather", "indigo",
      "ivory", "ivy", "khaki", "lavender", "lemon", "leopard", "light", "lilac",
      "lime", "magenta", "maroon", "mauve", "merlot", "midnight", "mint", "mocha",
      "multicolor", "mushroom", "mustard", "natural", "navy", "nude", "olive",
      "orange", "peach", "pewter", "pink", "plum", "purple", "rainbow", "red",
      "rose", "royal", "rust", "sand", "sapphire", "seashell", "silver", "skull",
      "slate", "steel", "stone", "stonewash", "sunflower", "tan", "taupe", "teal",
      "tiger", "turquoise", "violet", "walnut", "wheat", "white", "wine", "yellow");

  private Colors() {}

  /** {@code normalize_color}: the first listed colour that is a substring, else the value itself. */
  static String normalize(String value) {
    for (String color : COLOR_SET) {
      if (value.contains(color)) {
        return color;
      }
    }
    return value;
  }
}
