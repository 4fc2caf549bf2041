package io.sparring.webshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Games;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A process holds a bounded number of catalog products: a server's clients choose catalogs. */
class ShopBoundTest {
  @AfterEach
  void unbound() {
    System.clearProperty(Shop.MAX_PRODUCTS_PROPERTY);
  }

  @Test
  void aCatalogPastTheBoundIsRefusedNamingItAndNothingIsHeldForIt() {
    System.setProperty(Shop.MAX_PRODUCTS_PROPERTY, "1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Games.create("webshop(products=37, catalog_seed=424242, split=test)").newInitialState(0));
    assertTrue(e.getMessage().contains("generated(products=37, seed=424242) (37 products) would take this process"
        + " past the 1 products"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dsparring.webshop.max-products=N"), e.getMessage());

    System.clearProperty(Shop.MAX_PRODUCTS_PROPERTY);
    assertEquals(1, Games.create("webshop(products=37, catalog_seed=424242, split=test)").newInitialState(0).actingPlayers().size(),
        "the refused catalog held nothing, so it loads once the bound allows");
  }
}
