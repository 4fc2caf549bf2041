package io.sparring.webshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Agreement of the OpenNLP noun tagger with hand-labelled nouns of the 42 sample titles (what
 * WebShop's type reward compares: the set of a title's NOUN and PROPN tokens). The numbers are
 * reported in docs/webshop.md; the floor here keeps a regression from passing silently.
 */
class NounsTest {

  @Test
  void agreesWithTheHandLabelledSampleTitles() throws IOException {
    List<Product> products = CatalogFiles.load(Fixtures.sample(), 0, 0).products();
    List<String> lines = Files.readAllLines(Fixtures.resource("/nouns/labels.txt"));
    assertEquals(42, lines.size());
    int truePositives = 0;
    int tagged = 0;
    int labelled = 0;
    int sameSet = 0;
    for (String line : lines) {
      String[] parts = line.split("\t");
      Set<String> expected = new HashSet<>(List.of(parts[1].split(" ")));
      Set<String> actual = new HashSet<>(Nouns.of(products.get(Integer.parseInt(parts[0])).title()));
      Set<String> both = new HashSet<>(actual);
      both.retainAll(expected);
      truePositives += both.size();
      tagged += actual.size();
      labelled += expected.size();
      sameSet += actual.equals(expected) ? 1 : 0;
    }
    double precision = (double) truePositives / tagged;
    double recall = (double) truePositives / labelled;
    double f1 = 2 * precision * recall / (precision + recall);
    System.out.printf("nouns: precision %.3f, recall %.3f, F1 %.3f, identical sets %d of 42 (%d labelled)%n",
        precision, recall, f1, sameSet, labelled);
    assertTrue(f1 >= 0.80, "F1 %.3f (precision %.3f, recall %.3f)".formatted(f1, precision, recall));
  }

  @Test
  void keepsRepeatsAndLowerCases() {
    assertEquals(List.of("hair", "trimmer", "hair"), Nouns.of("Hair Trimmer for Hair"));
  }
}
