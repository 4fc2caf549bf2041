package io.sparring.cli.bench;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures the web shop through the game API, as a client of {@code webshop(...)} sees it: the
 * time to generate a catalog and build its index, the latency of search and click steps from
 * several threads at once, and the heap each open session keeps. A step is the move plus the text
 * page the shopper reads next, with its legal clicks.
 */
public final class ShopSpeed {
  /** The system property that moves the web shop's index cache (docs/webshop.md). */
  public static final String CACHE_PROPERTY = "sparring.webshop.cache";
  /** Clicks on one session before a fresh session searches again (untimed, but inside the wall time). */
  public static final int CLICKS_PER_SEARCH = 50;
  private static final int BACK_TO_SEARCH = 0;
  private static final int BUY_NOW = 6;
  private static final Pattern INSTRUCTION = Pattern.compile("Instruction: \\[SEP\\] (.*) \\[SEP\\] Search$");
  private static final Pattern PRICE_CLAUSE = Pattern.compile(",? and price lower than [0-9.]+ dollars",
      Pattern.CASE_INSENSITIVE);

  private ShopSpeed() {}

  /**
   * A catalog generated and indexed from nothing.
   *
   * @param generateSeconds creating the game: generating the catalog and its goals
   * @param indexSeconds then waiting for the first session: building the Lucene index
   */
  public record Build(Game game, int products, double generateSeconds, double indexSeconds) {}

  /**
   * Latencies of one kind of step (wall clock, and where measured the step thread's CPU time), and
   * their count per second of wall time over all clients.
   */
  public record Steps(int clients, long[] nanos, long[] cpuNanos, double seconds) {
    public Steps {
      nanos = nanos.clone();
      Arrays.sort(nanos);
      cpuNanos = cpuNanos == null ? null : cpuNanos.clone();
      if (cpuNanos != null) {
        Arrays.sort(cpuNanos);
      }
    }

    public double perSecond() {
      return nanos.length / seconds;
    }

    public double quantileMillis(double q) {
      return quantile(nanos, q) / 1e6;
    }

    /** A quantile of the CPU time per step: the step's own work, without waiting for a core. */
    public double cpuQuantileMillis(double q) {
      return quantile(cpuNanos, q) / 1e6;
    }

    private static double quantile(long[] sorted, double q) {
      return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }
  }

  /** The heap used after garbage collection before and after opening sessions (median of rounds). */
  public record Sessions(int sessions, long idleBytesPerSession, long searchedBytesPerSession) {}

  /**
   * Creates {@code webshop(products=N, catalog_seed=S, split=test)} with its index cache in {@code
   * cacheFolder}, which must be empty, and times the catalog and the index. Fails when this process
   * already holds that catalog, since then nothing is built.
   */
  public static Build build(int products, long catalogSeed, Path cacheFolder) {
    String previous = System.getProperty(CACHE_PROPERTY);
    System.setProperty(CACHE_PROPERTY, cacheFolder.toString());
    try {
      long start = System.nanoTime();
      Game game = Games.create("webshop(products=%d, catalog_seed=%d, split=test)".formatted(products, catalogSeed));
      long created = System.nanoTime();
      game.newInitialState(0); // waits for the index
      long indexed = System.nanoTime();
      if (isEmpty(cacheFolder)) {
        throw new IllegalStateException(game.spec() + " was already loaded in this process, so its build"
            + " time cannot be measured");
      }
      return new Build(game, products, (created - start) / 1e9, (indexed - created) / 1e9);
    } finally {
      if (previous == null) {
        System.clearProperty(CACHE_PROPERTY);
      } else {
        System.setProperty(CACHE_PROPERTY, previous);
      }
    }
  }

  /**
   * The search queries of the first {@code count} episode seeds: each goal's instruction without
   * its price clause, as the scripted shopper searches (15-25 words, a realistic worst case).
   */
  public static List<String> queries(Game game, int count) {
    List<String> queries = new ArrayList<>();
    for (int seed = 0; seed < count; seed++) {
      String page = game.newInitialState(seed).render(0);
      Matcher m = INSTRUCTION.matcher(page);
      if (!m.find()) {
        throw new IllegalStateException("no instruction on the search page of " + game.spec() + ": " + page);
      }
      queries.add(PRICE_CLAUSE.matcher(m.group(1)).replaceAll("").strip());
    }
    return queries;
  }

