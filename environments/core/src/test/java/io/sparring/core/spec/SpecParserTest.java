package io.sparring.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec grammar: what parses to what, the canonical form, and every error message. */
class SpecParserTest {

  // ---- Names ----

  @Test
  void bareNameHasNoArguments() {
    Spec spec = Spec.parse("tic_tac_toe");

    assertEquals("tic_tac_toe", spec.name());
    assertTrue(spec.arguments().isEmpty());
    assertEquals(Spec.of("tic_tac_toe"), spec);
  }

  @Test
  void emptyParenthesesEqualTheBareName() {
    assertEquals(Spec.of("random"), Spec.parse("random()"));
    assertEquals(Spec.of("random"), Spec.parse("random (  )"));
    assertEquals("random", Spec.parse("random()").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "_hidden", "kuhn_poker", "my.agent-v2", "A1", "x_1.2-3"})
  void namesMayHoldLettersDigitsUnderscoresDotsAndDashes(String name) {
    assertTrue(SpecParser.isName(name));
    assertEquals(name, Spec.parse(name).name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1abc", "-a", ".a", "a b", "a(", "a=b", "a'b"})
  void otherStringsAreNotNames(String text) {
    assertFalse(SpecParser.isName(text));
  }

  @Test
  void nullIsNotAName() {
    assertFalse(SpecParser.isName(null));
  }

  @Test
  void specConstructorRejectsInvalidNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Spec.of("two words"));
    assertEquals("not a valid spec name: 'two words'", e.getMessage());
  }

  @Test
  void argumentsAreCopiedAndUnmodifiable() {
    Map<String, SpecValue> given = new LinkedHashMap<>();
    given.put("a", word("x"));
    Spec spec = new Spec("s", given);
    given.put("b", word("y")); // a later change to the caller's map must not leak in

    assertEquals(Map.of("a", word("x")), spec.arguments());
    assertThrows(UnsupportedOperationException.class, () -> spec.arguments().put("c", word("z")));
  }

  // ---- Values ----

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0         | 0",
        "42        | 42",
        "-7        | -7",
        "+3        | 3",
        "3.25      | 3.25",
        "-0.5      | -0.5",
        "0.10      | 0.10",
        "1e-3      | 1E-3",
        "2.5E+4    | 2.5E+4",
        "-1.5e2    | -1.5E+2",
        "007       | 7"
      })
  void numbersKeepTheirExactDecimalValue(String written, String expected) {
    Spec spec = Spec.parse("s(n=" + written + ")");

    assertEquals(number(expected), spec.arguments().get("n"));
  }

  @Test
  void integersAndDecimalsAreDistinctValues() {
    // BigDecimal keeps the scale: 1 and 1.0 are written differently, so they are different values.
    assertEquals("s(n=1.0)", Spec.parse("s(n=1.0)").toString());
    assertFalse(Spec.parse("s(n=1)").equals(Spec.parse("s(n=1.0)")));
  }

  @Test
  void wordsAreBareValues() {
    Spec spec = Spec.parse("agent(rollout=random, flag=true, path=a.b-c_d)");

    assertEquals(word("random"), spec.arguments().get("rollout"));
    assertEquals(word("true"), spec.arguments().get("flag"));
    assertEquals(word("a.b-c_d"), spec.arguments().get("path"));
  }

  @Test
  void quotedStringsKeepSpacesAndSymbols() {
    Spec spec =
        Spec.parse("llm(url='http://localhost:8000/v1', prompt='Play well, (please) = ok')");

    assertEquals(text("http://localhost:8000/v1"), spec.arguments().get("url"));
    assertEquals(text("Play well, (please) = ok"), spec.arguments().get("prompt"));
  }

  @Test
  void quotedStringsUnescapeQuotesAndBackslashes() {
    Spec spec = Spec.parse("s(a='it\\'s', b='c:\\\\dir', c='\\\\\\'', d='')");

    assertEquals(text("it's"), spec.arguments().get("a"));
    assertEquals(text("c:\\dir"), spec.arguments().get("b"));
    assertEquals(text("\\'"), spec.arguments().get("c"));
    assertEquals(text(""), spec.arguments().get("d"));
  }

  @Test
  void quotedTextThatLooksLikeAWordStaysText() {
    Spec spec = Spec.parse("s(a='random', b=random)");

    assertEquals(text("random"), spec.arguments().get("a"));
    assertEquals(word("random"), spec.arguments().get("b"));
    assertEquals("s(a='random', b=random)", spec.toString());
  }

  @Test
  void listsHoldAnyValues() {
    Spec spec = Spec.parse("net(layers=[128, 64], names=['a b', c], mixed=[1, x, 'y', f(k=2)])");

    assertEquals(list(number("128"), number("64")), spec.arguments().get("layers"));
    assertEquals(list(text("a b"), word("c")), spec.arguments().get("names"));
    assertEquals(
        list(number("1"), word("x"), text("y"), nested("f", Map.of("k", number("2")))),
        spec.arguments().get("mixed"));
  }

  @Test
  void emptyListsAreAllowed() {
    assertEquals(list(), Spec.parse("s(a=[])").arguments().get("a"));
    assertEquals(list(), Spec.parse("s(a=[   ])").arguments().get("a"));
  }

  @Test
  void listsNest() {
    Spec spec = Spec.parse("s(grid=[[1, 2], [], [[3]]])");

    assertEquals(
        list(list(number("1"), number("2")), list(), list(list(number("3")))),
        spec.arguments().get("grid"));
    assertEquals("s(grid=[[1, 2], [], [[3]]])", spec.toString());
  }

  @Test
  void listValuesAreCopied() {
    List<SpecValue> values = new java.util.ArrayList<>(List.of(word("a")));
    SpecValue.ListOf listOf = new SpecValue.ListOf(values);
    values.add(word("b"));

    assertEquals(List.of(word("a")), listOf.values());
  }

  @Test
  void nestedSpecsNestSeveralLevelsDeep() {
    Spec spec =
        Spec.parse(
            "league(agent=mcts(rollout=greedy(depth=2, eval=net(path='/tmp/x y.pt')),"
                + " sims=[1, 2]), games=3)");

    Spec net = new Spec("net", Map.of("path", text("/tmp/x y.pt")));
    Spec greedy = spec("greedy", "depth", number("2"), "eval", new SpecValue.Nested(net));
    Spec mcts =
        spec(
            "mcts",
            "rollout",
            new SpecValue.Nested(greedy),
            "sims",
            list(number("1"), number("2")));
    assertEquals(spec("league", "agent", new SpecValue.Nested(mcts), "games", number("3")), spec);
  }

  @Test
  void nestedSpecKeepsQuotedValuesWithCommasAndParentheses() {
    Spec spec = Spec.parse("a(b=c(d='x, y)', e='\\'('), f=1)");

    Spec inner = spec("c", "d", text("x, y)"), "e", text("'("));
    assertEquals(spec("a", "b", new SpecValue.Nested(inner), "f", number("1")), spec);
  }

  @Test
  void nestedSpecWithEmptyParenthesesEqualsTheBareWord() {
    // The canonical form prints a spec without arguments as a bare word, so both must be equal.
    assertEquals(Spec.parse("a(b=c)"), Spec.parse("a(b=c())"));
    assertEquals(Spec.parse("a(b=[c])"), Spec.parse("a(b=[c ( )])"));
  }

  @Test
  void argumentsKeepTheOrderWritten() {
    assertEquals("s(z=1, a=2, m=3)", Spec.parse("s(z=1,a=2,m=3)").toString());
    assertEquals(
        List.of("z", "a", "m"), List.copyOf(Spec.parse("s(z=1,a=2,m=3)").arguments().keySet()));
  }

  // ---- Whitespace ----

  @Test
  void whitespaceIsAllowedBetweenTokens() {
    Spec expected = Spec.parse("a(b=1, c=[1, 2], d=e(f='g h'))");

    assertEquals(expected, Spec.parse("  a ( b = 1 , c = [ 1 , 2 ] , d = e ( f = 'g h' ) )  "));
    assertEquals(expected, Spec.parse("a(\n  b=1,\n\tc=[1,2],\r\n  d=e(f='g h')\n)"));
    assertEquals(expected, Spec.parse("a(b=1,c=[1,2],d=e(f='g h'))"));
  }

  @Test
  void whitespaceInsideQuotesIsKept() {
    assertEquals(
        text("  two  spaces \t"), Spec.parse("s(t='  two  spaces \t')").arguments().get("t"));
  }

  // ---- Canonical form ----

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"', // the specs themselves hold single quotes
      value = {
        "tic_tac_toe                              | tic_tac_toe",
        "\"  kuhn_poker ( players = 3 ) \"        | kuhn_poker(players=3)",
        "a()                                      | a",
        "a(b=[ ])                                 | a(b=[])",
        "a(b=+3,c=1e-3,d=1e3)                     | a(b=3, c=0.001, d=1E+3)",
        "a(x='it\\'s')                            | a(x='it\\'s')",
        "a(x='c:\\\\d')                           | a(x='c:\\\\d')",
        "a(b=c(),d=e(f=g()))                      | a(b=c, d=e(f=g))",
        "\"a ( b = c ( d = [ 1 , [ ] ] ) )\"      | a(b=c(d=[1, []]))"
      })
  void toStringIsCanonical(String written, String canonical) {
    assertEquals(canonical, Spec.parse(written).toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tic_tac_toe",
        "kuhn_poker(players=3)",
        "random()",
        "s(a=0, b=-12, c=3.5, d=-0.25, e=1e-9, f=6.02E+23, g=+1, h=0.0)",
        "s(w=random, t='a b', q='it\\'s', bs='back\\\\slash', empty='')",
        "s(l=[], m=[1, [2, [3, []]]], n=['x', y, 3])",
        "mcts(simulations=1000, rollout=random)",
        "mcts(rollout=greedy(depth=2))",
        "league(agent=mcts(rollout=greedy(depth=2, eval=net(path='/tmp/x y.pt')), sims=[1, 2]))",
        "a(b=c(), d=[e(), f(g=h())])",
        "a(b=c(d=e(f=g(h=i(j='deep, very deep')))))",
        "  spaced ( a = 1 , b = [ x , 'y z' ] )  ",
        "s(text='line one\nline two', tab='\t')",
        "s(z=1, y=2, x=3)"
      })
  void toStringParsesBackToAnEqualSpec(String written) {
    Spec spec = Spec.parse(written);
    Spec again = Spec.parse(spec.toString());

    assertEquals(spec, again);
    assertEquals(spec.toString(), again.toString());
  }

  @Test
  void programmaticSpecsRoundTrip() {
    Spec spec =
        spec(
            "s",
            "n",
            new SpecValue.Number(new BigDecimal("-1.50")),
            "t",
            text("quote ' and backslash \\ and, comma"),
            "l",
            list(word("w"), list(), new SpecValue.Nested(spec("inner", "k", number("1")))));

    assertEquals(spec, Spec.parse(spec.toString()));
  }

  // ---- Errors: every message the parser produces ----

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t\n"})
  void emptySpec(String text) {
    SpecException e = assertThrows(SpecException.class, () -> Spec.parse(text));

    assertTrue(
        e.getMessage()
            .contains(
                "the spec is empty; expected a name such as tic_tac_toe or kuhn_poker(players=3)"),
        e.getMessage());
  }

  @Test
  void emptySpecPointsAtTheStart() {
    assertError(
        "", "the spec is empty; expected a name such as tic_tac_toe or kuhn_poker(players=3)", 1);
  }

  @Test
  void unexpectedCharacterAfterTheEnd() {
    assertError("tic tac", "unexpected 't' after the end of the spec", 5);
    assertError("a(b=1))", "unexpected ')' after the end of the spec", 7);
    assertError("a,b", "unexpected ',' after the end of the spec", 2);
    assertError("a(b=1) x", "unexpected 'x' after the end of the spec", 8);
  }

  @Test
  void missingClosingParenthesisAtTheEnd() {
    assertError("a(b=1", "missing ')' at the end", 6);
    assertError("a(b=1, c=2  ", "missing ')' at the end", 13);
    assertError("a(b=c(d=1)", "missing ')' at the end", 11);
  }

  @Test
  void expectedCommaOrClosingParenthesis() {
    assertError("a(b=1 c=2)", "expected ',' or ')'", 7);
    assertError("a(b=1]", "expected ',' or ')'", 6);
    assertError("a(b=1x)", "expected ',' or ')'", 6);
    assertError("a(b=1.)", "expected ',' or ')'", 6);
    assertError("a(b=c(d=1) e=2)", "expected ',' or ')'", 12);
  }

  @Test
  void missingValueAtTheEnd() {
    assertError("a(b=", "missing value at the end", 5);
    assertError("a(b=  ", "missing value at the end", 7);
    assertError("a(b=[1,", "missing value at the end", 8);
    assertError("a(b=[", "missing value at the end", 6);
  }

  @Test
  void doubleQuotedStringsAreRejected() {
    assertError(
        "a(b=\"x\")", "strings are quoted with single quotes ('like this'), not double quotes", 5);
    assertError(
        "a(b=[1, \"x\"])",
        "strings are quoted with single quotes ('like this'), not double quotes",
        9);
  }

  @Test
  void expectedAValue() {
    String problem =
        "expected a value: a number, a word, a 'quoted string', a [list] or a nested spec";
    assertError("a(b=)", problem, 5);
    assertError("a(b=,c=1)", problem, 5);
    assertError("a(b=@)", problem, 5);
    assertError("a(b=.5)", problem, 5);
    assertError("a(b=-x)", problem, 5);
    assertError("a(b=[1,])", problem, 8);
    assertError("a(b=[,])", problem, 6);
  }

  @Test
  void missingClosingBracketAtTheEnd() {
    assertError("a(b=[1, 2", "missing ']' at the end", 10);
    assertError("a(b=[[1]", "missing ']' at the end", 9);
  }

  @Test
  void expectedCommaOrClosingBracket() {
    assertError("a(b=[1 2])", "expected ',' or ']'", 8);
    assertError("a(b=[1))", "expected ',' or ']'", 7);
  }

  @Test
  void unterminatedQuotedStringPointsAtTheOpeningQuote() {
    assertError("a(b='abc", "unterminated quoted string", 5);
    assertError("a(b='abc)", "unterminated quoted string", 5);
    assertError("a(b='abc\\')", "unterminated quoted string", 5); // \' is an escaped quote
    assertError("a(b='abc\\", "unterminated quoted string", 5); // a backslash at the very end
    assertError("a(b=[1, 'x])", "unterminated quoted string", 9);
  }

  @Test
  void unknownEscapePointsAtTheBackslash() {
    assertError("a(b='x\\ny')", "unknown escape '\\n'; only \\' and \\\\ are escapes", 7);
    assertError("a(b='\\t')", "unknown escape '\\t'; only \\' and \\\\ are escapes", 6);
    assertError("a(b='ok\\\\\\\"')", "unknown escape '\\\"'; only \\' and \\\\ are escapes", 10);
  }

  @Test
  void duplicateParameterPointsAtTheSecondKey() {
    assertError("a(b=1, b=2)", "parameter 'b' is given twice", 8);
    assertError("a(b=1, c=2,  b=3)", "parameter 'b' is given twice", 14);
  }

  @Test
  void duplicateKeysInNestedSpecsAreAlsoRejected() {
    assertError("a(x=c(d=1, d=1))", "parameter 'd' is given twice", 12);
  }

  @Test
  void sameKeyInDifferentNestingLevelsIsFine() {
    Spec spec = Spec.parse("a(d=c(d=1))");

    assertEquals(new SpecValue.Nested(spec("c", "d", number("1"))), spec.arguments().get("d"));
  }

  @Test
  void invalidName() {
    String problem = "expected a name (letters, digits, '_', '.', '-'; starting with a letter or '_')";
    assertError("(a=1)", problem, 1);
    assertError("9lives", problem, 1);
    assertError("  -a", problem, 3);
    assertError("'quoted'", problem, 1);
  }

  @Test
  void invalidParameterName() {
    String problem =
        "expected a parameter name (letters, digits, '_', '.', '-'; starting with a letter or '_')";
    assertError("a(=1)", problem, 3);
    assertError("a(1=2)", problem, 3);
    assertError("a(b=1, )", problem, 8); // no trailing comma
    assertError("a(b=1,,c=2)", problem, 7);
  }

  @Test
  void missingParameterNameAtTheEnd() {
    assertError("a(", "missing a parameter name at the end", 3);
    assertError("a(b=1,", "missing a parameter name at the end", 7);
    assertError("a(b=1,  ", "missing a parameter name at the end", 9);
  }

  @Test
  void expectedEquals() {
    assertError("a(b 1)", "expected '=' after parameter 'b'", 5);
    assertError("a(b)", "expected '=' after parameter 'b'", 4);
    assertError("a(b:1)", "expected '=' after parameter 'b'", 4);
    assertError("a(b", "expected '=' after parameter 'b'", 4);
    assertError("a(x=f(y))", "expected '=' after parameter 'y'", 8);
  }

  @Test
  void messageQuotesTheSpecAndDrawsACaretUnderTheProblem() {
    SpecException e = assertThrows(SpecException.class, () -> Spec.parse("a(b=1 c=2)"));
    List<String> lines = e.getMessage().lines().toList();

    assertEquals(
        List.of(
            "bad spec 'a(b=1 c=2)': expected ',' or ')' at position 7",
            "  a(b=1 c=2)",
            "        ^"),
        lines);
  }

  @Test
  void specExceptionIsAnIllegalArgumentException() {
    // Callers that validate input generally catch IllegalArgumentException.
    assertThrows(IllegalArgumentException.class, () -> Spec.parse("a("));
  }

  // ---- Helpers ----

  /**
   * Asserts the parse error's problem, its 1-based position and that the caret on the third line
   * sits under that position of the quoted spec on the second line.
   */
  private static void assertError(String text, String problem, int position) {
    SpecException e = assertThrows(SpecException.class, () -> Spec.parse(text));
    String message = e.getMessage();
    List<String> lines = message.lines().toList();

    assertEquals(
        "bad spec '" + text + "': " + problem + " at position " + position, lines.get(0), message);
    assertEquals(3, lines.size(), message);
    assertEquals("  " + text, lines.get(1), message);
    assertEquals("  " + " ".repeat(position - 1) + "^", lines.get(2), message);
  }

  private static SpecValue number(String value) {
    return new SpecValue.Number(new BigDecimal(value));
  }

  private static SpecValue word(String value) {
    return new SpecValue.Word(value);
  }

  private static SpecValue text(String value) {
    return new SpecValue.Text(value);
  }

  private static SpecValue list(SpecValue... values) {
    return new SpecValue.ListOf(List.of(values));
  }

  private static SpecValue nested(String name, Map<String, SpecValue> arguments) {
    return new SpecValue.Nested(new Spec(name, arguments));
  }

  /** A spec from alternating keys and values, keeping their order. */
  private static Spec spec(String name, Object... keysAndValues) {
    Map<String, SpecValue> arguments = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      arguments.put((String) keysAndValues[i], (SpecValue) keysAndValues[i + 1]);
    }
    return new Spec(name, arguments);
  }
}
