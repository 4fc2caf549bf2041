package io.sparring.webshop;

import io.sparring.core.game.Games;
import io.sparring.core.game.conformance.ConformanceKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared conformance kit on small catalogs, each observation mode and a penalty for no-ops. */
class WebShopConformanceTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "webshop(products=40, split=test)",
      "webshop(products=40, split=test, observation=text_rich, max_steps=6, invalid_reward=-0.1)",
      "webshop(products=40, split=test, observation=html, max_steps=30)"})
  void generatedCatalog(String spec) {
    ConformanceKit.check(Games.create(spec), 100, 20_261_203L);
  }

  @ParameterizedTest(name = "sample ({0})")
  @ValueSource(strings = {"", "max_steps=10, invalid_reward=-1"})
  void realSample(String more) {
    ConformanceKit.check(Games.create(Fixtures.spec(Fixtures.sample(), more)), 100, 7L);
  }
}