  /**
   * Search steps from {@code clients} threads, {@code perClient} each: every search on a new
   * session (creating it is untimed but inside the wall time), a random query of {@code queries}.
   */
  public static Steps searches(Game game, List<String> queries, int clients, int perClient, long seed) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return onThreads(clients, seed, (random, nanos, cpuNanos) -> {
      for (int i = 0; i < nanos.length; i++) {
        State state = game.newInitialState(random.nextInt(queries.size()));
        String action = "search[" + queries.get(random.nextInt(queries.size())) + "]";
        long cpu = threads.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        state.applyText(0, action);
        state.render(0);
        state.legalActions(0);
        nanos[i] = System.nanoTime() - t;
        cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpu;
      }
    }, perClient, true);
  }

  /**
   * Click steps from {@code clients} threads, {@code perClient} each: random clicks other than
   * {@code back to search} and {@code buy now} (results pages, items, options, sub-pages, {@code <
   * prev}), on a session that searched first; every {@value #CLICKS_PER_SEARCH} clicks a new
   * session searches again. {@code game} should allow that many moves ({@code max_steps}).
   */
  public static Steps clicks(Game game, List<String> queries, int clients, int perClient, long seed) {
    return onThreads(clients, seed, (random, nanos, cpuNanos) -> {
      State state = null;
      List<Integer> legal = List.of();
      for (int i = 0; i < nanos.length; i++) {
        if (i % CLICKS_PER_SEARCH == 0) {
          state = game.newInitialState(random.nextInt(queries.size()));
          state.applyText(0, "search[" + queries.get(random.nextInt(queries.size())) + "]");
          legal = state.legalActions(0);
        }
        List<Integer> clicks = new ArrayList<>(legal);
        clicks.removeAll(List.of(BACK_TO_SEARCH, BUY_NOW));
        int action = clicks.get(random.nextInt(clicks.size()));
        long t = System.nanoTime();
        state.apply(action);
        state.render(0);
        legal = state.legalActions(0);
        nanos[i] = System.nanoTime() - t;
      }
    }, perClient, false);
  }

  /**
   * Heap retained per session: used heap after garbage collection with no sessions, with {@code
   * sessions} idle ones (on the search page), and with the same sessions after one search each.
   * Three rounds; the median of each.
   */
  public static Sessions sessions(Game game, List<String> queries, int sessions) throws InterruptedException {
    long[] idle = new long[3];
    long[] searched = new long[3];
    for (int round = -1; round < idle.length; round++) { // round -1 warms up: lazy caches, class loading
      State[] open = new State[sessions];
      long before = ServeLoad.heapAfterGc();
      for (int i = 0; i < sessions; i++) {
        open[i] = game.newInitialState(i);
      }
      long withIdle = ServeLoad.heapAfterGc();
      for (int i = 0; i < sessions; i++) {
        open[i].applyText(0, "search[" + queries.get(i % queries.size()) + "]");
      }
      long withSearched = ServeLoad.heapAfterGc();
      Reference.reachabilityFence(open);
      if (round >= 0) {
        idle[round] = (withIdle - before) / sessions;
        searched[round] = (withSearched - before) / sessions;
      }
    }
    Arrays.sort(idle);
    Arrays.sort(searched);
    return new Sessions(sessions, idle[1], searched[1]);
  }

  /** Deletes a cache folder this class filled; a file still held open is left. */
  public static void deleteQuietly(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + folder, e);
    }
  }

  private static boolean isEmpty(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /** One client's loop: fills {@code nanos} (and {@code cpuNanos}, when not null) with what it measured. */
  private interface Client {
    void run(SplittableRandom random, long[] nanos, long[] cpuNanos);
  }

  private static Steps onThreads(int clients, long seed, Client client, int perClient, boolean cpu) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<long[][]>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        SplittableRandom random = new SplittableRandom(seed + c);
        futures.add(pool.submit(() -> {
          long[][] measured = {new long[perClient], cpu ? new long[perClient] : null};
          client.run(random, measured[0], measured[1]);
          return measured;
        }));
      }
      long[] wall = new long[clients * perClient];
      long[] onCpu = cpu ? new long[clients * perClient] : null;
      for (int c = 0; c < clients; c++) {
        long[][] measured = futures.get(c).get();
        System.arraycopy(measured[0], 0, wall, c * perClient, perClient);
        if (cpu) {
          System.arraycopy(measured[1], 0, onCpu, c * perClient, perClient);
        }
      }
      return new Steps(clients, wall, onCpu, (System.nanoTime() - start) / 1e9);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("benchmark interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a web shop step failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
