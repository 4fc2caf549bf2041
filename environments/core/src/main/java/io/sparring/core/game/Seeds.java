package io.sparring.core.game;

import com.google.common.hash.Hashing;
import com.google.common.primitives.Longs;
import java.util.SplittableRandom;

/**
 * How a seed becomes the seed of a sub-stream. {@link #derive} (multiply by the 64-bit golden
 * ratio, add the stream, mix) is fast but every step of it can be undone, so it serves only
 * streams whose seeds nobody outside sees. A seed that reaches a seat or a record (an agent's
 * seed, a league's match seed) comes from {@link #keyed}, which cannot be undone: knowing it tells
 * nothing of its key or of its siblings. Every module derives seeds here, so a recorded seed means
 * the same thing everywhere.
 */
public final class Seeds {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The seed of stream {@code stream} of {@code seed}, well mixed. */
  public static long derive(long seed, long stream) {
    return new SplittableRandom(start(seed, stream)).nextLong();
  }

  /** The first 8 bytes (little-endian) of HMAC-SHA256 of {@code stream} under {@code key}. */
  public static long keyed(byte[] key, long stream) {
    return Hashing.hmacSha256(key).hashLong(stream).asLong();
  }

  /** {@link #keyed(byte[], long)} under the 8 bytes of a seed, e.g. a match seed for its agents. */
  public static long keyed(long key, long stream) {
    return keyed(Longs.toByteArray(key), stream);
  }

  /** The unmixed start of stream {@code stream}, for generators that mix it themselves. */
  static long start(long seed, long stream) {
    return seed * GOLDEN_GAMMA + stream;
  }
}
