package io.sparring.core.game;

import java.util.SplittableRandom;

/**
 * The one way a seed becomes the seed of a sub-stream (a match of a run, a seat of a match, a
 * chance draw of an episode): multiply by the 64-bit golden ratio, add the stream, mix. Every
 * module derives seeds here, so a recorded seed means the same thing everywhere.
 */
public final class Seeds {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The seed of stream {@code stream} of {@code seed}, well mixed. */
  public static long derive(long seed, long stream) {
    return new SplittableRandom(start(seed, stream)).nextLong();
  }

  /** The unmixed start of stream {@code stream}, for generators that mix it themselves. */
  static long start(long seed, long stream) {
    return seed * GOLDEN_GAMMA + stream;
  }
}
