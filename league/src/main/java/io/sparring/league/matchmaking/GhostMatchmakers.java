package io.sparring.league.matchmaking;

import static java.util.Objects.requireNonNull;

import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import java.util.List;

/**
 * {@code ghost(p_latest=0.5, window=10)}: ML-Agents' ghost trainer. The learner itself with
 * probability {@code p_latest}, else uniform over its last {@code window} snapshots (0: all); the
 * learner itself while it has no snapshot.
 */
public final class GhostMatchmakers implements MatchmakerProvider {

  @Override
  public String name() {
    return "ghost";
  }

  @Override
  public String description() {
    return "the learner itself with probability p_latest, else uniform over its last snapshots";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.real("p_latest", 0.5, "probability of playing the learner itself, in [0, 1]"),
        Parameter.integer("window", 10, 0, 1_000_000, "how many recent snapshots; 0 for all"));
  }

  @Override
  public Matchmaker create(Arguments arguments) {
    double latest = arguments.getDouble("p_latest");
    if (!(latest >= 0 && latest <= 1)) {
      throw new SpecException("parameter 'p_latest' of matchmaker ghost must be in [0, 1], got " + latest);
    }
    int window = arguments.getInt("window");
    return (learner, snapshots, baselines, payoff, random) -> {
      requireNonNull(learner, "learner");
      List<String> candidates = Matchmakers.lastWindow(snapshots, window);
      if (candidates.isEmpty() || random.nextDouble() < latest) {
        return learner;
      }
      return Matchmakers.uniform(candidates, random);
    };
  }
}
