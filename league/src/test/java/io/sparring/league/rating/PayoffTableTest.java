package io.sparring.league.rating;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PayoffTableTest {

  @Test
  void neverPlayedGivesThePrior() {
    assertEquals(0.5, new PayoffTable().winRate("a", "b"));
    assertEquals(0.3, new PayoffTable(0.99, 0.3).winRate("a", "b"));
  }

  @Test
  void recordsBothDirections() {
    PayoffTable table = new PayoffTable(1, 0.5);
    table.record("a", "b", 1);
    table.record("b", "a", 0.5);
    table.record("a", "b", 0);
    // a: 1 + 0.5 + 0 of 3 games; b: 0 + 0.5 + 1.
    assertEquals(0.5, table.winRate("a", "b"), 1e-12);
    table.record("a", "b", 1);
    assertEquals(2.5 / 4, table.winRate("a", "b"), 1e-12);
    assertEquals(1.5 / 4, table.winRate("b", "a"), 1e-12);
    assertEquals(4, table.games("a", "b"));
    assertEquals(4, table.games("b", "a"));
  }

  @Test
  void olderGamesDecay() {
    // decay 0.5: a win then a loss is (0.5 * 1 + 0) / (0.5 * 1 + 1) = 1/3, not 1/2.
    PayoffTable table = new PayoffTable(0.5, 0.5);
    table.record("a", "b", 1);
    table.record("a", "b", 0);
    assertEquals(1.0 / 3, table.winRate("a", "b"), 1e-12);
    assertEquals(2.0 / 3, table.winRate("b", "a"), 1e-12);
    // AlphaStar's 0.99: a hundred wins then a hundred losses leave the wins weighing 0.99^100 ≈ 0.366 each.
    PayoffTable alphaStar = new PayoffTable();
    for (int i = 0; i < 100; i++) {
      alphaStar.record("a", "b", 1);
    }
    for (int i = 0; i < 100; i++) {
      alphaStar.record("a", "b", 0);
    }
    double old = Math.pow(0.99, 100);
    assertEquals(old / (1 + old), alphaStar.winRate("a", "b"), 1e-9);
  }

  @Test
  void otherPairsDoNotDecay() {
    PayoffTable table = new PayoffTable(0.5, 0.5);
    table.record("a", "b", 1);
    table.record("a", "c", 0);
    table.record("a", "c", 0);
    assertEquals(1, table.winRate("a", "b"), 1e-12);
  }

  @Test
  void matrixForPrinting() {
    PayoffTable table = new PayoffTable(1, 0.5);
    table.record("main", "random", 1);
    table.record("main", "cfr", 0);
    PayoffTable.Matrix matrix = table.matrix();
    assertEquals(List.of("cfr", "main", "random"), matrix.players());
    assertArrayEquals(new double[] {0.5, 1, 0.5}, matrix.winRates()[0]);
    assertArrayEquals(new double[] {0, 0.5, 1}, matrix.winRates()[1]);
    assertArrayEquals(new long[] {1, 0, 1}, matrix.games()[1]);
    matrix.games()[1][1] = 7;
    assertEquals(0, matrix.games()[1][1], "the matrix is a copy");
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> new PayoffTable(0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new PayoffTable(0.99, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new PayoffTable().record("a", "a", 1));
    assertThrows(IllegalArgumentException.class, () -> new PayoffTable().record("a", "b", 1.5));
  }
}
