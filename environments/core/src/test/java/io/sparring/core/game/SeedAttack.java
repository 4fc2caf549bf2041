package io.sparring.core.game;

/**
 * The attack on seeds that reach a seat: undo {@link Seeds#derive} (multiply by the golden ratio,
 * add the stream, SplittableRandom's mix; each step can be undone) to get the seed it came from.
 * Shared with other modules' tests through this module's test-jar.
 */
public final class SeedAttack {
  private SeedAttack() {}

  /** The seed whose stream {@code stream} is {@code derived}, if {@code derived} came from {@code Seeds.derive}. */
  public static long invertDerive(long derived, long stream) {
    long z = unshift(derived, 31) * inverse(0x94d049bb133111ebL);
    z = unshift(z, 27) * inverse(0xbf58476d1ce4e5b9L);
    long start = unshift(z, 30) - 0x9E3779B97F4A7C15L; // SplittableRandom adds its gamma first
    return (start - stream) * inverse(0x9E3779B97F4A7C15L);
  }

  private static long unshift(long y, int shift) {
    long x = y;
    for (int i = 0; i < 64 / shift + 1; i++) {
      x = y ^ (x >>> shift);
    }
    return x;
  }

  private static long inverse(long odd) {
    long x = odd; // Newton's iteration doubles the correct low bits each step
    for (int i = 0; i < 6; i++) {
      x *= 2 - odd * x;
    }
    return x;
  }
}
