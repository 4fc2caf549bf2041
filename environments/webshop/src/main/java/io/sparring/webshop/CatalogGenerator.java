package io.sparring.webshop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The embedded default catalog: a deterministic generator of products in WebShop's five categories
 * with titles, attributes, options, prices (some as ranges), descriptions, bullet points and
 * reviews, and synthetic instructions in WebShop's "Find me ..." form. The same size and seed make
 * the same catalog; it scales to 100,000+ products (strings come from shared pools).
 */
final class CatalogGenerator {
  /** Where an attribute goes in an instruction: before the type, after "with", after "for". */
  private enum Slot { PRE, WITH, FOR }

  private record Attribute(String text, Slot slot) {}

  private record OptionTemplate(String name, List<String> values) {}

  private record Kind(String category, String type, String query, String breadcrumb, double minPrice,
      double maxPrice, List<Attribute> attributes, List<OptionTemplate> options) {}

  private static final List<String> COLORS_APPAREL = List.of("black", "white", "navy blue", "gray",
      "red", "green", "beige", "pink", "burgundy", "olive");
  private static final List<String> SIZES_APPAREL = List.of("x-small", "small", "medium", "large",
      "x-large", "xx-large");
  private static final List<Kind> KINDS = List.of(
      kind("beauty", "shampoo", "shampoo & conditioner",
          "Beauty & Personal Care › Hair Care › Shampoo & Conditioner › Shampoos", 8, 45,
          "sulfate free|paraben free|cruelty free", "argan oil|coconut oil|tea tree", "damaged hair|dry hair|hair growth",
          opt("size", "8 fl oz", "13.5 fl oz", "16 fl oz", "32 fl oz")),
      kind("beauty", "lipstick", "lips makeup", "Beauty & Personal Care › Makeup › Lips › Lipstick", 5, 30,
          "long lasting|cruelty free|easy apply", "natural ingredients|vitamin e|shea butter", "dry lips",
          opt("color", "red", "nude", "pink", "berry", "coral", "plum", "wine")),
      kind("beauty", "face moisturizer", "face moisturizers",
          "Beauty & Personal Care › Skin Care › Face › Creams & Moisturizers", 10, 60,
          "fragrance free|oil free|paraben free", "hyaluronic acid|vitamin c|aloe vera", "sensitive skin|fine lines",
          opt("size", "1.7 ounce", "2.5 ounce", "4 ounce")),
      kind("beauty", "nail polish", "nail polish", "Beauty & Personal Care › Foot, Hand & Nail Care › Nail Polish", 4, 20,
          "quick dry|long lasting|non toxic", "glitter finish|gel formula", "nail art",
          opt("color", "red", "pink", "purple", "silver", "gold", "teal")),
      kind("beauty", "cologne", "men's fragrance", "Beauty & Personal Care › Fragrance › Men's › Cologne", 20, 120,
          "long lasting|alcohol free", "natural ingredients|essential oils", "daily use",
          opt("size", "1.7 fl oz", "3.4 fl oz", "6.7 fl oz")),
      kind("electronics", "hdmi cable", "hdmi cables",
          "Electronics › Accessories & Supplies › Audio & Video Accessories › Cables › HDMI Cables", 6, 30,
          "gold plated|high speed", "braided nylon|ethernet support", "home theater|gaming console",
          opt("size", "3 ft", "6 ft", "10 ft", "15 ft")),
      kind("electronics", "wireless earbuds", "earbud headphones",
          "Electronics › Headphones, Earbuds & Accessories › Headphones › Earbud Headphones", 15, 150,
          "noise cancelling|water resistant|hands free", "charging case|stereo sound", "running|workout",
          opt("color", "black", "white", "blue", "rose gold")),
      kind("electronics", "phone case", "iphone accessories",
          "Cell Phones & Accessories › Cases, Holsters & Sleeves › Basic Cases", 8, 35,
          "shockproof|slim fit|wireless charging", "tempered glass|kickstand", "iphone 13|iphone 14",
          opt("color", "black", "clear", "blue", "purple", "green"), opt("style", "iphone 13", "iphone 14", "iphone 14 pro")),
      kind("electronics", "watch band", "wearable technology",
          "Electronics › Wearable Technology › Smartwatch Bands", 8, 40,
          "compatible apple|quick release|easy install", "stainless steel|silicone", "sport",
          opt("color", "black", "silver", "rose gold", "midnight blue"), opt("size", "38mm", "42mm", "44mm")),
      kind("electronics", "bluetooth speaker", "portable speakers",
          "Electronics › Portable Audio & Video › Portable Speakers & Docks › Portable Bluetooth Speakers", 20, 200,
          "waterproof|high fidelity|easy carry", "built in microphone|usb charging", "outdoor use|party",
          opt("color", "black", "blue", "red", "camo")),
      kind("fashion", "dress", "women's dresses", "Clothing, Shoes & Jewelry › Women › Clothing › Dresses", 15, 80,
          "machine wash|slim fit|hand wash", "polyester spandex|short sleeve|long sleeve", "daily wear|party",
          opt("color", COLORS_APPAREL), opt("size", SIZES_APPAREL)),
      kind("fashion", "sandals", "men's sandals", "Clothing, Shoes & Jewelry › Men › Shoes › Sandals", 20, 90,
          "day comfort|non slip|quick drying", "rubber sole|arch support", "beach|walking",
          opt("color", "black", "brown", "tan", "gray"), opt("size", "8", "9", "10", "11", "12")),
      kind("fashion", "pants", "women's pants", "Clothing, Shoes & Jewelry › Women › Clothing › Pants", 18, 70,
          "machine wash|high waist|wide leg", "elastic waist|side pockets|cotton blend", "yoga|work",
          opt("color", COLORS_APPAREL), opt("size", SIZES_APPAREL)),
      kind("fashion", "t-shirt", "men's t-shirts", "Clothing, Shoes & Jewelry › Men › Clothing › Shirts › T-Shirts", 10, 40,
          "machine wash|relaxed fit|slim fit", "cotton blend|short sleeve|crew neck", "gym|daily wear",
          opt("color", COLORS_APPAREL), opt("size", SIZES_APPAREL)),
      kind("fashion", "pumps", "women's pumps", "Clothing, Shoes & Jewelry › Women › Shoes › Pumps", 30, 150,
          "pointed toe|non slip", "rubber sole|leather upper|high heel", "party|wedding",
          opt("color", "black", "nude", "red", "silver"), opt("size", "6", "7", "8", "9", "10")),
      kind("garden", "console table", "console tables",
          "Home & Kitchen › Furniture › Living Room Furniture › Tables › Sofa & Console Tables", 60, 900,
          "space saving|easy assemble|high density", "wood frame|storage shelf|metal legs", "living room|entryway",
          opt("color", "walnut", "black", "white", "rustic brown")),
      kind("garden", "pendant light", "pendants and chandeliers",
          "Tools & Home Improvement › Lighting & Ceiling Fans › Ceiling Lights › Pendant Lights", 30, 400,
          "height adjustable|dimmable|easy install", "glass shade|wood frame|light fixture", "dining room|kitchen island",
          opt("color", "black", "gold", "brushed nickel")),
      kind("garden", "throw pillow covers", "throw pillow covers",
          "Home & Kitchen › Bedding › Decorative Pillows, Inserts & Covers › Throw Pillow Covers", 8, 35,
          "machine wash|double sided", "hidden zipper|linen fabric|velvet fabric", "living room|sofa couch",
          opt("color", "beige", "gray", "navy blue", "sage green", "mustard yellow"),
          opt("size", "16x16 inch", "18x18 inch", "20x20 inch")),
      kind("garden", "sheet set", "sheet & pillowcase sets",
          "Home & Kitchen › Bedding › Sheets & Pillowcases › Sheet & Pillowcase Sets", 20, 120,
          "deep pocket|wrinkle free|easy care", "microfiber|egyptian cotton|bamboo fabric", "queen bed|hot sleepers",
          opt("color", "white", "gray", "light blue", "ivory"), opt("size", "twin", "full", "queen", "king")),
      kind("garden", "garden hose", "garden hoses", "Patio, Lawn & Garden › Watering Equipment › Garden Hoses", 15, 80,
          "leak proof|lightweight|kink free", "brass fittings|spray nozzle", "outdoor use|car washing",
          opt("size", "25 ft", "50 ft", "100 ft")),
      kind("grocery", "ground coffee", "ground coffee",
          "Grocery & Gourmet Food › Beverages › Coffee, Tea & Cocoa › Coffee › Ground Coffee", 8, 40,
          "non gmo|low acid|fair trade", "natural ingredients|arabica beans", "cold brew|french press",
          opt("flavor name", "french roast", "vanilla", "hazelnut", "colombian"), opt("size", "12 ounce", "2 pound")),
      kind("grocery", "cheese", "cheeses", "Grocery & Gourmet Food › Dairy, Cheese & Eggs › Cheese", 5, 50,
          "gluten free|non gmo|easy use", "natural ingredients|real milk", "snacking",
          opt("flavor name", "cheddar", "gouda", "parmesan", "swiss")),
      kind("grocery", "protein bars", "protein bars",
          "Grocery & Gourmet Food › Snacks & Sweets › Bars › Protein Bars", 12, 45,
          "gluten free|low sugar|keto friendly", "high protein|dark chocolate", "snacking|post workout",
          opt("flavor name", "chocolate chip", "peanut butter", "cookie dough"), opt("size", "12 count", "24 count")),
      kind("grocery", "green tea", "green tea", "Grocery & Gourmet Food › Beverages › Coffee, Tea & Cocoa › Tea › Green Tea", 5, 30,
          "caffeine free|sugar free|non gmo", "natural ingredients|lemon ginger", "weight loss|relaxation",
          opt("flavor name", "jasmine", "mint", "lemon"), opt("size", "20 count", "100 count")),
      kind("grocery", "olive oil", "olive oil", "Grocery & Gourmet Food › Pantry Staples › Cooking Oils › Olive Oil", 8, 50,
          "cold pressed|non gmo|gluten free", "extra virgin|glass bottle", "cooking|salad dressing",
          opt("size", "16.9 fl oz", "25.3 fl oz", "33.8 fl oz")));

