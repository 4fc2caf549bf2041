package io.sparring.webshop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Reads WebShop's own data files from one folder: the products ({@code items_shuffle*.json}, an
 * array), attributes and synthetic instructions by ASIN ({@code items_ins_v2*.json}) and, if
 * present, human instructions by ASIN ({@code items_human_ins*.json}). Products are prepared as
 * WebShop's {@code engine.load_products} prepares them. Malformed input fails with an {@link
 * IllegalArgumentException} naming the file, the record and the field.
 */
final class CatalogFiles {
  static final String PRODUCTS = "items_shuffle";
  static final String ATTRIBUTES = "items_ins_v2";
  static final String HUMAN = "items_human_ins";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private CatalogFiles() {}

  /** Loads the catalog in {@code folder}; prices given as ranges are drawn from {@code seed}. */
  static Catalog load(Path folder, long seed, int limit) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("catalog folder " + folder + " does not exist or is not a folder;"
          + " it should hold WebShop's " + PRODUCTS + "*.json and " + ATTRIBUTES + "*.json");
    }
    Path products = find(folder, PRODUCTS, true);
    Path attributes = find(folder, ATTRIBUTES, true);
    Path human = find(folder, HUMAN, false);
    return load(products, attributes, human, seed, limit);
  }

  /** Loads the three files; {@code limit > 0} keeps the first products only, as WebShop's num_products. */
  static Catalog load(Path productsFile, Path attributesFile, Path humanFile, long seed, int limit) {
    Map<String, List<String>> attributes = new HashMap<>();
    Map<String, Catalog.Synthetic> synthetic = new HashMap<>();
    readObject(attributesFile, (record, node) -> {
      requireObject(record, node);
      if (node.has("attributes")) {
        attributes.put(record.key(), strings(record, node.get("attributes"), "attributes"));
      }
      JsonNode text = node.get("instruction");
      if (text != null && !text.isNull()) {
        List<String> wanted = node.hasNonNull("instruction_attributes")
            ? strings(record, node.get("instruction_attributes"), "instruction_attributes") : List.of();
        synthetic.put(record.key(), new Catalog.Synthetic(string(record, node, "instruction"), wanted));
      }
    });
    Map<String, List<Catalog.Human>> human = new HashMap<>();
    if (humanFile != null) {
      readObject(humanFile, (record, node) -> {
        if (!node.isArray()) {
          throw record.problem("", "expected a list of instructions, got " + kind(node));
        }
        List<Catalog.Human> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
          Record item = record.item(i);
          JsonNode entry = node.get(i);
          requireObject(item, entry);
          list.add(new Catalog.Human(string(item, entry, "instruction"),
              strings(item, entry.get("instruction_attributes"), "instruction_attributes"),
              strings(item, entry.get("instruction_options"), "instruction_options")));
        }
        human.put(record.key(), list);
      });
    }
    List<Product> products = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    SplittableRandom prices = new SplittableRandom(seed);
    readArray(productsFile, (record, node) -> {
      if (limit > 0 && record.index() >= limit) {
        return;
      }
      requireObject(record, node);
      String asin = string(record, node, "asin");
      if (asin.equals("nan") || asin.length() > 10 || !seen.add(asin)) {
        return; // WebShop skips these
      }
      Record named = record.withKey(asin);
      products.add(product(named, node, attributes.get(asin), prices));
    });
    String source = productsFile.toAbsolutePath().getParent().toString();
    return Catalog.build(source, products, synthetic, human, seed);
  }

  private static Product product(Record record, JsonNode node, List<String> attributes,
      SplittableRandom prices) {
    List<Double> pricing = pricing(record, node.get("pricing"));
    String priceTag;
    double price;
    if (pricing.isEmpty()) {
      priceTag = "$100.0";
      price = 100.0;
    } else if (pricing.size() == 1) {
      priceTag = "$" + pythonFloat(pricing.getFirst());
      price = pricing.getFirst();
    } else {
      priceTag = "$" + pythonFloat(pricing.get(0)) + " to $" + pythonFloat(pricing.get(1));
      price = pricing.get(0) + (pricing.get(1) - pricing.get(0)) * prices.nextDouble(); // random.uniform
    }
    JsonNode bulletNode = node.get("small_description");
    List<String> bullets;
    if (bulletNode == null || bulletNode.isNull()) {
      bullets = List.of("");
    } else if (bulletNode.isTextual()) {
      bullets = List.of(bulletNode.asText());
    } else {
      bullets = strings(record, bulletNode, "small_description");
      if (bullets.isEmpty()) {
        bullets = List.of("");
      }
    }
    return new Product(
        record.key(),
        string(record, node, "name"),
        optionalString(record, node, "full_description"),
        bullets,
        string(record, node, "category"),
        string(record, node, "query").toLowerCase(Locale.ROOT).strip(),
        optionalString(record, node, "product_category"),
        priceTag,
        price,
        options(record, node),
        attributes == null ? List.of("DUMMY_ATTR") : attributes,
        List.of(),
        "N.A.");
  }

  /** {@code pricing}: one price, two run together for a range ({@code $19.99$27.99}), or empty. */
  private static List<Double> pricing(Record record, JsonNode node) {
    if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
      return List.of();
    }
    if (!node.isTextual()) {
      throw record.problem("pricing", "expected a string such as \"$19.99\", got " + kind(node));
    }
    String[] parts = node.asText().split("\\$", -1);
    List<Double> result = new ArrayList<>();
    for (int i = 1; i < parts.length && result.size() < 2; i++) {
      String digits = parts[i].replaceAll("[^\\d.]", "");
      try {
        result.add(new BigDecimal(digits).doubleValue());
      } catch (NumberFormatException e) {
        throw record.problem("pricing", "'" + node.asText() + "' has no number after a '$'");
      }
    }
    if (result.isEmpty()) {
      throw record.problem("pricing", "'" + node.asText() + "' has no '$' price");
    }
    return result;
  }

  private static List<Product.OptionGroup> options(Record record, JsonNode node) {
    if (!node.has("customization_options")) {
      throw record.problem("customization_options", "missing");
    }
    JsonNode options = node.get("customization_options");
    if (options.isNull() || (options.isTextual() && options.asText().isEmpty())) {
      return List.of();
    }
    if (!options.isObject()) {
      throw record.problem("customization_options", "expected \"\" or an object, got " + kind(options));
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : options.properties()) {
      JsonNode contents = entry.getValue();
      if (contents.isNull()) {
        continue;
      }
      String field = "customization_options." + entry.getKey();
      if (!contents.isArray()) {
        throw record.problem(field, "expected null or a list, got " + kind(contents));
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < contents.size(); i++) {
        JsonNode value = contents.get(i).get("value");
        if (value == null || !value.isTextual()) {
          throw record.problem(field + "[" + i + "].value", "expected a string, got " + kind(value));
        }
        values.add(value.asText().strip().replace("/", " | ").toLowerCase(Locale.ROOT));
      }
      if (!values.isEmpty()) { // an empty list shows no buttons and gives no goal combinations
        groups.merge(entry.getKey().toLowerCase(Locale.ROOT), values, (a, b) -> b);
      }
    }
    return groups.entrySet().stream().map(e -> new Product.OptionGroup(e.getKey(), e.getValue())).toList();
  }

  /** Python's {@code str(float)} for prices: at least one decimal, never an exponent. */
  static String pythonFloat(double value) {
    String plain = new BigDecimal(Double.toString(value)).toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  // ---- JSON reading with positions for messages ----

  /** Where a value sits: the file, the record index, and the record's ASIN when known. */
  record Record(Path file, int index, String key, String itemPath) {
    Record item(int i) {
      return new Record(file, index, key, itemPath + "[" + i + "]");
    }

    Record withKey(String asin) {
      return new Record(file, index, asin, itemPath);
    }

    IllegalArgumentException problem(String field, String message) {
      String where = itemPath + (field.isEmpty() || itemPath.isEmpty() ? field : "." + field);
      return new IllegalArgumentException("%s: record %d%s: %s%s".formatted(file.getFileName(), index,
          key == null ? "" : " (" + key + ")", where.isEmpty() ? "" : "field '" + where + "': ", message));
    }
  }

  private static void readArray(Path file, BiConsumer<Record, JsonNode> reader) {
    read(file, JsonToken.START_ARRAY, "an array of products", (parser, index) -> {
      JsonNode node = parser.readValueAsTree();
      reader.accept(new Record(file, index, null, ""), node == null ? JSON.nullNode() : node);
    });
  }

  private static void readObject(Path file, BiConsumer<Record, JsonNode> reader) {
    read(file, JsonToken.START_OBJECT, "an object keyed by ASIN", (parser, index) -> {
      String key = parser.currentName();
      parser.nextToken();
      JsonNode node = parser.readValueAsTree();
      reader.accept(new Record(file, index, key, ""), node == null ? JSON.nullNode() : node);
    });
  }

  private interface Step {
    void read(JsonParser parser, int index) throws IOException;
  }

  private static void read(Path file, JsonToken start, String expected, Step step) {
    int index = 0;
    try (JsonParser parser = FACTORY.createParser(file.toFile())) {
      parser.setCodec(JSON);
      if (parser.nextToken() != start) {
        throw new IllegalArgumentException("%s: expected %s at the top level".formatted(file.getFileName(), expected));
      }
      JsonToken end = start == JsonToken.START_ARRAY ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
      while (parser.nextToken() != end) {
        step.read(parser, index);
        index++;
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("%s: record %d: not valid JSON at line %d, column %d: %s".formatted(
          file.getFileName(), index, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void requireObject(Record record, JsonNode node) {
    if (!node.isObject()) {
      throw record.problem("", "expected an object, got " + kind(node));
    }
  }

  private static String string(Record record, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw record.problem(field, value == null ? "missing" : "expected a string, got " + kind(value));
    }
    return value.asText();
  }

  private static String optionalString(Record record, JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : string(record, node, field);
  }

  private static List<String> strings(Record record, JsonNode node, String field) {
    if (node == null || !node.isArray()) {
      throw record.problem(field, node == null ? "missing" : "expected a list of strings, got " + kind(node));
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw record.problem(field + "[" + i + "]", "expected a string, got " + kind(node.get(i)));
      }
      result.add(node.get(i).asText());
    }
    return result;
  }

  private static String kind(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static Path find(Path folder, String prefix, boolean required) {
    List<Path> found;
    try (Stream<Path> files = Files.list(folder)) {
      found = files.filter(p -> {
        String name = p.getFileName().toString();
        return name.startsWith(prefix) && name.endsWith(".json");
      }).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    if (found.size() > 1) {
      throw new IllegalArgumentException("catalog folder %s has several %s*.json files: %s; keep one"
          .formatted(folder, prefix, found.stream().map(Path::getFileName).toList()));
    }
    if (found.isEmpty() && required) {
      throw new IllegalArgumentException("catalog folder %s has no %s*.json file".formatted(folder, prefix));
    }
    return found.isEmpty() ? null : found.getFirst();
  }
}
