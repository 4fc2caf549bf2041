package io.sparring.webshop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;

/**
 * The nouns of a product title, for the type reward. WebShop tags titles with spaCy's
 * en_core_web_lg and keeps tokens tagged NOUN or PROPN; spaCy has no Java or Debian package, so
 * this uses Apache OpenNLP's tokenizer and POS tagger trained on the same Universal Dependencies
 * English treebank family (UD EWT), from Maven Central. Agreement with hand-labelled nouns of the
 * sample's titles is measured in a test and reported in docs/webshop.md. Thread-safe.
 */
final class Nouns {
  private static final String TOKENIZER = "/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin";
  private static final String TAGGER = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";

  private static volatile Models models;

  private record Models(TokenizerModel tokenizer, POSModel tagger) {}

  private Nouns() {}

  /** The lower-cased tokens tagged NOUN or PROPN, in order, repeats kept (WebShop counts them). */
  static List<String> of(String title) {
    Models m = models();
    // The ME classes keep per-call state; a new one per call over the shared model is cheap.
    String[] tokens = spacyStyle(new TokenizerME(m.tokenizer()).tokenize(title));
    String[] tags = new POSTaggerME(m.tagger(), POSTagFormat.UD).tag(tokens);
    List<String> nouns = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      if (tags[i].equals("NOUN") || tags[i].equals("PROPN")) {
        nouns.add(tokens[i].toLowerCase(Locale.ROOT));
      }
    }
    return nouns;
  }

  private static final java.util.regex.Pattern INFIX = java.util.regex.Pattern.compile(
      "(?<=[A-Za-z0-9])-(?=[A-Za-z])|[,;/]|(?='s$)");
  private static final java.util.regex.Pattern UNIT = java.util.regex.Pattern.compile(
      "([0-9]+(?:\\.[0-9]+)?)(ml|oz|ft|g|kg|mm|cm|m|lb|lbs|l|km|gb|mb)", java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * Splits tokens where spaCy's English tokenizer does and OpenNLP's does not: a hyphen between a
   * letter or digit and a letter ({@code Sofa-Tables}, {@code 3-Piece}), commas, semicolons and
   * slashes inside a token, a possessive {@code 's}, and a number from a unit ({@code 20ml}).
   */
  static String[] spacyStyle(String[] tokens) {
    List<String> out = new ArrayList<>();
    for (String token : tokens) {
      for (String part : INFIX.splitWithDelimiters(token, 0)) {
        java.util.regex.Matcher unit = UNIT.matcher(part);
        if (unit.matches()) {
          out.add(unit.group(1));
          out.add(unit.group(2));
        } else if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    return out.toArray(String[]::new);
  }

  private static Models models() {
    Models m = models;
    if (m == null) {
      synchronized (Nouns.class) {
        m = models;
        if (m == null) {
          try (InputStream tokenizer = resource(TOKENIZER); InputStream tagger = resource(TAGGER)) {
            m = new Models(new TokenizerModel(tokenizer), new POSModel(tagger));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot load the OpenNLP models", e);
          }
          models = m;
        }
      }
    }
    return m;
  }

  private static InputStream resource(String name) {
    InputStream in = Nouns.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("the OpenNLP model " + name + " is not on the class path"
          + " (org.apache.opennlp:opennlp-models-*-en)");
    }
    return in;
  }
}
