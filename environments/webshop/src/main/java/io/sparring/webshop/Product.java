package io.sparring.webshop;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * One product as WebShop's engine holds it after loading: lower-cased option names and values
 * ({@code /} written as {@code |}), the price list from {@code pricing} and the one price drawn for
 * this catalog load (a range is drawn once, from the catalog seed).
 *
 * @param priceTag the price as the pages show it, {@code $19.99} or {@code $19.99 to $27.99}
 * @param price the price the reward compares with the goal's bound
 * @param rating the rating the item page shows, {@code N.A.} when there is none
 */
record Product(
    String asin,
    String title,
    String description,
    List<String> bullets,
    String category,
    String query,
    String productCategory,
    String priceTag,
    double price,
    List<OptionGroup> options,
    List<String> attributes,
    List<Review> reviews,
    String rating) {

  /** One option name ({@code color}, {@code size}) and its values in page order. */
  record OptionGroup(String name, List<String> values) {
    OptionGroup {
      values = List.copyOf(values);
      checkArgument(!values.isEmpty(), "option %s has no values", name);
    }
  }

  /** A review on the Reviews page. */
  record Review(String title, double score, String body) {}

  Product {
    bullets = List.copyOf(bullets);
    options = List.copyOf(options);
    attributes = List.copyOf(attributes);
    reviews = List.copyOf(reviews);
    checkArgument(!bullets.isEmpty(), "product %s: WebShop keeps at least one bullet point", asin);
  }

  /** The option group named {@code name}, or null. */
  OptionGroup option(String name) {
    for (OptionGroup group : options) {
      if (group.name().equals(name)) {
        return group;
      }
    }
    return null;
  }

  /**
   * What the index searches, as WebShop's {@code convert_product_file_format.py} writes it: title,
   * description, first bullet point and the options, lower-cased.
   */
  String searchText() {
    StringBuilder optionText = new StringBuilder();
    for (OptionGroup group : options) {
      if (!optionText.isEmpty()) {
        optionText.append(", and ");
      }
      optionText.append(group.name()).append(": ").append(String.join(", ", group.values()));
    }
    return String.join(" ", title, description, bullets.getFirst(), optionText).toLowerCase(java.util.Locale.ROOT);
  }

  /** The bullet points as one lower-cased text, for the reward's substring test. */
  String bulletText() {
    return String.join(" ", bullets).toLowerCase(java.util.Locale.ROOT);
  }
}