  private static final List<String> SYLLABLES = List.of("ka", "lo", "mi", "ver", "tan", "ro", "shi", "zen",
      "bel", "dor", "qua", "ny", "pex", "lu", "vo", "ar", "sel", "tri", "mo", "fin");
  private static final List<String> EXTRAS = List.of("Premium Quality", "Gift Idea", "Value Pack",
      "New Version", "Best Seller", "Classic Design", "2-Pack", "Limited Edition");
  private static final List<Product.Review> REVIEWS = List.of(
      new Product.Review("Works as described", 5, "Exactly what I was looking for. Would buy again."),
      new Product.Review("Good value", 4, "Nice quality for the price, shipping was quick."),
      new Product.Review("Okay", 3, "It is fine, but not quite what the pictures suggest."),
      new Product.Review("Disappointed", 2, "It stopped working after a few weeks."),
      new Product.Review("Love it", 5, "Great product, my family loves it too."));

  private CatalogGenerator() {}

  /** {@code products} products from {@code seed}. */
  static Catalog generate(int products, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> brands = brands(random);
    List<Product> list = new ArrayList<>(products);
    Map<String, Catalog.Synthetic> instructions = new HashMap<>();
    Set<String> asins = new HashSet<>();
    for (int i = 0; i < products; i++) {
      Kind kind = KINDS.get(random.nextInt(KINDS.size()));
      String asin;
      do {
        asin = asin(random);
      } while (!asins.add(asin));
      List<Attribute> attributes = pick(kind.attributes(), 2 + random.nextInt(3), random);
      Product product = product(kind, asin, brands.get(random.nextInt(brands.size())), attributes, random);
      list.add(product);
      if (random.nextInt(10) < 7) { // WebShop has synthetic instructions for a part of its products
        List<Attribute> wanted = pick(attributes, 1 + random.nextInt(Math.min(3, attributes.size())), random);
        instructions.put(asin, new Catalog.Synthetic(instruction(kind, wanted),
            wanted.stream().map(Attribute::text).toList()));
      }
    }
    return Catalog.build("generated(products=%d, seed=%d)".formatted(products, seed), list, instructions,
        Map.of(), seed);
  }

