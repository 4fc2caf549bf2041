package io.sparring.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry over test-only provider kinds. Their providers are registered in this module's test
 * resources under these nested interfaces' names, so nothing reaches the game registry.
 */
class RegistryTest {
  private static final Registry<Widget> WIDGETS = Registry.load(Widget.class, "widget");

  /** A provider kind only these tests use. */
  public interface Widget extends Provider {}

  /** A kind whose two registered providers share one name. */
  public interface Clashing extends Provider {}

  /** A kind with no registered providers. */
  public interface Unregistered extends Provider {}

  /** Takes no parameters. */
  public static final class Plain implements Widget {
    @Override
    public String name() {
      return "plain";
    }

    @Override
    public String description() {
      return "a widget without parameters";
    }
  }

  /** One parameter of every type. */
  public static final class Configurable implements Widget {
    @Override
    public String name() {
      return "configurable";
    }

    @Override
    public String description() {
      return "a widget with one parameter of each type";
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(
          Parameter.integer("size", 3, 1, 9, "board size"),
          Parameter.real("temperature", 0.5, "softmax temperature"),
          Parameter.bool("verbose", false, "print more"),
          Parameter.word("mode", "fast", "how to run"),
          Parameter.text("url", "http://localhost:8000/v1", "where to connect"),
          Parameter.spec("opponent", "random", "who to play"));
    }
  }

  /** The first of two providers named {@code same}. */
  public static final class FirstSame implements Clashing {
    @Override
    public String name() {
      return "same";
    }

    @Override
    public String description() {
      return "first";
    }
  }

  /** The second of two providers named {@code same}. */
  public static final class SecondSame implements Clashing {
    @Override
    public String name() {
      return "same";
    }

    @Override
    public String description() {
      return "second";
    }
  }

  // ---- Loading and looking up ----

  @Test
  void loadsRegisteredProvidersSortedByName() {
    List<String> names = WIDGETS.providers().stream().map(Provider::name).toList();

    assertEquals(List.of("configurable", "plain"), names); // the services file lists plain first
  }

  @Test
  void findsAProviderByName() {
    assertTrue(WIDGETS.provider("plain") instanceof Plain);
    assertTrue(WIDGETS.provider("configurable") instanceof Configurable);
  }

  @Test
  void unknownNameListsTheKnownNames() {
    SpecException e = assertThrows(SpecException.class, () -> WIDGETS.provider("gizmo"));

    assertEquals("unknown widget 'gizmo'; known widgets: configurable, plain", e.getMessage());
  }

  @Test
  void argumentsOfAnUnknownNameFailTheSameWay() {
    SpecException e =
        assertThrows(SpecException.class, () -> WIDGETS.arguments(Spec.parse("gizmo(size=3)")));

    assertEquals("unknown widget 'gizmo'; known widgets: configurable, plain", e.getMessage());
  }

  @Test
  void kindWithoutProvidersIsEmpty() {
    Registry<Unregistered> none = Registry.load(Unregistered.class, "gadget");

    assertTrue(none.providers().isEmpty());
    SpecException e = assertThrows(SpecException.class, () -> none.provider("x"));
    assertTrue(e.getMessage().startsWith("unknown gadget 'x'; known gadgets: "), e.getMessage());
  }

