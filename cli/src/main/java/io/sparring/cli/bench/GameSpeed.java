package io.sparring.cli.bench;

import io.sparring.core.game.Game;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Measures random-playout throughput of one game on a number of threads. */
public final class GameSpeed {
  private GameSpeed() {}

  /** Playouts and moves per second over all threads. */
  public record Throughput(int threads, long playouts, long steps, double seconds) {
    public double playoutsPerSecond() {
      return playouts / seconds;
    }

    public double stepsPerSecond() {
      return steps / seconds;
    }
  }

  /**
   * Runs playouts on {@code threads} threads for {@code duration} after a warm-up of the same
   * length; thread {@code t} draws from a generator seeded {@code seed + t}.
   */
  public static Throughput measure(Game game, int threads, Duration duration, long seed) {
    run(game, threads, duration, seed); // warm-up: JIT compilation, caches
    return run(game, threads, duration, seed);
  }

  private static Throughput run(Game game, int threads, Duration duration, long seed) {
    long nanos = duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        SplittableRandom random = new SplittableRandom(seed + t);
        results.add(pool.submit(() -> {
          long playouts = 0;
          long steps = 0;
          while (System.nanoTime() - start < nanos) {
            // Check the clock every 64 playouts: reading it costs as much as a tiny playout.
            for (int i = 0; i < 64; i++) {
              steps += RandomPlayouts.playOut(game, random);
              playouts++;
            }
          }
          return new long[] {playouts, steps};
        }));
      }
      long playouts = 0;
      long steps = 0;
      for (Future<long[]> result : results) {
        long[] counts = result.get();
        playouts += counts[0];
        steps += counts[1];
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Throughput(threads, playouts, steps, seconds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("benchmark interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a playout of " + game.spec() + " failed: " + e.getCause(),
          e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
