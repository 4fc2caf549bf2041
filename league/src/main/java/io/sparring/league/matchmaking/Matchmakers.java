package io.sparring.league.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.core.spec.Registry;
import io.sparring.core.spec.Spec;
import java.util.List;
import java.util.random.RandomGenerator;

/** The registered matchmakers, created from spec strings such as {@code pfsp(weighting=variance)}. */
public final class Matchmakers {
  private static final Registry<MatchmakerProvider> REGISTRY =
      Registry.load(MatchmakerProvider.class, "matchmaker");

  private Matchmakers() {}

  public static Registry<MatchmakerProvider> registry() {
    return REGISTRY;
  }

  /** Creates a matchmaker from a spec string; bad specs fail with a message listing what is valid. */
  public static Matchmaker create(String spec) {
    return create(Spec.parse(spec));
  }

  public static Matchmaker create(Spec spec) {
    return REGISTRY.provider(spec.name()).create(REGISTRY.arguments(spec));
  }

  /** The last {@code window} snapshots, or all of them when {@code window} is 0. */
  static List<String> lastWindow(List<String> snapshots, int window) {
    checkArgument(window >= 0, "window must be >= 0, got %s", window);
    return window == 0 || snapshots.size() <= window
        ? snapshots
        : snapshots.subList(snapshots.size() - window, snapshots.size());
  }

  /** One of {@code candidates}, uniformly. */
  static String uniform(List<String> candidates, RandomGenerator random) {
    return candidates.get(random.nextInt(candidates.size()));
  }
}
