package io.sparring.league.matchmaking;

import static java.util.Objects.requireNonNull;

import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code pfsp(weighting=squared, window=0)}: AlphaStar's prioritized fictitious self-play. The
 * candidates are the learner's last {@code window} snapshots (0: all) and the baselines (each id
 * once); candidate c is chosen with probability proportional to f(payoff.winRate(learner, c)) for
 * the {@link PfspWeighting} f, uniformly if every weight is 0, and the learner itself plays when
 * there is no candidate.
 */
public final class PfspMatchmakers implements MatchmakerProvider {

  @Override
  public String name() {
    return "pfsp";
  }

  @Override
  public String description() {
    return "prioritized fictitious self-play over snapshots and baselines, weighted by win rates";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.word("weighting", "squared", "squared (1-x)^2, variance x(1-x) or linear_capped min(0.5, 1-x)"),
        Parameter.integer("window", 0, 0, 1_000_000, "how many recent snapshots; 0 for all"));
  }

  @Override
  public Matchmaker create(Arguments arguments) {
    PfspWeighting weighting = PfspWeighting.fromSpecName(arguments.getString("weighting"));
    int window = arguments.getInt("window");
    return (learner, snapshots, baselines, payoff, random) -> {
      requireNonNull(learner, "learner");
      LinkedHashSet<String> unique = new LinkedHashSet<>(Matchmakers.lastWindow(snapshots, window));
      unique.addAll(baselines);
      List<String> candidates = new ArrayList<>(unique);
      if (candidates.isEmpty()) {
        return learner;
      }
      requireNonNull(payoff, "payoff");
      double[] weights = new double[candidates.size()];
      double total = 0;
      for (int i = 0; i < weights.length; i++) {
        weights[i] = weighting.weight(payoff.winRate(learner, candidates.get(i)));
        total += weights[i];
      }
      if (!(total > 0)) {
        return Matchmakers.uniform(candidates, random);
      }
      double drawn = random.nextDouble() * total;
      for (int i = 0; i < weights.length; i++) {
        drawn -= weights[i];
        if (drawn < 0) {
          return candidates.get(i);
        }
      }
      for (int i = weights.length - 1; ; i--) { // rounding left a remainder: the last weighted one
        if (weights[i] > 0) {
          return candidates.get(i);
        }
      }
    };
  }
}