  @Test
  void duplicateProviderNamesAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Registry.load(Clashing.class, "clash"));

    assertEquals(
        "two clash providers are named 'same': "
            + FirstSame.class.getName()
            + " and "
            + SecondSame.class.getName(),
        e.getMessage());
  }

  // ---- Unknown keys ----

  @Test
  void unknownKeyListsValidParametersWithDefaultsAndRanges() {
    SpecException e =
        assertThrows(
            SpecException.class, () -> WIDGETS.arguments(Spec.parse("configurable(colour=red)")));

    assertEquals(
        "unknown parameter 'colour' for widget configurable; valid parameters: size=3 (1..9),"
            + " temperature=0.5, verbose=false, mode=fast, url='http://localhost:8000/v1',"
            + " opponent=random",
        e.getMessage());
  }

  @Test
  void providerWithoutParametersSaysItTakesNone() {
    SpecException e =
        assertThrows(SpecException.class, () -> WIDGETS.arguments(Spec.parse("plain(x=1)")));

    assertEquals("unknown parameter 'x' for widget plain; it takes no parameters", e.getMessage());
  }

  @Test
  void unknownKeyIsReportedEvenBesideValidOnes() {
    SpecException e =
        assertThrows(
            SpecException.class,
            () -> WIDGETS.arguments(Spec.parse("configurable(size=4, sise=5)")));

    assertTrue(e.getMessage().startsWith("unknown parameter 'sise'"), e.getMessage());
  }

  // ---- Defaults ----

  @Test
  void defaultsAreFilledIn() {
    Arguments arguments = WIDGETS.arguments(Spec.of("configurable"));

    assertEquals(3, arguments.getInt("size"));
    assertEquals(0.5, arguments.getDouble("temperature"));
    assertFalse(arguments.getBoolean("verbose"));
    assertEquals("fast", arguments.getString("mode"));
    assertEquals("http://localhost:8000/v1", arguments.getString("url"));
    assertEquals(Spec.of("random"), arguments.getSpec("opponent"));
  }

  @Test
  void givenValuesReplaceOnlyTheirDefaults() {
    Arguments arguments = WIDGETS.arguments(Spec.parse("configurable(size=7, mode=slow)"));

    assertEquals(7, arguments.getInt("size"));
    assertEquals("slow", arguments.getString("mode"));
    assertEquals(0.5, arguments.getDouble("temperature"));
    assertEquals(Spec.of("random"), arguments.getSpec("opponent"));
  }

  @Test
  void providerWithoutParametersHasEmptyArguments() {
    assertEquals(Spec.of("plain"), WIDGETS.arguments(Spec.parse("plain()")).toSpec());
  }

  // ---- INTEGER ----

  @ParameterizedTest
  @CsvSource({"1, 1", "9, 9", "5, 5", "4.0, 4", "+2, 2", "5e0, 5", "0.5e1, 5"})
  void integerAcceptsWholeNumbersInRange(String written, int expected) {
    assertEquals(
        expected,
        WIDGETS.arguments(Spec.parse("configurable(size=" + written + ")")).getInt("size"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "2.5", "1e-1", "'3'", "[3]", "true", "f(x=1)"})
  void integerRejectsNonIntegers(String written) {
    assertProblem(
        "configurable(size=" + written + ")",
        "parameter 'size' of widget configurable must be an integer, got "
            + Spec.parse("s(v=" + written + ")").arguments().get("v"));
  }

  @Test
  void integerRejectsValuesOutsideItsRange() {
    assertProblem(
        "configurable(size=10)",
        "parameter 'size' of widget configurable must be between 1 and 9, got 10");
    assertProblem(
        "configurable(size=0)",
        "parameter 'size' of widget configurable must be between 1 and 9, got 0");
    assertProblem(
        "configurable(size=-3)",
        "parameter 'size' of widget configurable must be between 1 and 9, got -3");
    assertProblem(
        "configurable(size=4294967297)", // 2^32 + 1 must not wrap around to 1
        "parameter 'size' of widget configurable must be between 1 and 9, got 4294967297");
  }

  @Test
  void integerRejectsValuesBeyondLong() {
    assertProblem(
        "configurable(size=99999999999999999999)",
        "parameter 'size' of widget configurable must be an integer in range,"
            + " got 99999999999999999999");
  }

  // ---- REAL ----

  @ParameterizedTest
  @CsvSource({"2, 2.0", "-0.25, -0.25", "1e-3, 0.001", "1.5E+2, 150.0"})
  void realAcceptsAnyNumber(String written, double expected) {
    assertEquals(
        expected,
        WIDGETS
            .arguments(Spec.parse("configurable(temperature=" + written + ")"))
            .getDouble("temperature"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hot", "'0.5'", "[1]", "f(x=1)"})
  void realRejectsNonNumbers(String written) {
    assertProblem(
        "configurable(temperature=" + written + ")",
        "parameter 'temperature' of widget configurable must be a number, got "
            + Spec.parse("s(v=" + written + ")").arguments().get("v"));
  }

  @Test
  void realRejectsNumbersBeyondDouble() {
    // Infinity could not be written back by Arguments.toSpec, which every game's create calls.
    assertProblem(
        "configurable(temperature=1e400)",
        "parameter 'temperature' of widget configurable must be a finite number, got 1E+400");
  }

  // ---- BOOLEAN ----

  @Test
  void booleanAcceptsTrueAndFalse() {
    assertTrue(WIDGETS.arguments(Spec.parse("configurable(verbose=true)")).getBoolean("verbose"));
    assertFalse(WIDGETS.arguments(Spec.parse("configurable(verbose=false)")).getBoolean("verbose"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "TRUE", "1", "'true'", "[true]"})
  void booleanRejectsAnythingElse(String written) {
    assertProblem(
        "configurable(verbose=" + written + ")",
        "parameter 'verbose' of widget configurable must be true or false, got "
            + Spec.parse("s(v=" + written + ")").arguments().get("v"));
  }

  // ---- WORD ----

  @Test
  void wordAcceptsABareWord() {
    assertEquals(
        "very-slow.v2",
        WIDGETS.arguments(Spec.parse("configurable(mode=very-slow.v2)")).getString("mode"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"'slow'", "3", "[slow]", "f(x=1)"})
  void wordRejectsAnythingElse(String written) {
    assertProblem(
        "configurable(mode=" + written + ")",
        "parameter 'mode' of widget configurable must be a bare word, got "
            + Spec.parse("s(v=" + written + ")").arguments().get("v"));
  }

  // ---- TEXT ----

  @Test
  void textAcceptsAQuotedStringOrABareWord() {
    assertEquals(
        "http://example.org/a b",
        WIDGETS
            .arguments(Spec.parse("configurable(url='http://example.org/a b')"))
            .getString("url"));
    assertEquals(
        "localhost", WIDGETS.arguments(Spec.parse("configurable(url=localhost)")).getString("url"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "['a']", "f(x=1)"})
  void textRejectsAnythingElse(String written) {
    assertProblem(
        "configurable(url=" + written + ")",
        "parameter 'url' of widget configurable must be a 'quoted string', got "
            + Spec.parse("s(v=" + written + ")").arguments().get("v"));
  }

  @Test
  void percentSignsInAValueAreQuotedLiterally() {
    // The message is built with String.formatted; a user's '%' must not be read as a format.
    assertProblem(
        "configurable(size='50%')",
        "parameter 'size' of widget configurable must be an integer, got '50%'");
    assertProblem(
        "configurable(size='%s %d')",
        "parameter 'size' of widget configurable must be an integer, got '%s %d'");
  }

  // ---- SPEC ----

  @Test
  void specAcceptsABareWordAsASpecWithoutArguments() {
    Arguments arguments = WIDGETS.arguments(Spec.parse("configurable(opponent=mcts)"));

    assertEquals(Spec.of("mcts"), arguments.getSpec("opponent"));
  }

  @Test
  void specAcceptsANestedSpec() {
    Arguments arguments =
        WIDGETS.arguments(
            Spec.parse("configurable(opponent=mcts(simulations=100, rollout=greedy(depth=2)))"));

    assertEquals(
        Spec.parse("mcts(simulations=100, rollout=greedy(depth=2))"),
        arguments.getSpec("opponent"));
  }

  @Test
  void specWithEmptyParenthesesEqualsTheBareWord() {
    assertEquals(
        Spec.of("mcts"),
        WIDGETS.arguments(Spec.parse("configurable(opponent=mcts())")).getSpec("opponent"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "'mcts'", "[mcts]"})
  void specRejectsAnythingElse(String written) {
    assertProblem(
        "configurable(opponent=" + written + ")",
        "parameter 'opponent' of widget configurable must be a spec such as random or"
            + " mcts(simulations=100), got "
            + Spec.parse("s(v=" + written + ")").arguments().get("v"));
  }

  // ---- Typed getters ----

  @Test
  void gettersRejectUnknownNamesAndWrongTypes() {
    Arguments arguments = WIDGETS.arguments(Spec.of("configurable"));

    IllegalArgumentException wrongType =
        assertThrows(IllegalArgumentException.class, () -> arguments.getInt("temperature"));
    assertEquals("configurable has no INTEGER parameter 'temperature'", wrongType.getMessage());
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> arguments.getString("colour"));
    assertEquals("configurable has no word or text parameter 'colour'", unknown.getMessage());
    IllegalArgumentException notText =
        assertThrows(IllegalArgumentException.class, () -> arguments.getString("size"));
    assertEquals("configurable has no word or text parameter 'size'", notText.getMessage());
    assertThrows(IllegalArgumentException.class, () -> arguments.getSpec("mode"));
    assertThrows(IllegalArgumentException.class, () -> arguments.getBoolean("size"));
    assertThrows(IllegalArgumentException.class, () -> arguments.getDouble("size"));
  }

  // ---- Canonical spec ----

  @Test
  void toSpecWritesEveryParameterInDeclaredOrder() {
    Arguments arguments = WIDGETS.arguments(Spec.parse("configurable(mode=slow, size=4)"));

    assertEquals(
        "configurable(size=4, temperature=0.5, verbose=false, mode=slow,"
            + " url='http://localhost:8000/v1', opponent=random)",
        arguments.toSpec().toString());
    assertEquals(arguments.toSpec().toString(), arguments.toString());
  }

  @Test
  void toSpecWritesTextAsAWordOnlyWhenItIsOne() {
    assertEquals(
        new SpecValue.Word("localhost"),
        WIDGETS
            .arguments(Spec.parse("configurable(url='localhost')"))
            .toSpec()
            .arguments()
            .get("url"));
    assertEquals(
        new SpecValue.Text("it's here"),
        WIDGETS
            .arguments(Spec.parse("configurable(url='it\\'s here')"))
            .toSpec()
            .arguments()
            .get("url"));
  }

  @Test
  void toSpecWritesNestedSpecsAndBareSpecs() {
    Spec nested =
        WIDGETS.arguments(Spec.parse("configurable(opponent=mcts(simulations=100))")).toSpec();
    Spec bare = WIDGETS.arguments(Spec.parse("configurable(opponent=mcts)")).toSpec();

    assertEquals(
        new SpecValue.Nested(Spec.parse("mcts(simulations=100)")),
        nested.arguments().get("opponent"));
    assertEquals(new SpecValue.Word("mcts"), bare.arguments().get("opponent"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "configurable",
        "configurable(size=9, verbose=true)",
        "configurable(temperature=-1e-3, mode=x.y-z)",
        "configurable(temperature=1e20)",
        "configurable(url='it\\'s a \\\\ path, (really)')",
        "configurable(url=localhost)",
        "configurable(opponent=mcts(simulations=100, rollout=greedy(depth=2), seeds=[1, 2]))",
        "configurable(opponent=mcts())",
        "plain"
      })
  void toSpecRoundTripsThroughTheRegistry(String written) {
    Arguments arguments = WIDGETS.arguments(Spec.parse(written));
    Spec canonical = arguments.toSpec();

    Spec reparsed = Spec.parse(canonical.toString());
    assertEquals(canonical, reparsed);
    Arguments again = WIDGETS.arguments(reparsed);
    assertEquals(canonical, again.toSpec());
    assertEquals(canonical.toString(), again.toString());
  }

  @Test
  void argumentsNameTheirProvider() {
    assertEquals("configurable", WIDGETS.arguments(Spec.of("configurable")).toSpec().name());
  }

  // ---- Parameter declarations ----

  @Test
  void parameterDeclarationsAreChecked() {
    IllegalArgumentException outside =
        assertThrows(
            IllegalArgumentException.class, () -> Parameter.integer("n", 10, 1, 9, "help"));
    assertEquals("default of n outside range", outside.getMessage());
    IllegalArgumentException badName =
        assertThrows(IllegalArgumentException.class, () -> Parameter.bool("two words", true, ""));
    assertEquals("not a valid parameter name: 'two words'", badName.getMessage());
    IllegalArgumentException emptyRange =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Parameter("n", Parameter.Type.INTEGER, 0, 5, 4, ""));
    assertEquals("empty range [5, 4] for n", emptyRange.getMessage());
    assertThrows(SpecException.class, () -> Parameter.spec("opponent", "not a spec", ""));
  }

  @Test
  void parameterSummaryShowsDefaultAndRange() {
    assertEquals("players=2 (2..3)", Parameter.integer("players", 2, 2, 3, "").summary());
    assertEquals("t=0.5", Parameter.real("t", 0.5, "").summary());
    assertEquals("v=true", Parameter.bool("v", true, "").summary());
    assertEquals("m=fast", Parameter.word("m", "fast", "").summary());
    assertEquals("u='it\\'s'", Parameter.text("u", "it's", "").summary());
    assertEquals("o=mcts(simulations=5)", Parameter.spec("o", "mcts(simulations=5)", "").summary());
  }

  @Test
  void specParameterDefaultIsParsed() {
    Parameter p = Parameter.spec("o", "mcts( simulations = 5 )", "");

    assertEquals(Spec.parse("mcts(simulations=5)"), p.defaultValue());
    assertSame(Parameter.Type.SPEC, p.type());
  }

  private static void assertProblem(String spec, String message) {
    SpecException e = assertThrows(SpecException.class, () -> WIDGETS.arguments(Spec.parse(spec)));
    assertEquals(message, e.getMessage());
  }
}