  private static Product product(Kind kind, String asin, String brand, List<Attribute> attributes,
      SplittableRandom random) {
    Attribute pre = first(attributes, Slot.PRE, random);
    Attribute with = first(attributes, Slot.WITH, random);
    Attribute use = first(attributes, Slot.FOR, random);
    StringBuilder title = new StringBuilder(brand);
    if (pre != null) {
      title.append(' ').append(capitalize(pre.text()));
    }
    if (with != null) {
      title.append(' ').append(capitalize(with.text()));
    }
    title.append(' ').append(capitalize(kind.type()));
    if (use != null) {
      title.append(" for ").append(capitalize(use.text()));
    }
    if (random.nextInt(3) == 0) {
      title.append(", ").append(EXTRAS.get(random.nextInt(EXTRAS.size())));
    }
    List<String> bullets = new ArrayList<>();
    for (Attribute a : attributes) {
      bullets.add(switch (a.slot()) {
        case PRE -> capitalize(a.text()) + ": this " + kind.type() + " is " + a.text() + ".";
        case WITH -> "Made with " + a.text() + " for lasting quality.";
        case FOR -> "Ideal for " + a.text() + ".";
      });
    }
    bullets.add("Satisfaction guaranteed: contact us with any question about your " + kind.type() + ".");
    String description = "The " + brand + " " + kind.type() + " is made for everyday use. "
        + bullets.get(random.nextInt(bullets.size()));
    double low = kind.minPrice() + random.nextDouble() * (kind.maxPrice() - kind.minPrice());
    low = Math.round(low) - 0.01;
    String priceTag;
    double price;
    if (random.nextInt(5) == 0) { // a price range, drawn once for this catalog like WebShop's
      double high = Math.round(low * (1.2 + random.nextDouble())) - 0.01;
      priceTag = "$" + CatalogFiles.pythonFloat(low) + " to $" + CatalogFiles.pythonFloat(high);
      price = low + (high - low) * random.nextDouble();
    } else {
      priceTag = "$" + CatalogFiles.pythonFloat(low);
      price = low;
    }
    List<Product.OptionGroup> options = new ArrayList<>();
    for (OptionTemplate template : kind.options()) {
      if (options.isEmpty() || random.nextInt(3) > 0) {
        int count = Math.min(template.values().size(), 2 + random.nextInt(3));
        List<String> values = pick(template.values(), count, random);
        options.add(new Product.OptionGroup(template.name(), values));
      }
    }
    List<Product.Review> reviews = pick(REVIEWS, random.nextInt(3), random);
    String rating = reviews.isEmpty() ? "N.A."
        : String.format(Locale.ROOT, "%.1f", reviews.stream().mapToDouble(Product.Review::score).average().orElse(0));
    return new Product(asin, title.toString(), description, bullets, kind.category(), kind.query(),
        kind.breadcrumb(), priceTag, price, options, attributes.stream().map(Attribute::text).toList(),
        reviews, rating);
  }

