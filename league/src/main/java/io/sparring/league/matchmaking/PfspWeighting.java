package io.sparring.league.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.core.spec.SpecException;
import java.util.Arrays;
import java.util.Locale;

/**
 * AlphaStar's weightings for prioritized fictitious self-play, as functions of x, the learner's
 * win rate against a candidate.
 */
public enum PfspWeighting {
  /** (1 − x)²: mostly opponents the learner still loses to. */
  SQUARED,
  /** x·(1 − x): opponents of about equal strength. */
  VARIANCE,
  /** min(0.5, 1 − x): every opponent not yet beaten, equally once the learner is below 50%. */
  LINEAR_CAPPED;

  /** The weight of a candidate the learner beats at rate {@code winRate} in [0, 1]. */
  public double weight(double winRate) {
    checkArgument(winRate >= 0 && winRate <= 1, "a win rate must be in [0, 1], got %s", winRate);
    return switch (this) {
      case SQUARED -> (1 - winRate) * (1 - winRate);
      case VARIANCE -> winRate * (1 - winRate);
      case LINEAR_CAPPED -> Math.min(0.5, 1 - winRate);
    };
  }

  /** The name used in specs: {@code squared}, {@code variance}, {@code linear_capped}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The weighting a spec names, or an error listing the valid names. */
  public static PfspWeighting fromSpecName(String name) {
    return Arrays.stream(values()).filter(w -> w.specName().equals(name)).findFirst()
        .orElseThrow(() -> new SpecException("unknown pfsp weighting '%s'; valid: %s".formatted(
            name, String.join(", ", Arrays.stream(values()).map(PfspWeighting::specName).toList()))));
  }
}
