package io.sparring.league.matchmaking;

import static java.util.Objects.requireNonNull;

import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import java.util.List;

/**
 * {@code fsp(window=10)}: fictitious self-play, uniform over the last {@code window} snapshots
 * (0: all of them), or the learner itself while it has none.
 */
public final class FspMatchmakers implements MatchmakerProvider {

  @Override
  public String name() {
    return "fsp";
  }

  @Override
  public String description() {
    return "uniform over the learner's last snapshots (the learner itself while it has none)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.integer("window", 10, 0, 1_000_000, "how many recent snapshots; 0 for all"));
  }

  @Override
  public Matchmaker create(Arguments arguments) {
    int window = arguments.getInt("window");
    return (learner, snapshots, baselines, payoff, random) -> {
      requireNonNull(learner, "learner");
      List<String> candidates = Matchmakers.lastWindow(snapshots, window);
      return candidates.isEmpty() ? learner : Matchmakers.uniform(candidates, random);
    };
  }
}