  /** WebShop's synthetic form: "Find me PRE, PRE query with WITH, WITH for FOR". */
  private static String instruction(Kind kind, List<Attribute> wanted) {
    String pre = join(wanted, Slot.PRE);
    String with = join(wanted, Slot.WITH);
    String use = join(wanted, Slot.FOR);
    return "Find me " + (pre.isEmpty() ? "" : pre + " ") + kind.query()
        + (with.isEmpty() ? "" : " with " + with) + (use.isEmpty() ? "" : " for " + use);
  }

  private static String join(List<Attribute> attributes, Slot slot) {
    return attributes.stream().filter(a -> a.slot() == slot).map(Attribute::text).collect(Collectors.joining(", "));
  }

  private static Attribute first(List<Attribute> attributes, Slot slot, SplittableRandom random) {
    for (Attribute a : attributes) {
      if (a.slot() == slot && random.nextInt(4) > 0) {
        return a;
      }
    }
    return null;
  }

  /** {@code count} distinct elements in their list order. */
  private static <T> List<T> pick(List<T> from, int count, SplittableRandom random) {
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < from.size(); i++) {
      indices.add(i);
    }
    for (int i = indices.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      indices.set(i, indices.set(j, indices.get(i)));
    }
    return indices.subList(0, Math.min(count, from.size())).stream().sorted().map(from::get).toList();
  }

  private static List<String> brands(SplittableRandom random) {
    Set<String> brands = new java.util.LinkedHashSet<>();
    while (brands.size() < 80) {
      String name = SYLLABLES.get(random.nextInt(SYLLABLES.size())) + SYLLABLES.get(random.nextInt(SYLLABLES.size()))
          + (random.nextBoolean() ? SYLLABLES.get(random.nextInt(SYLLABLES.size())) : "");
      brands.add(capitalize(name));
    }
    return List.copyOf(brands);
  }

  private static String asin(SplittableRandom random) {
    StringBuilder asin = new StringBuilder("B0");
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (int i = 0; i < 8; i++) {
      asin.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return asin.toString();
  }

  private static String capitalize(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean start = true;
    for (char c : text.toCharArray()) {
      out.append(start ? Character.toUpperCase(c) : c);
      start = c == ' ';
    }
    return out.toString();
  }

  private static Kind kind(String category, String type, String query, String breadcrumb, double min, double max,
      String pre, String with, String use, OptionTemplate... options) {
    List<Attribute> attributes = new ArrayList<>();
    for (String a : pre.split("\\|")) {
      attributes.add(new Attribute(a, Slot.PRE));
    }
    for (String a : with.split("\\|")) {
      attributes.add(new Attribute(a, Slot.WITH));
    }
    for (String a : use.split("\\|")) {
      attributes.add(new Attribute(a, Slot.FOR));
    }
    return new Kind(category, type, query, breadcrumb, min, max, List.copyOf(attributes), List.of(options));
  }

  private static OptionTemplate opt(String name, String... values) {
    return new OptionTemplate(name, List.of(values));
  }

  private static OptionTemplate opt(String name, List<String> values) {
    return new OptionTemplate(name, values);
  }
}
