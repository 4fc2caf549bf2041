package io.sparring.league.rating;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Bradley–Terry fit over all results, as chat-arena leaderboards compute it: player i beats j
 * with probability σ(θ_i − θ_j), the strengths θ maximize the likelihood of the results (a draw is
 * half a win and half a loss), and are shown on the Elo scale, 1200 + 400·log10(e)·(θ_i − mean θ),
 * so that the mean rating is 1200 and 400 points mean 10:1 odds.
 *
 * <p>A player that never won (or never lost) has no finite maximum-likelihood strength. So every
 * player is also credited with {@value #PRIOR_DRAWS} of a draw against a fixed reference player
 * of strength 0: a weak prior that keeps every rating finite and moves well-measured ratings by
 * much less than a point. The fit is Newton's method on the (strictly concave) log-posterior.
 *
 * <p>The 95% intervals are bootstrap percentiles: the results are resampled with replacement
 * {@code bootstrapSamples} times from {@code seed}, each sample is fitted the same way, and the
 * interval runs from the 2.5th to the 97.5th percentile of a player's ratings over the samples
 * that contain it (linear interpolation between order statistics).
 */
public final class BradleyTerry {
  /** The weight of the draw every player is credited with against a reference player. */
  public static final double PRIOR_DRAWS = 0.1;

  private static final double ELO_PER_NAT = 400 / Math.log(10);
  private static final double MEAN_RATING = 1200;
  private static final int MAX_ITERATIONS = 200;
  private static final double TOLERANCE = 1e-10;

  private BradleyTerry() {}

  /** One game: {@code scoreA} is 1 if {@code a} won, 0.5 for a draw, 0 if it lost. */
  public record Result(String a, String b, double scoreA) {
    public Result {
      Scores.check(a, b, scoreA);
    }
  }

  /**
   * A player's rating with its bootstrap 95% interval (both NaN when no bootstrap was asked for).
   */
  public record Rating(double value, double low, double high) {
    public Rating {
      checkArgument(Double.isFinite(value), "a rating must be finite, got %s", value);
      checkArgument((Double.isNaN(low) && Double.isNaN(high)) || low <= high,
          "an interval must have low <= high, got [%s, %s]", low, high);
    }
  }

  /** The fitted ratings of every player in the results, by name. */
  public record Fit(Map<String, Rating> ratings) {
    public Fit {
      ratings = Collections.unmodifiableMap(new TreeMap<>(ratings));
    }

    /** A player's rating, or an error naming the rated players. */
    public Rating rating(String player) {
      Rating rating = ratings.get(player);
      checkArgument(rating != null, "'%s' has no rating; rated: %s", player, ratings.keySet());
      return rating;
    }
  }

  /**
   * Fits the ratings of every player in {@code results}, with bootstrap intervals from {@code
   * bootstrapSamples} resamples (0 for none) drawn from {@code seed}. The same arguments give the
   * same fit.
   */
  public static Fit fit(List<Result> results, int bootstrapSamples, long seed) {
    requireNonNull(results, "results");
    checkArgument(bootstrapSamples >= 0, "bootstrapSamples must be >= 0, got %s", bootstrapSamples);
    List<String> players = List.copyOf(new TreeSet<>(
        results.stream().flatMap(r -> java.util.stream.Stream.of(r.a(), r.b())).toList()));
    Map<String, Integer> index = new HashMap<>();
    players.forEach(p -> index.put(p, index.size()));
    int[] a = new int[results.size()];
    int[] b = new int[results.size()];
    double[] scores = new double[results.size()];
    for (int r = 0; r < results.size(); r++) {
      a[r] = index.get(results.get(r).a());
      b[r] = index.get(results.get(r).b());
      scores[r] = results.get(r).scoreA();
    }
    int[] all = new int[results.size()];
    Arrays.setAll(all, r -> r);
    double[] point = ratings(players.size(), a, b, scores, all);

    List<List<Double>> samples = new ArrayList<>();
    players.forEach(p -> samples.add(new ArrayList<>()));
    SplittableRandom random = new SplittableRandom(seed);
    for (int s = 0; s < bootstrapSamples && results.size() > 0; s++) {
      int[] drawn = new int[results.size()];
      for (int i = 0; i < drawn.length; i++) {
        drawn[i] = random.nextInt(results.size());
      }
      double[] sample = ratings(players.size(), a, b, scores, drawn);
      for (int p = 0; p < players.size(); p++) {
        if (!Double.isNaN(sample[p])) {
          samples.get(p).add(sample[p]);
        }
      }
    }
    Map<String, Rating> ratings = new HashMap<>();
    for (int p = 0; p < players.size(); p++) {
      double[] sorted = samples.get(p).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      ratings.put(players.get(p), sorted.length == 0
          ? new Rating(point[p], Double.NaN, Double.NaN)
          : new Rating(point[p], percentile(sorted, 0.025), percentile(sorted, 0.975)));
    }
    return new Fit(ratings);
  }

  /**
   * The Elo-scale ratings fitted to the results {@code drawn} (indices, repeats allowed); NaN for
   * players in none of them. The mean over the players present is 1200.
   */
  private static double[] ratings(int n, int[] a, int[] b, double[] scores, int[] drawn) {
    double[][] games = new double[n][n];
    double[] won = new double[n];
    boolean[] present = new boolean[n];
    for (int r : drawn) {
      games[a[r]][b[r]]++;
      games[b[r]][a[r]]++;
      won[a[r]] += scores[r];
      won[b[r]] += 1 - scores[r];
      present[a[r]] = true;
      present[b[r]] = true;
    }
    double[] theta = strengths(games, won);
    double mean = 0;
    int count = 0;
    for (int p = 0; p < n; p++) {
      if (present[p]) {
        mean += theta[p];
        count++;
      }
    }
    mean /= Math.max(count, 1);
    double[] ratings = new double[n];
    for (int p = 0; p < n; p++) {
      ratings[p] = present[p] ? MEAN_RATING + ELO_PER_NAT * (theta[p] - mean) : Double.NaN;
    }
    return ratings;
  }

  /**
   * The strengths maximizing the log-posterior: Σ over games of log σ(θ_winner − θ_loser) (draws
   * half each way) + Σ_i {@link #PRIOR_DRAWS}·(½ log σ(θ_i) + ½ log σ(−θ_i)). Players without games
   * stay at 0.
   */
  static double[] strengths(double[][] games, double[] won) {
    int n = won.length;
    double[] theta = new double[n];
    double current = logPosterior(theta, games, won);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[n];
      double[][] information = new double[n][n]; // the negative Hessian, positive definite
      for (int i = 0; i < n; i++) {
        double si = sigmoid(theta[i]);
        gradient[i] = won[i] + PRIOR_DRAWS * (0.5 - si);
        information[i][i] = PRIOR_DRAWS * si * (1 - si);
        for (int j = 0; j < n; j++) {
          if (j != i && games[i][j] > 0) {
            double p = sigmoid(theta[i] - theta[j]);
            gradient[i] -= games[i][j] * p;
            double w = games[i][j] * p * (1 - p);
            information[i][i] += w;
            information[i][j] -= w;
          }
        }
      }
      double[] step = solve(information, gradient);
      double length = 1;
      double[] next = new double[n];
      double value;
      do {
        for (int i = 0; i < n; i++) {
          next[i] = theta[i] + length * step[i];
        }
        value = logPosterior(next, games, won);
        length /= 2;
      } while (value < current - 1e-12 && length > 1e-9);
      double largest = 0;
      for (int i = 0; i < n; i++) {
        largest = Math.max(largest, Math.abs(next[i] - theta[i]));
      }
      theta = next;
      current = value;
      if (largest < TOLERANCE) {
        break;
      }
    }
    return theta;
  }

  private static double logPosterior(double[] theta, double[][] games, double[] won) {
    int n = theta.length;
    double value = 0;
    for (int i = 0; i < n; i++) {
      value += PRIOR_DRAWS * 0.5 * (logSigmoid(theta[i]) + logSigmoid(-theta[i]));
    }
    // A game of i and j where i scores s adds s·θi + (1 − s)·θj − log(e^θi + e^θj), so with
    // W_i = i's total score and n_ij the games of the pair: Σ_i W_i θ_i − Σ_{i<j} n_ij log(e^θi + e^θj).
    for (int i = 0; i < n; i++) {
      value += won[i] * theta[i];
      for (int j = i + 1; j < n; j++) {
        if (games[i][j] > 0) {
          value -= games[i][j] * logSumExp(theta[i], theta[j]);
        }
      }
    }
    return value;
  }

  /** Solves {@code matrix · x = vector} for a symmetric positive-definite matrix (Cholesky). */
  private static double[] solve(double[][] matrix, double[] vector) {
    int n = vector.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = matrix[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[j][j];
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = vector[i];
      for (int k = 0; k < i; k++) {
        sum -= l[i][k] * y[k];
      }
      y[i] = sum / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = y[i];
      for (int k = i + 1; k < n; k++) {
        sum -= l[k][i] * x[k];
      }
      x[i] = sum / l[i][i];
    }
    return x;
  }

  private static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  private static double logSigmoid(double x) {
    return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
  }

  private static double logSumExp(double x, double y) {
    double max = Math.max(x, y);
    return max + Math.log(Math.exp(x - max) + Math.exp(y - max));
  }

  /** The q-th percentile of sorted values, interpolating linearly between order statistics. */
  static double percentile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
