package io.sparring.webshop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopIndexTest {
  private static final Catalog CATALOG = CatalogGenerator.generate(300, 11);

  @TempDir Path cache;

  @Test
  void searchFindsTheProductByItsTitleAndReturnsAtMostFifty() throws IOException {
    try (ShopIndex index = ShopIndex.openOrBuild(cache, CATALOG)) {
      Product target = CATALOG.product(123);
      int[] hits = index.search(target.title());
      assertTrue(hits.length > 0 && hits.length <= ShopIndex.RESULTS);
      assertEquals(123, hits[0], "best hit for " + target.title());
      assertEquals(0, index.search("the and of").length); // stop words only: nothing to search
      int[] fixture = ShopIndex.openOrBuild(cache, CatalogFiles.load(Fixtures.five(), 0, 0)).search("dark roast coffee");
      assertEquals(3, fixture[0]); // B000000004 is product 3
    }
  }

  @Test
  void theCacheIsReusedWhenTheCatalogIsUnchanged() throws IOException {
    int[] first;
    try (ShopIndex built = ShopIndex.openOrBuild(cache, CATALOG)) {
      assertTrue(built.wasBuilt());
      first = built.search("shampoo for dry hair");
    }
    try (ShopIndex reused = ShopIndex.openOrBuild(cache, CATALOG)) {
      assertFalse(reused.wasBuilt());
      assertArrayEquals(first, reused.search("shampoo for dry hair"));
    }
    try (ShopIndex other = ShopIndex.openOrBuild(cache, CatalogGenerator.generate(300, 12))) {
      assertTrue(other.wasBuilt(), "another catalog has its own folder");
    }
    assertEquals(2, folders().size());
  }

  @Test
  void aCorruptCacheIsRebuilt() throws IOException {
    Path folder;
    int[] expected;
    try (ShopIndex built = ShopIndex.openOrBuild(cache, CATALOG)) {
      folder = built.folder();
      expected = built.search("wireless earbuds");
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
        Files.write(file, new byte[] {1, 2, 3}); // a torn write
      }
    }
    try (ShopIndex rebuilt = ShopIndex.openOrBuild(cache, CATALOG)) {
      assertTrue(rebuilt.wasBuilt());
      assertArrayEquals(expected, rebuilt.search("wireless earbuds"));
    }
    Files.writeString(folder.resolve("complete.txt"), "17"); // a cache of another size
    try (ShopIndex rebuilt = ShopIndex.openOrBuild(cache, CATALOG)) {
      assertTrue(rebuilt.wasBuilt());
    }
    assertEquals(List.of(folder), folders(), "nothing but the index is left behind");
  }

  /** A process killed while building leaves its half-built copy; the next build removes it once it is old. */
  @Test
  void aBuildRemovesTheHalfBuiltCopiesOfBuildersThatDied() throws IOException {
    Path folder;
    try (ShopIndex built = ShopIndex.openOrBuild(cache, CATALOG)) {
      folder = built.folder();
    }
    Path abandoned = Files.createDirectories(cache.resolve(folder.getFileName() + ".tmp-dead"));
    Files.writeString(abandoned.resolve("_0.cfs"), "half written");
    Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(ShopIndex.ABANDONED_AFTER).minusSeconds(60)));
    Path live = Files.createDirectories(cache.resolve(folder.getFileName() + ".tmp-building-now"));
    Files.writeString(folder.resolve("complete.txt"), "17"); // forces a rebuild
    try (ShopIndex rebuilt = ShopIndex.openOrBuild(cache, CATALOG)) {
      assertTrue(rebuilt.wasBuilt());
    }
    assertFalse(Files.exists(abandoned), "the dead builder's copy is gone");
    assertTrue(Files.exists(live), "a copy touched within the hour may be a live builder's");
  }

  @Test
  void concurrentBuildersShareOneIndex() throws Exception {
    List<Future<int[]>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < 4; i++) {
        Callable<int[]> build = () -> {
          try (ShopIndex index = ShopIndex.openOrBuild(cache, CATALOG)) {
            return index.search("console table for living room");
          }
        };
        results.add(pool.submit(build));
      }
      int[] first = results.getFirst().get();
      for (Future<int[]> result : results) {
        assertArrayEquals(first, result.get());
      }
    }
    assertEquals(1, folders().size(), "temporary folders are renamed or removed: " + folders());
  }

  private List<Path> folders() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.sorted().toList();
    }
  }
}
