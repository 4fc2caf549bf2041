package io.sparring.core.game.conformance;

import io.sparring.core.game.GameProvider;
import io.sparring.core.game.Games;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance kit over every registered game: its default spec, and each integer parameter at
 * the ends of its range. Nothing here changes when a game is added. A game in another project runs
 * the same checks with an empty subclass: {@code class MyGamesTest extends GameConformanceTest {}}.
 */
public class GameConformanceTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("registeredGameSpecs")
  public void conforms(String spec, int playouts) {
    ConformanceKit.check(Games.create(spec), playouts, 20_261_123L);
  }

  public static Stream<Arguments> registeredGameSpecs() {
    return Games.registry().providers().stream()
        .flatMap(provider -> variants(provider).stream()
            .map(spec -> Arguments.of(spec, Math.max(100, provider.conformancePlayouts()))));
  }

  private static Set<String> variants(GameProvider provider) {
    List<Spec> specs = new ArrayList<>();
    specs.add(Spec.of(provider.name()));
    for (Parameter p : provider.parameters()) {
      if (p.type() == Parameter.Type.INTEGER) {
        for (long value : new long[] {p.min(), p.max()}) {
          SpecValue number = new SpecValue.Number(BigDecimal.valueOf(value));
          specs.add(new Spec(provider.name(), Map.of(p.name(), number)));
        }
      }
    }
    // Canonical forms (defaults filled in), so a default that is also a range end runs once.
    Set<String> canonical = new LinkedHashSet<>();
    specs.forEach(spec -> canonical.add(Games.registry().arguments(spec).toSpec().toString()));
    return canonical;
  }
}
