package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code sparring bench webshop} at toy sizes prints its whole table; no timing is asserted. */
class BenchWebShopCommandTest {

  @Test
  void aSmallRunPrintsEveryRow() {
    // a catalog seed no other test uses, so this process builds both catalogs here
    CliRun run = CliRun.of("", "bench", "webshop", "--small", "60", "--products", "300", "--catalog-seed", "17",
        "--clients", "1,2", "--steps", "40", "--sessions", "30");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String out = run.out();
    assertTrue(out.startsWith("Web shop: generated catalogs of 60 and 300 products (catalog seed 17)"), out);
    assertTrue(out.contains("\nMEASURE "), out);
    assertTrue(out.matches("(?s).*\\nbuild, 60 products \\(generate \\+ index\\)\\s+[0-9.]+ s \\+ [0-9.]+ s\\s+-\\s+-\\n.*"),
        out);
    assertTrue(out.matches("(?s).*\\nbuild, 300 products \\(generate \\+ index\\)\\s+[0-9.]+ s \\+ [0-9.]+ s\\s.*"), out);
    for (String row : new String[] {"search step, 1 client\\(s\\)", "click step, 1 client\\(s\\)",
        "search step, 2 client\\(s\\)", "click step, 2 client\\(s\\)"}) {
      assertTrue(out.matches("(?s).*\\n" + row + "\\s+p50 [0-9.]+ ms, p99 [0-9.]+ ms, [0-9.]+[kM]? steps/s\\s.*"),
          row + " in " + out);
    }
    assertTrue(out.matches("(?s).*\\n  its CPU time, 2 client\\(s\\)\\s+p50 [0-9.]+ ms, p99 [0-9.]+ ms\\s.*"), out);
    assertTrue(out.matches("(?s).*\\nheap per idle session, 30 open\\s+-?[0-9.]+ K?B\\s.*"), out);
    assertTrue(out.matches("(?s).*\\nheap per session after one search, 30 open\\s+-?[0-9.]+ K?B\\s.*"), out);
    assertTrue(out.contains("The targets apply at 100,000 products; this run used 300."), out);
    assertTrue(run.err().contains("generating and indexing 300 products ..."), run.err());
  }

  @Test
  void badSizesAreUsageErrors() {
    CliRun sizes = CliRun.of("", "bench", "webshop", "--small", "500", "--products", "100");
    assertEquals(2, sizes.exitCode());
    assertTrue(sizes.err().contains("need 1 <= --small <= --products <= 2000000, got --small 500 and --products 100"),
        sizes.err());
    CliRun clients = CliRun.of("", "bench", "webshop", "--clients", "0");
    assertEquals(2, clients.exitCode());
    assertTrue(clients.err().contains("--clients must be thread counts from 1 to 256, got [0]"), clients.err());
  }
}
