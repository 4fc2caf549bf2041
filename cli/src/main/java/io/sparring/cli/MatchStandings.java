package io.sparring.cli;

import io.sparring.core.game.Game;
import io.sparring.agents.match.Seating;
import io.sparring.proto.v1.Trajectory;
import io.sparring.league.report.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Wins, draws and losses per player over a series of matches, with 95% confidence intervals. */
final class MatchStandings {
  private static final double Z = 1.959964; // two-sided 95% normal quantile

  private final List<String> labels = new ArrayList<>();
  private final List<Tally> tallies = new ArrayList<>();

  private static final class Tally {
    int wins;
    int draws;
    int losses;
    double sum;
    double sumOfSquares;
    int games;
  }

  MatchStandings(Game game, List<Seating> seatings) {
    for (int i = 0; i < seatings.size(); i++) {
      labels.add((char) ('A' + i) + " " + seatings.get(i).player());
      tallies.add(new Tally());
    }
  }

  /** Adds one match; the seatings are in the same order as at construction (possibly rotated). */
  void add(List<Seating> seatings, Trajectory trajectory) {
    List<Double> returns = trajectory.getReturnsList();
    for (int i = 0; i < seatings.size(); i++) {
      int seat = seatings.get(i).seats().getFirst();
      double mine = returns.get(seat);
      boolean beaten = false;
      boolean beatAll = true;
      for (int other = 0; other < returns.size(); other++) {
        if (!seatings.get(i).seats().contains(other)) {
          beaten |= returns.get(other) > mine;
          beatAll &= returns.get(other) < mine;
        }
      }
      Tally tally = tallies.get(i);
      if (beaten) {
        tally.losses++;
      } else if (beatAll && returns.size() > seatings.get(i).seats().size()) {
        tally.wins++;
      } else {
        tally.draws++;
      }
      tally.games++;
      tally.sum += mine;
      tally.sumOfSquares += mine * mine;
    }
  }

  void print(PrintWriter out) {
    Table table = new Table("PLAYER", "GAMES", "WINS", "DRAWS", "LOSSES", "WIN RATE [95% CI]",
        "MEAN RETURN [95% CI]");
    for (int i = 0; i < labels.size(); i++) {
      Tally t = tallies.get(i);
      double[] wilson = wilson(t.wins, t.games);
      double mean = t.sum / t.games;
      double variance = t.games > 1 ? (t.sumOfSquares - t.games * mean * mean) / (t.games - 1) : 0;
      double half = Z * Math.sqrt(Math.max(0, variance) / t.games);
      table.add(labels.get(i), t.games, t.wins, t.draws, t.losses,
          String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", (double) t.wins / t.games, wilson[0], wilson[1]),
          String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", mean, mean - half, mean + half));
    }
    table.print(out);
  }

  /** The Wilson score interval for a proportion. */
  static double[] wilson(int successes, int trials) {
    double p = (double) successes / trials;
    double denominator = 1 + Z * Z / trials;
    double centre = (p + Z * Z / (2 * trials)) / denominator;
    double half = Z * Math.sqrt(p * (1 - p) / trials + Z * Z / (4.0 * trials * trials)) / denominator;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
