package io.sparring.webshop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code fuzz.token_set_ratio} of thefuzz 0.19, the scorer WebShop's reward uses, as WebShop runs
 * it: without python-Levenshtein (its requirements do not install it), so on Python's {@code
 * difflib.SequenceMatcher}. Every step follows the Python code, down to dropping the characters
 * 128-255, the per-character {@code \W} replacement and Python's half-to-even rounding.
 */
final class Fuzzy {
  private Fuzzy() {}

  /** An integer 0..100; WebShop counts a match when it is above 85. */
  static int tokenSetRatio(String s1, String s2) {
    String p1 = fullProcess(s1);
    String p2 = fullProcess(s2);
    if (p1.isEmpty() || p2.isEmpty()) {
      return 0;
    }
    TreeSet<String> tokens1 = tokens(p1);
    TreeSet<String> tokens2 = tokens(p2);
    TreeSet<String> intersection = new TreeSet<>(tokens1);
    intersection.retainAll(tokens2);
    TreeSet<String> diff1to2 = new TreeSet<>(tokens1);
    diff1to2.removeAll(tokens2);
    TreeSet<String> diff2to1 = new TreeSet<>(tokens2);
    diff2to1.removeAll(tokens1);
    String sortedSect = String.join(" ", intersection);
    String combined1to2 = (sortedSect + " " + String.join(" ", diff1to2)).strip();
    String combined2to1 = (sortedSect + " " + String.join(" ", diff2to1)).strip();
    sortedSect = sortedSect.strip();
    return Math.max(ratio(sortedSect, combined1to2),
        Math.max(ratio(sortedSect, combined2to1), ratio(combined1to2, combined2to1)));
  }

  /** {@code fuzz.ratio}: 100 for equal strings, 0 when one is empty, else difflib's ratio. */
  static int ratio(String s1, String s2) {
    if (s1.equals(s2)) {
      return 100;
    }
    if (s1.isEmpty() || s2.isEmpty()) {
      return 0;
    }
    return (int) Math.rint(100 * sequenceMatcherRatio(s1.codePoints().toArray(), s2.codePoints().toArray()));
  }

  /** thefuzz's {@code full_process(s, force_ascii=True)}. */
  static String fullProcess(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (c >= 128 && c < 256) {
        return; // asciidammit drops these and keeps everything else
      }
      out.appendCodePoint(isWordCharacter(c) ? c : ' ');
    });
    return out.toString().toLowerCase(Locale.ROOT).strip();
  }

  private static boolean isWordCharacter(int c) {
    if (c == '_' || Character.isLetter(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  private static TreeSet<String> tokens(String processed) {
    TreeSet<String> tokens = new TreeSet<>();
    for (String token : processed.split("\\s+")) {
      if (!token.isEmpty()) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  /** {@code difflib.SequenceMatcher(None, a, b).ratio()}, autojunk included. */
  static double sequenceMatcherRatio(int[] a, int[] b) {
    Map<Integer, List<Integer>> b2j = new HashMap<>();
    for (int j = 0; j < b.length; j++) {
      b2j.computeIfAbsent(b[j], k -> new ArrayList<>()).add(j);
    }
    if (b.length >= 200) { // difflib's autojunk: very common elements of a long b do not start matches
      int ntest = b.length / 100 + 1;
      b2j.values().removeIf(indices -> indices.size() > ntest);
    }
    int matches = 0;
    List<int[]> queue = new ArrayList<>();
    queue.add(new int[] {0, a.length, 0, b.length});
    while (!queue.isEmpty()) {
      int[] range = queue.removeLast();
      int[] match = longestMatch(a, b, b2j, range[0], range[1], range[2], range[3]);
      int i = match[0];
      int j = match[1];
      int k = match[2];
      if (k > 0) {
        matches += k;
        if (range[0] < i && range[2] < j) {
          queue.add(new int[] {range[0], i, range[2], j});
        }
        if (i + k < range[1] && j + k < range[3]) {
          queue.add(new int[] {i + k, range[1], j + k, range[3]});
        }
      }
    }
    int total = a.length + b.length;
    return total == 0 ? 1.0 : 2.0 * matches / total;
  }

  /** {@code find_longest_match} with no junk function (so only the autojunk'd elements are skipped). */
  private static int[] longestMatch(int[] a, int[] b, Map<Integer, List<Integer>> b2j,
      int alo, int ahi, int blo, int bhi) {
    int besti = alo;
    int bestj = blo;
    int bestSize = 0;
    Map<Integer, Integer> j2len = new HashMap<>();
    for (int i = alo; i < ahi; i++) {
      Map<Integer, Integer> next = new HashMap<>();
      for (int j : b2j.getOrDefault(a[i], List.of())) {
        if (j < blo) {
          continue;
        }
        if (j >= bhi) {
          break;
        }
        int k = j2len.getOrDefault(j - 1, 0) + 1;
        next.put(j, k);
        if (k > bestSize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestSize = k;
        }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1]) {
      besti--;
      bestj--;
      bestSize++;
    }
    while (besti + bestSize < ahi && bestj + bestSize < bhi && a[besti + bestSize] == b[bestj + bestSize]) {
      bestSize++;
    }
    return new int[] {besti, bestj, bestSize};
  }
}
