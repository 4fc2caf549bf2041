package io.sparring.league.rating;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Online Elo ratings: after each game, R_a += K·(S_a − E_a) and R_b += K·(S_b − E_b) with the
 * expected score E_a = 1 / (1 + 10^((R_b − R_a)/400)). Players start at the initial rating. The
 * result depends on the order of games; {@link BradleyTerry} gives the order-free fit. Safe to use
 * from several threads.
 */
public final class Elo {
  /** The usual starting rating. */
  public static final double DEFAULT_INITIAL = 1200;

  private final double initial;
  private final double k;
  private final Map<String, Double> ratings = new HashMap<>();

  /**
   * @param initial the rating of a player before its first game
   * @param k the update step (the most a rating moves in one game), positive
   */
  public Elo(double initial, double k) {
    checkArgument(Double.isFinite(initial), "the initial rating must be finite, got %s", initial);
    checkArgument(k > 0 && Double.isFinite(k), "K must be positive, got %s", k);
    this.initial = initial;
    this.k = k;
  }

  /** The score a player rated {@code ratingA} is expected to make against one rated {@code ratingB}. */
  public static double expectedScore(double ratingA, double ratingB) {
    return 1 / (1 + Math.pow(10, (ratingB - ratingA) / 400));
  }

  /** Records one game: {@code scoreA} is 1 if {@code a} won, 0.5 for a draw, 0 if it lost. */
  public synchronized void record(String a, String b, double scoreA) {
    Scores.check(a, b, scoreA);
    double ratingA = rating(a);
    double ratingB = rating(b);
    double expectedA = expectedScore(ratingA, ratingB);
    ratings.put(a, ratingA + k * (scoreA - expectedA));
    ratings.put(b, ratingB + k * ((1 - scoreA) - (1 - expectedA)));
  }

  /** The player's rating, the initial one if it has not played. */
  public synchronized double rating(String player) {
    return ratings.getOrDefault(player, initial);
  }

  /** Every player that has played, by name. */
  public synchronized Map<String, Double> ratings() {
    return Collections.unmodifiableMap(new TreeMap<>(ratings));
  }
}
