package io.sparring.webshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuzzyTest {

  @Test
  void tokenSetRatioOnHandComputedCases() {
    assertEquals(100, Fuzzy.tokenSetRatio("slim fit", "Slim-Fit!")); // punctuation and case are processed away
    assertEquals(100, Fuzzy.tokenSetRatio("black", "color black")); // one token set inside the other
    assertEquals(0, Fuzzy.tokenSetRatio("", "black"));
    assertEquals(0, Fuzzy.tokenSetRatio("é", "e")); // characters 128-255 are dropped, leaving nothing
    // difflib on "blue" / "black": one matching block "bl" of 2, ratio 2*2/9 = 0.444 -> 44
    assertEquals(44, Fuzzy.tokenSetRatio("blue", "black"));
    // "machine wash" vs "machine washable": sect "machine", combined "machine wash" / "machine washable":
    // ratio("machine wash", "machine washable") = 2*12/28 = 0.857 -> 86
    assertEquals(86, Fuzzy.tokenSetRatio("machine wash", "machine washable"));
  }

  @Test
  void roundsHalfToEvenLikePython() {
    // M=1 ("a"), T=16: 100 * 2/16 = 12.5, which Python's round takes to 12 (and 0.5 up would take to 13)
    assertEquals(12, Fuzzy.ratio("ab", "acccccccccccccc"));
  }

  /** Every pair of the sample's attributes and many option pairs, scored by Debian's thefuzz. */
  @Test
  void agreesWithThefuzzOnTheSample() throws IOException {
    List<String> lines = Files.readAllLines(Fixtures.resource("/fuzzy/token_set_ratio.tsv"));
    List<String> differences = new ArrayList<>();
    int pairs = 0;
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\t", -1);
      pairs++;
      int expected = Integer.parseInt(parts[2]);
      int actual = Fuzzy.tokenSetRatio(parts[0], parts[1]);
      if (actual != expected) {
        differences.add(parts[0] + " | " + parts[1] + ": thefuzz " + expected + ", here " + actual);
      }
    }
    assertTrue(pairs > 7000, "the reference has " + pairs + " pairs");
    assertEquals(List.of(), differences);
  }
}
