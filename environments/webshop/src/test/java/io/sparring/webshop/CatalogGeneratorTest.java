package io.sparring.webshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogGeneratorTest {

  @Test
  void theSameSizeAndSeedMakeTheSameCatalog() {
    Catalog a = CatalogGenerator.generate(500, 3);
    Catalog b = CatalogGenerator.generate(500, 3);
    assertEquals(a.fingerprint(), b.fingerprint());
    assertEquals(a.products(), b.products());
    assertEquals(a.goals(), b.goals());
    assertNotEquals(a.fingerprint(), CatalogGenerator.generate(500, 4).fingerprint());
  }

  @Test
  void theDefaultCatalogHasEverySplitAndWebShopsStructure() {
    Catalog catalog = CatalogGenerator.generate(1000, 0);
    assertEquals(1000, catalog.products().size());
    assertEquals(1000, new HashSet<>(catalog.products().stream().map(Product::asin).toList()).size());
    assertEquals(500, catalog.split(Split.TEST).size());
    assertEquals(1000, catalog.split(Split.DEV).size());
    assertTrue(catalog.split(Split.TRAIN).size() > 1000, "train has " + catalog.split(Split.TRAIN).size());
    assertEquals(List.of("beauty", "electronics", "fashion", "garden", "grocery"),
        catalog.products().stream().map(Product::category).distinct().sorted().toList());
    assertTrue(catalog.products().stream().anyMatch(p -> p.priceTag().contains(" to ")), "some prices are ranges");
    for (Goal goal : catalog.goals()) {
      assertTrue(goal.instruction().startsWith("Find me "), goal.instruction());
      assertTrue(goal.product().attributes().containsAll(goal.attributes()));
      assertEquals(goal.product().options().size(), goal.options().size(), "a synthetic goal names every option");
    }
  }
}
