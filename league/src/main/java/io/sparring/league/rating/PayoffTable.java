package io.sparring.league.rating;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Win rates between players with exponential forgetting, as AlphaStar's payoff: each game between
 * a and b first multiplies the decayed wins and games of that pair by {@code decay}, then adds
 * the game (a draw is half a win). {@code winRate(a, b)} = decayed score / decayed games, or the
 * {@code prior} if the two never played; {@code winRate(a, b) + winRate(b, a) = 1}. Safe to use from
 * several threads.
 */
public final class PayoffTable {
  /** AlphaStar's decay. */
  public static final double DEFAULT_DECAY = 0.99;
  /** The win rate assumed between players that have not met. */
  public static final double DEFAULT_PRIOR = 0.5;

  private final double decay;
  private final double prior;
  private final Map<String, Map<String, Cell>> cells = new HashMap<>();

  /** A pair's decayed score and games (for the row player), and how many games they really played. */
  private static final class Cell {
    double score;
    double weight;
    long games;
  }

  /** A table with AlphaStar's decay 0.99 and prior 0.5. */
  public PayoffTable() {
    this(DEFAULT_DECAY, DEFAULT_PRIOR);
  }

  /**
   * @param decay the weight an earlier game keeps each time the same pair plays again, in (0, 1]
   *     (1 never forgets)
   * @param prior the win rate of a pair that never played, in [0, 1]
   */
  public PayoffTable(double decay, double prior) {
    checkArgument(decay > 0 && decay <= 1, "decay must be in (0, 1], got %s", decay);
    checkArgument(prior >= 0 && prior <= 1, "prior must be in [0, 1], got %s", prior);
    this.decay = decay;
    this.prior = prior;
  }

  /** Records one game: {@code scoreA} is 1 if {@code a} won, 0.5 for a draw, 0 if it lost. */
  public synchronized void record(String a, String b, double scoreA) {
    Scores.check(a, b, scoreA);
    update(cell(a, b), scoreA);
    update(cell(b, a), 1 - scoreA);
  }

  private void update(Cell cell, double score) {
    cell.score = decay * cell.score + score;
    cell.weight = decay * cell.weight + 1;
    cell.games++;
  }

  private Cell cell(String row, String column) {
    return cells.computeIfAbsent(row, r -> new HashMap<>()).computeIfAbsent(column, c -> new Cell());
  }

  /** The decayed rate at which {@code a} beats {@code b} (draws half), or the prior if they never played. */
  public synchronized double winRate(String a, String b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    Cell cell = cells.getOrDefault(a, Map.of()).get(b);
    return cell == null ? prior : cell.score / cell.weight;
  }

  /** How many games {@code a} and {@code b} played against each other (not decayed). */
  public synchronized long games(String a, String b) {
    Cell cell = cells.getOrDefault(a, Map.of()).get(b);
    return cell == null ? 0 : cell.games;
  }

  /** Every player that has played, by name. */
  public synchronized List<String> players() {
    return List.copyOf(new TreeSet<>(cells.keySet()));
  }

  /** A consistent copy of the whole table, for printing. */
  public synchronized Matrix matrix() {
    List<String> players = players();
    int n = players.size();
    double[][] winRates = new double[n][n];
    long[][] games = new long[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        winRates[i][j] = winRate(players.get(i), players.get(j));
        games[i][j] = games(players.get(i), players.get(j));
      }
    }
    return new Matrix(players, winRates, games);
  }

  /**
   * The payoff matrix: row i against column j. Pairs that never played (the diagonal included) have
   * 0 games and the prior as win rate.
   *
   * @param players the players, by name
   * @param winRates {@code winRates[i][j]} = winRate(players[i], players[j])
   * @param games {@code games[i][j]} = games played between players[i] and players[j]
   */
  public record Matrix(List<String> players, double[][] winRates, long[][] games) {
    public Matrix {
      players = List.copyOf(players);
      winRates = copy(winRates);
      games = copy(games);
      checkArgument(winRates.length == players.size() && games.length == players.size(),
          "a %s-player matrix needs %s rows", players.size(), players.size());
    }

    @Override
    public double[][] winRates() {
      return copy(winRates);
    }

    @Override
    public long[][] games() {
      return copy(games);
    }

    private static double[][] copy(double[][] rows) {
      double[][] copy = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        copy[i] = rows[i].clone();
      }
      return copy;
    }

    private static long[][] copy(long[][] rows) {
      long[][] copy = new long[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        copy[i] = rows[i].clone();
      }
      return copy;
    }
  }
}
