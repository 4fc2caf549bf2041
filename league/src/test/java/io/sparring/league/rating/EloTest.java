package io.sparring.league.rating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EloTest {

  @Test
  void equalPlayersMoveByHalfOfK() {
    // E = 0.5 for equal ratings, so a win moves each by K (1 - 0.5) = 16.
    Elo elo = new Elo(1200, 32);
    elo.record("a", "b", 1);
    assertEquals(1216, elo.rating("a"), 1e-12);
    assertEquals(1184, elo.rating("b"), 1e-12);
  }

  @Test
  void theFavouriteGainsLittleAndLosesMuch() {
    // 1400 against 1200: E = 1 / (1 + 10^(-200/400)) = 0.759747.
    double expected = 1 / (1 + Math.pow(10, -0.5));
    assertEquals(0.7597469, Elo.expectedScore(1400, 1200), 1e-7);
    Elo elo = new Elo(1200, 32);
    elo.record("strong", "x", 1); // strong 1216, x 1184
    elo.record("strong", "x", 1);
    double s = elo.rating("strong");
    double x = elo.rating("x");
    double e = Elo.expectedScore(s, x);
    elo.record("strong", "x", 0);
    assertEquals(s - 32 * e, elo.rating("strong"), 1e-9);
    assertEquals(x + 32 * e, elo.rating("x"), 1e-9);
    assertEquals(expected, Elo.expectedScore(1400, 1200), 1e-15);
  }

  @Test
  void aDrawMovesTheRatingsTogether() {
    Elo elo = new Elo(1200, 20);
    elo.record("a", "b", 1);
    elo.record("a", "b", 0.5); // a at 1210 expected 0.5288, so a loses 20 * 0.0288
    double e = Elo.expectedScore(1210, 1190);
    assertEquals(1210 + 20 * (0.5 - e), elo.rating("a"), 1e-9);
    assertEquals(1190 - 20 * (0.5 - e), elo.rating("b"), 1e-9);
    assertEquals(2400, elo.rating("a") + elo.rating("b"), 1e-9, "Elo is zero-sum");
  }

  @Test
  void unseenPlayersHaveTheInitialRating() {
    Elo elo = new Elo(1500, 16);
    assertEquals(1500, elo.rating("nobody"));
    assertEquals(Map.of(), elo.ratings());
    elo.record("b", "a", 0);
    assertEquals(java.util.List.of("a", "b"), java.util.List.copyOf(elo.ratings().keySet()));
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> new Elo(1200, 0));
    Elo elo = new Elo(1200, 32);
    assertThrows(IllegalArgumentException.class, () -> elo.record("a", "a", 1));
    assertThrows(IllegalArgumentException.class, () -> elo.record("a", "b", 2));
  }
}
