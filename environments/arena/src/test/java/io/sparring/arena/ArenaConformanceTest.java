package io.sparring.arena;

import io.sparring.core.game.Games;
import io.sparring.core.game.conformance.ConformanceKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared conformance kit on every mode, with short episodes: the kit copies and restores the
 * state at every step, and an exact copy replays the match, so its cost grows with the square of
 * the length.
 */
class ArenaConformanceTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "arena(mode=beacon, seconds=5)",
      "arena(mode=shards, seconds=5)",
      "arena(mode=skirmish, seconds=5, kill_reward=0.1)",
      "arena(mode=soccer, seconds=5, progress_reward=2)",
      "arena(mode=soccer, seconds=1, decision_steps=1, grid=8)"})
  void conforms(String spec) {
    ConformanceKit.check(Games.create(spec), 100, 20_261_203L);
  }
}
