package io.sparring.webshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogFilesTest {
  @TempDir Path temp;

  @Test
  void loadsTheFiveProductFixtureAsWebShopPreparesIt() {
    Catalog catalog = CatalogFiles.load(Fixtures.five(), 0, 0);
    assertEquals(List.of("B000000001", "B000000002", "B000000003", "B000000004", "B000000005"),
        catalog.products().stream().map(Product::asin).toList()); // the duplicate and 'nan' are skipped
    Product jumpsuit = catalog.product(0);
    assertEquals("women's jumpsuits", jumpsuit.query()); // lower-cased and stripped
    assertEquals("$39.99", jumpsuit.priceTag());
    assertEquals(39.99, jumpsuit.price());
    assertEquals(List.of("black", "navy blue"), jumpsuit.option("color").values());
    assertEquals(List.of("small", "large"), jumpsuit.option("size").values());
    Product relaxed = catalog.product(1);
    assertEquals("$49.99 to $69.99", relaxed.priceTag());
    assertTrue(relaxed.price() >= 49.99 && relaxed.price() <= 69.99, "a range is drawn inside it");
    assertEquals(List.of("black | white", "red"), relaxed.option("color").values()); // '/' becomes ' | '
    assertEquals(null, relaxed.option("style")); // a null option list is skipped
    assertEquals(List.of("Relaxed fit"), relaxed.bullets()); // a string becomes one bullet
    Product hose = catalog.product(2);
    assertEquals("$100.0", hose.priceTag()); // no price: WebShop's $100
    assertEquals(List.of("DUMMY_ATTR"), hose.attributes()); // not in the attributes file
    assertEquals(List.of(), hose.options());
  }

  @Test
  void buildsSyntheticAndHumanGoals() {
    Catalog catalog = CatalogFiles.load(Fixtures.five(), 0, 0);
    assertEquals(7, catalog.goals().size());
    List<Goal> jumpsuitGoals = catalog.goals().stream().filter(g -> g.product().asin().equals("B000000001")).toList();
    assertEquals(4, jumpsuitGoals.size()); // one per colour and size
    Goal human = catalog.goals().stream().filter(Goal::human).findFirst().orElseThrow();
    assertEquals(1, human.weight());
    assertEquals(List.of(new Goal.GoalOption("", "black | white")), human.options());
    // The first four of 10, 20, ... above the drawn price lie in 50..100, so the bound is one of them.
    assertTrue(human.priceUpper() >= 60 && human.priceUpper() <= 100, "bound " + human.priceUpper());
    assertEquals("i want a relaxed fit jumpsuit in black and white, and price lower than %.2f dollars"
        .formatted(human.priceUpper()), human.instruction()); // the trailing '.' is stripped
    Goal earbuds = catalog.goals().stream().filter(g -> g.product().asin().equals("B000000005")).findFirst().orElseThrow();
    assertEquals(Goal.NO_BOUND, earbuds.priceUpper()); // only 990 lies above 985: no bound
    assertEquals("Find me noise cancelling earbud headphones", earbuds.instruction());
    Goal coffee = catalog.goals().stream().filter(g -> g.product().asin().equals("B000000004")).findFirst().orElseThrow();
    assertTrue(coffee.instruction().matches(
        "Find me dark roast ground coffee, and price lower than (20|30|40|50)\\.00 dollars"), coffee.instruction());
    // Synthetic weights: the mean of 1 / (goals asking for each attribute).
    assertEquals(1.0 / 4, jumpsuitGoals.getFirst().weight(), 1e-12);
    assertEquals(1.0, coffee.weight(), 1e-12);
  }

  @Test
  void theSameSeedDrawsTheSamePricesAndBounds() {
    Catalog a = CatalogFiles.load(Fixtures.five(), 5, 0);
    Catalog b = CatalogFiles.load(Fixtures.five(), 5, 0);
    assertEquals(a.product(1).price(), b.product(1).price());
    assertEquals(a.goals().stream().map(Goal::instruction).toList(), b.goals().stream().map(Goal::instruction).toList());
  }

  @Test
  void loadsTheRealSample() {
    Catalog sample = CatalogFiles.load(Fixtures.sample(), 0, 0);
    assertEquals(42, sample.products().size());
    assertEquals(179, sample.goals().size()); // 16 synthetic instructions times their option combinations
    assertTrue(sample.goals().stream().noneMatch(Goal::human)); // no sample product has a human instruction
    assertEquals(10, CatalogFiles.load(Fixtures.sample(), 0, 10).products().size()); // products=10 keeps the first 10
  }

  @Test
  void anEmptySplitNamesTheSplitAndTheGoalCount() {
    Catalog catalog = CatalogFiles.load(Fixtures.five(), 0, 0);
    assertEquals(7, catalog.split(Split.TEST).size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.split(Split.DEV));
    assertTrue(e.getMessage().contains("dev split is empty") && e.getMessage().contains("has 7 goals")
        && e.getMessage().contains("goals 500-1499"), e.getMessage());
  }

  @Test
  void malformedProductsNameTheFileRecordAndField() throws IOException {
    String bad = """
        [{"asin": "B1", "name": "ok", "category": "c", "query": "q", "pricing": "$1", "customization_options": ""},
         {"asin": "B2", "name": 7, "category": "c", "query": "q", "pricing": "$1", "customization_options": ""}]""";
    assertEquals("items_shuffle_bad.json: record 1 (B2): field 'name': expected a string, got number",
        loadProducts(bad).getMessage());
    assertEquals("items_shuffle_bad.json: record 0 (B1): field 'pricing': 'about 5' has no '$' price",
        loadProducts("""
            [{"asin": "B1", "name": "n", "category": "c", "query": "q", "pricing": "about 5",
              "customization_options": ""}]""").getMessage());
    assertEquals("items_shuffle_bad.json: record 0 (B1): field 'customization_options.Color[1].value':"
        + " expected a string, got nothing", loadProducts("""
            [{"asin": "B1", "name": "n", "category": "c", "query": "q", "pricing": "",
              "customization_options": {"Color": [{"value": "red"}, {"price": 3}]}}]""").getMessage());
    assertEquals("items_shuffle_bad.json: record 0: field 'asin': missing", loadProducts("[{\"name\": \"n\"}]").getMessage());
    String broken = loadProducts("[\n {\"asin\": ]").getMessage();
    assertTrue(broken.startsWith("items_shuffle_bad.json: record 0: not valid JSON at line 2, column"), broken);
  }

  @Test
  void malformedInstructionFilesNameTheRecordAndField() throws IOException {
    Path products = write("items_shuffle_bad.json", "[]");
    Path attributes = write("items_ins_v2_bad.json", """
        {"B1": {"attributes": ["a"]}, "B2": {"attributes": "not a list"}}""");
    assertEquals("items_ins_v2_bad.json: record 1 (B2): field 'attributes': expected a list of strings, got string",
        assertThrows(IllegalArgumentException.class, () -> CatalogFiles.load(products, attributes, null, 0, 0)).getMessage());
    Path goodAttributes = write("items_ins_v2_ok.json", "{}");
    Path human = write("items_human_ins_bad.json", """
        {"B1": [{"instruction": "x", "instruction_attributes": ["a"], "instruction_options": [3]}]}""");
    assertEquals("items_human_ins_bad.json: record 0 (B1): field '[0].instruction_options[0]': expected a string, got number",
        assertThrows(IllegalArgumentException.class, () -> CatalogFiles.load(products, goodAttributes, human, 0, 0)).getMessage());
  }

  @Test
  void aFolderWithoutTheFilesSaysWhatItNeeds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogFiles.load(temp, 0, 0));
    assertTrue(e.getMessage().contains("has no items_shuffle*.json file"), e.getMessage());
  }

  private IllegalArgumentException loadProducts(String json) throws IOException {
    Path products = write("items_shuffle_bad.json", json);
    Path attributes = write("items_ins_v2_ok.json", "{}");
    return assertThrows(IllegalArgumentException.class, () -> CatalogFiles.load(products, attributes, null, 0, 0));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(temp.resolve(name), text);
  }
}
