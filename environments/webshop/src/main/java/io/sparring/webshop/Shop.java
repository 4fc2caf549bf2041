package io.sparring.webshop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One catalog with its search index, shared by every session of the process that names the same
 * catalog: sessions hold only their page and goal. The index opens from the disk cache or builds in
 * the background; a session that starts meanwhile waits for it, for a bounded time.
 */
final class Shop {
  /** The system property that moves the index cache (default {@code ~/.cache/sparring/webshop}). */
  static final String CACHE_PROPERTY = "sparring.webshop.cache";
  /** How long a new session waits for an index that is still building. */
  static final Duration INDEX_WAIT = Duration.ofMinutes(5);

  /**
   * The system property bounding the products this process holds over every catalog it loaded: a
   * server's clients choose catalogs, and each stays loaded.
   */
  static final String MAX_PRODUCTS_PROPERTY = "sparring.webshop.max-products";
  /** Room for WebShop's full 1.18M products, or several generated catalogs (about 1.7 KB a product). */
  static final long DEFAULT_MAX_PRODUCTS = 1_500_000;

  private static final Map<Source, Shop> SHOPS = new ConcurrentHashMap<>();
  private static final AtomicLong HELD = new AtomicLong();

  /**
   * Which catalog: generated ({@code folder} null) with {@code products} products, or WebShop's
   * files in {@code folder} (the first {@code products} when {@code products > 0}); {@code seed}
   * draws ranged prices and price bounds.
   */
  record Source(Path folder, int products, long seed) {
    String describe() {
      return folder == null ? "generated(products=%d, seed=%d)".formatted(products, seed) : folder.toString();
    }
  }

  private final Catalog catalog;
  private final CompletableFuture<ShopIndex> index;
  private final Map<String, List<String>> nouns = new ConcurrentHashMap<>();
  private final Map<Split, double[]> cumulativeWeights = new ConcurrentHashMap<>();

  Shop(Catalog catalog, Path cacheRoot) {
    this.catalog = catalog;
    this.index = CompletableFuture.supplyAsync(() -> ShopIndex.openOrBuild(cacheRoot, catalog),
        runnable -> Thread.ofPlatform().daemon().name("webshop-index").start(runnable));
  }

  /** The shop of a catalog, loaded (or generated) once per process. */
  static Shop of(Source source) {
    Shop shop = SHOPS.computeIfAbsent(source, s -> new Shop(load(s), cacheRoot()));
    if (shop.index.isCompletedExceptionally()) { // a failed build is retried by the next caller
      if (SHOPS.remove(source, shop)) {
        HELD.addAndGet(-shop.catalog.products().size());
      }
      return SHOPS.computeIfAbsent(source, s -> new Shop(load(s), cacheRoot()));
    }
    return shop;
  }

  private static Catalog load(Source source) {
    if (source.folder() == null) {
      hold(source, source.products()); // before generating it
      try {
        return CatalogGenerator.generate(source.products(), source.seed());
      } catch (RuntimeException e) {
        HELD.addAndGet(-source.products());
        throw e;
      }
    }
    Catalog catalog = CatalogFiles.load(source.folder(), source.seed(), source.products());
    hold(source, catalog.products().size());
    return catalog;
  }

  /** Counts {@code products} more as held, unless that would pass the bound. */
  private static void hold(Source source, long products) {
    long most = Long.getLong(MAX_PRODUCTS_PROPERTY, DEFAULT_MAX_PRODUCTS);
    long held = HELD.addAndGet(products);
    if (held > most) {
      HELD.addAndGet(-products);
      throw new IllegalArgumentException(("the catalog %s (%d products) would take this process past the %d"
          + " products of web-shop catalogs it may hold (%d held); play a catalog already loaded, or raise the"
          + " bound with -D%s=N").formatted(source.describe(), products, most, held - products, MAX_PRODUCTS_PROPERTY));
    }
  }

  /** The cache folder: the system property, else {@code $XDG_CACHE_HOME} or {@code ~/.cache}, then sparring/webshop. */
  static Path cacheRoot() {
    String property = System.getProperty(CACHE_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("sparring").resolve("webshop");
  }

  Catalog catalog() {
    return catalog;
  }

  /** The index, waiting at most {@code wait} for a build to finish. */
  ShopIndex index(Duration wait) {
    try {
      return index.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the web shop index of %s is still building after %d s"
          .formatted(catalog.source(), wait.toSeconds()), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the web shop index of " + catalog.source() + " failed to build: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the web shop index", e);
    }
  }

  /** The nouns of a product's title, tagged once per process. */
  List<String> nouns(Product product) {
    return nouns.computeIfAbsent(product.asin(), a -> List.copyOf(Nouns.of(product.title())));
  }

  /**
   * The goal an episode seed plays: in dev and test, goal {@code seed mod n} (so seeds 0..n-1 play
   * each goal once); in train, a draw by WebShop's goal weights.
   */
  Goal goal(Split split, long seed) {
    List<Goal> goals = catalog.split(split);
    if (split != Split.TRAIN) {
      return goals.get((int) Math.floorMod(seed, (long) goals.size()));
    }
    double[] cumulative = cumulativeWeights.computeIfAbsent(split, s -> {
      double[] sums = new double[goals.size()];
      double total = 0;
      for (int i = 0; i < sums.length; i++) {
        total += goals.get(i).weight();
        sums[i] = total;
      }
      return sums;
    });
    double drawn = new SplittableRandom(seed).nextDouble() * cumulative[cumulative.length - 1];
    int at = java.util.Arrays.binarySearch(cumulative, drawn);
    int index = at >= 0 ? at : -at - 1;
    return goals.get(Math.min(index, goals.size() - 1));
  }

  @Override
  public String toString() {
    return "Shop[" + catalog.source() + ", " + catalog.products().size() + " products, "
        + catalog.goals().size() + " goals]";
  }
}
