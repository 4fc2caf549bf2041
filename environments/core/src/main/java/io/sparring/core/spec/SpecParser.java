package io.sparring.core.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recursive-descent parser for the grammar in {@code docs/specs.md}. */
final class SpecParser {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  private final String text;
  private int pos;

  SpecParser(String text) {
    this.text = text == null ? "" : text;
  }

  static boolean isName(String s) {
    return s != null && NAME.matcher(s).matches();
  }

  Spec parseSpec() {
    skipSpaces();
    if (pos == text.length()) {
      throw error("the spec is empty; expected a name such as tic_tac_toe or kuhn_poker(players=3)");
    }
    Spec spec = spec();
    skipSpaces();
    if (pos != text.length()) {
      throw error("unexpected '" + text.charAt(pos) + "' after the end of the spec");
    }
    return spec;
  }

  private Spec spec() {
    String name = name("a name");
    skipSpaces();
    Map<String, SpecValue> arguments = new LinkedHashMap<>();
    if (peek('(')) {
      pos++;
      skipSpaces();
      if (peek(')')) {
        pos++;
        return new Spec(name, arguments);
      }
      while (true) {
        skipSpaces();
        int keyStart = pos;
        String key = name("a parameter name");
        skipSpaces();
        expect('=', "'=' after parameter '" + key + "'");
        skipSpaces();
        SpecValue value = value();
        if (arguments.putIfAbsent(key, value) != null) {
          pos = keyStart;
          throw error("parameter '" + key + "' is given twice");
        }
        skipSpaces();
        if (peek(',')) {
          pos++;
        } else if (peek(')')) {
          pos++;
          return new Spec(name, arguments);
        } else {
          throw error(pos == text.length() ? "missing ')' at the end" : "expected ',' or ')'");
        }
      }
    }
    return new Spec(name, arguments);
  }

  private SpecValue value() {
    if (pos == text.length()) {
      throw error("missing value at the end");
    }
    char c = text.charAt(pos);
    if (c == '\'') {
      return new SpecValue.Text(quoted());
    }
    if (c == '"') {
      throw error("strings are quoted with single quotes ('like this'), not double quotes");
    }
    if (c == '[') {
      return list();
    }
    Matcher number = NUMBER.matcher(text).region(pos, text.length());
    if (number.lookingAt()) {
      pos = number.end();
      return new SpecValue.Number(new BigDecimal(number.group()));
    }
    if (NAME.matcher(text).region(pos, text.length()).lookingAt()) {
      int start = pos;
      String word = name("a value");
      skipSpaces();
      if (peek('(')) {
        pos = start;
        // A spec without arguments is the bare word, as toString prints it, so it parses back equal.
        Spec nested = spec();
        return nested.arguments().isEmpty()
            ? new SpecValue.Word(nested.name())
            : new SpecValue.Nested(nested);
      }
      return new SpecValue.Word(word);
    }
    throw error("expected a value: a number, a word, a 'quoted string', a [list] or a nested spec");
  }

  private SpecValue list() {
    pos++; // '['
    List<SpecValue> values = new ArrayList<>();
    skipSpaces();
    if (peek(']')) {
      pos++;
      return new SpecValue.ListOf(values);
    }
    while (true) {
      skipSpaces();
      values.add(value());
      skipSpaces();
      if (peek(',')) {
        pos++;
      } else if (peek(']')) {
        pos++;
        return new SpecValue.ListOf(values);
      } else {
        throw error(pos == text.length() ? "missing ']' at the end" : "expected ',' or ']'");
      }
    }
  }

  private String quoted() {
    int start = pos;
    pos++; // opening quote
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '\'') {
        return out.toString();
      }
      if (c == '\\') {
        if (pos == text.length()) {
          break;
        }
        char escaped = text.charAt(pos++);
        if (escaped != '\'' && escaped != '\\') {
          pos -= 2;
          throw error("unknown escape '\\" + escaped + "'; only \\' and \\\\ are escapes");
        }
        out.append(escaped);
      } else {
        out.append(c);
      }
    }
    pos = start;
    throw error("unterminated quoted string");
  }

  private String name(String what) {
    Matcher m = NAME.matcher(text).region(pos, text.length());
    if (!m.lookingAt()) {
      throw error(
          pos == text.length()
              ? "missing " + what + " at the end"
              : "expected " + what + " (letters, digits, '_', '.', '-'; starting with a letter or '_')");
    }
    pos = m.end();
    return m.group();
  }

  private void expect(char c, String what) {
    if (!peek(c)) {
      throw error("expected " + what);
    }
    pos++;
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private SpecException error(String problem) {
    return new SpecException(
        "bad spec '%s': %s at position %d%n  %s%n  %s^"
            .formatted(text, problem, pos + 1, text, " ".repeat(pos)));
  }
}
