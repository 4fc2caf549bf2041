package io.sparring.agents.malt;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.agents.Decision;
import java.util.List;

/**
 * The labelled tree MALT grows from one state: proposals (generator), critiques of each proposal
 * (verifier) and refinements of each critique (refiner). A refinement's value comes from the
 * outcome its action led to; a critique's value is the mean of its refinements', a proposal's the
 * mean of its critiques'. A node is positive when its value is above 0.5.
 */
public final class Nodes {
  /** The threshold above which a node is a positive example. */
  public static final double POSITIVE_ABOVE = 0.5;

  private Nodes() {}

  /** A refiner's output: its legal action (−1 when it named none) and the outcome's value in [0, 1]. */
  public record Refinement(Decision decision, int action, double outcomeReturn, double value) {
    public Refinement {
      checkArgument(value >= 0 && value <= 1, "value %s is outside [0, 1]", value);
    }
  }

  /** A verifier's output on one proposal and the refinements made from it. */
  public record Critique(Decision decision, List<Refinement> refinements) {
    public Critique {
      refinements = List.copyOf(refinements);
      checkArgument(!refinements.isEmpty(), "a critique needs at least one refinement");
    }

    public double value() {
      return refinements.stream().mapToDouble(Refinement::value).average().orElseThrow();
    }
  }

  /** A generator's output and the critiques of it. */
  public record Proposal(Decision decision, List<Critique> critiques) {
    public Proposal {
      critiques = List.copyOf(critiques);
      checkArgument(!critiques.isEmpty(), "a proposal needs at least one critique");
    }

    public double value() {
      return critiques.stream().mapToDouble(Critique::value).average().orElseThrow();
    }
  }

  public static boolean positive(double value) {
    return value > POSITIVE_ABOVE;
  }

  /**
   * A seat's return as a value in [0, 1]: scaled by the game's utility bounds (a win 1, a loss 0
   * in a win/loss game), clamped; 0.5 when the bounds are equal.
   */
  public static double value(double outcome, double minUtility, double maxUtility) {
    double span = maxUtility - minUtility;
    if (span <= 0) {
      return 0.5;
    }
    return Math.clamp((outcome - minUtility) / span, 0, 1);
  }
}
