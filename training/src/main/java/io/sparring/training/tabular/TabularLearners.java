package io.sparring.training.tabular;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import io.sparring.training.Learner;
import io.sparring.training.LearnerProvider;
import java.util.List;

/**
 * The {@code tabular(learning_rate=..., entropy=...)} learner: softmax policy gradient over a table
 * of logits per information-state key, for games with few information states (Kuhn and Leduc poker,
 * tic-tac-toe, small Goofspiel). See {@link TabularSoftmaxLearner} for the update.
 */
public final class TabularLearners implements LearnerProvider {
  /** The default step size; calibrated on Kuhn poker self-play (docs/training.md). */
  public static final double DEFAULT_LEARNING_RATE = 0.1;

  @Override
  public String name() {
    return "tabular";
  }

  @Override
  public String description() {
    return "softmax policy gradient over a table of logits per information state";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.real("learning_rate", DEFAULT_LEARNING_RATE,
            "step size of the per-state mean policy-gradient update (>= 0; 0 never changes the policy)"),
        Parameter.real("entropy", 0.0, "weight of the entropy bonus (>= 0)"),
        Parameter.word("gradient", "vanilla",
            "vanilla (softmax policy gradient) or natural (moves only the played action's logit, "
                + "by advantage / probability; escapes a wrong deterministic choice)"));
  }

  @Override
  public Learner create(Arguments arguments, Game game, long seed) {
    check(arguments, game);
    return new TabularSoftmaxLearner(arguments.toSpec().toString(), game, arguments.getDouble("learning_rate"),
        arguments.getDouble("entropy"), arguments.getString("gradient").equals("natural"));
  }

  @Override
  public void check(Arguments arguments, Game game) {
    double learningRate = arguments.getDouble("learning_rate");
    double entropy = arguments.getDouble("entropy");
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new SpecException("parameter 'learning_rate' of learner tabular must be finite and >= 0, got "
          + learningRate);
    }
    if (!(entropy >= 0) || Double.isInfinite(entropy)) {
      throw new SpecException("parameter 'entropy' of learner tabular must be finite and >= 0, got " + entropy);
    }
    String gradient = arguments.getString("gradient");
    if (!gradient.equals("vanilla") && !gradient.equals("natural")) {
      throw new SpecException("parameter 'gradient' of learner tabular must be vanilla or natural, got '"
          + gradient + "'");
    }
  }
}
