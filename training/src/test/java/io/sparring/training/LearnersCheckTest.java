package io.sparring.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Learners#check} refuses what {@link Learners#create} refuses, with the same message. */
class LearnersCheckTest {
  private final Game game = Games.create("kuhn_poker");

  @Test
  void checkRefusesWhatCreateRefuses() {
    for (String spec : List.of("tabular(learning_rate=-1)", "tabular(entropy=-0.5)", "tabular(gradient=steep)",
        "ppo(clip=-1)", "ppo(value_coef=-1)", "reinforce(average=2)", "reinforce(max_grad_norm=-1)",
        "ppo(network=mlp(hidden=[0]))", "ppo(network=cnn)", "ppo(inference_engine=gpu)", "sgd", "tabular(x=1)")) {
      IllegalArgumentException created = assertThrows(IllegalArgumentException.class,
          () -> Learners.create(spec, game, 1).close(), spec);
      IllegalArgumentException checked = assertThrows(IllegalArgumentException.class,
          () -> Learners.check(spec, game), spec);
      assertEquals(created.getMessage(), checked.getMessage(), spec);
    }
  }

  @Test
  void checkAcceptsWhatCreateAccepts() {
    for (String spec : List.of("tabular", "tabular(learning_rate=0.5, gradient=natural)", "ppo", "reinforce(average=0.5)")) {
      Learners.check(spec, game);
    }
  }
}
