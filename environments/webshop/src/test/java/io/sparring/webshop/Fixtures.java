package io.sparring.webshop;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test catalogs in this module's resources. */
final class Fixtures {
  private Fixtures() {}

  /** The first 42 products of WebShop's small set, unmodified (see its README.md). */
  static Path sample() {
    return resource("/webshop-sample");
  }

  /** The hand-written five-product catalog. */
  static Path five() {
    return resource("/five-products");
  }

  static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource " + name + " is missing", e);
    }
  }

  /** A game spec over a folder catalog. */
  static String spec(Path folder, String more) {
    return "webshop(catalog='" + folder + "', split=test" + (more.isEmpty() ? "" : ", " + more) + ")";
  }
}
