package io.sparring.webshop;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A measurement run by hand, not a test (no timing is asserted anywhere): index build time for 1k
 * and 100k generated products, search-step latency on the 100k index (one client and eight), and
 * retained heap per idle session with 1,000 sessions open. Run from the module with the test class
 * path; it writes nothing but its report to stdout. Numbers go to docs/webshop.md.
 */
public final class WebShopMeasurement {
  private WebShopMeasurement() {}

  public static void main(String[] args) throws Exception {
    int large = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path cache = Files.createTempDirectory("webshop-measure");
    System.setProperty(Shop.CACHE_PROPERTY, cache.toString());
    for (int products : new int[] {1000, large}) {
      long t0 = System.nanoTime();
      Catalog catalog = CatalogGenerator.generate(products, 0);
      long t1 = System.nanoTime();
      ShopIndex.openOrBuild(cache, catalog).close();
      long t2 = System.nanoTime();
      System.out.printf("%,d products: generated in %.2f s (%,d goals), index built in %.2f s%n", products,
          (t1 - t0) / 1e9, catalog.goals().size(), (t2 - t1) / 1e9);
      ShopIndex.openOrBuild(cache, catalog).close();
      System.out.printf("  reopened from the cache in %.3f s%n", (System.nanoTime() - t2) / 1e9);
    }
    Game game = Games.create("webshop(products=" + large + ", split=test)");
    List<String> queries = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      queries.add(ScriptedShoppers.searchQuery(((ShopState) game.newInitialState(i)).goal().instruction()));
    }
    for (int clients : new int[] {1, 8}) {
      measureSearch(game, queries, clients);
    }
    measureSessions(game);
  }

  /** Latency of a search step (newInitialState excluded) from {@code clients} threads. */
  private static void measureSearch(Game game, List<String> queries, int clients) throws Exception {
    int perClient = 4000;
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      for (int warm = 0; warm < 2; warm++) {
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
          long seed = c;
          futures.add(pool.submit(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            long[] nanos = new long[perClient];
            for (int i = 0; i < perClient; i++) {
              State state = game.newInitialState(random.nextInt(500));
              String query = queries.get(random.nextInt(queries.size()));
              long t = System.nanoTime();
              state.applyText(0, "search[" + query + "]");
              nanos[i] = System.nanoTime() - t;
            }
            return nanos;
          }));
        }
        long[] all = new long[0];
        for (Future<long[]> f : futures) {
          long[] n = f.get();
          all = Arrays.copyOf(all, all.length + n.length);
          System.arraycopy(n, 0, all, all.length - n.length, n.length);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(all);
        if (warm == 1) {
          System.out.printf("search step, %d client(s): p50 %.3f ms, p99 %.3f ms, %,.0f searches/s%n", clients,
              all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all.length / seconds);
        }
      }
    }
  }

  /** Heap retained by 1,000 idle sessions (at the search page) and by 1,000 after one search. */
  private static void measureSessions(Game game) {
    int sessions = 1000;
    long before = usedAfterGc();
    List<State> open = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      open.add(game.newInitialState(i));
    }
    long idle = usedAfterGc();
    for (State s : open) {
      s.applyText(0, "search[" + ((ShopState) s).goal().instruction() + "]");
    }
    long searched = usedAfterGc();
    System.out.printf("retained per session: idle %,d bytes, after one search %,d bytes (%d sessions)%n",
        (idle - before) / sessions, (searched - before) / sessions, open.size());
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
