package io.sparring.league.rating;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/** The checks every result of a game between two players passes. */
final class Scores {
  private Scores() {}

  static void check(String a, String b, double scoreA) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    checkArgument(!a.equals(b), "a player is not rated against itself: '%s'", a);
    checkArgument(scoreA >= 0 && scoreA <= 1,
        "a score must be in [0, 1] (1 win, 0.5 draw, 0 loss), got %s for '%s' against '%s'", scoreA, a, b);
  }
}
