package io.sparring.core.solvers;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Policy;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Alpha-beta minimax for two-player zero-sum (or constant-sum) games of perfect information, with
 * chance nodes valued by expectation. Values are seat 0's expected return; seat 0 maximises it and
 * seat 1 minimises it. {@link #analyze} finds every optimal move at a state, so {@link
 * #chooseAction} can pick among equally good moves at random and games against it vary.
 *
 * <p>An optional depth limit (in moves, chance moves included) stops the search early and asks a
 * heuristic for the value still to come (by default 0). An optional transposition table, keyed by
 * a function of the state such as {@link #observationKey()}, merges states reached by different
 * move orders and remembers them across calls.
 *
 * <p>Not thread-safe: the table is mutable. Use one instance per thread.
 */
public final class Minimax {
  private enum Bound {
    EXACT,
    LOWER,
    UPPER
  }

  private record Entry(double value, Bound bound, int depth) {}

  /** What a search found at a decision state. */
  public record Analysis(int player, double value, List<Integer> bestActions) {
    /**
     * @param player the seat to move
     * @param value that seat's expected return with perfect play (returns so far included)
     * @param bestActions every action that reaches that value, sorted
     */
    public Analysis {
      bestActions = List.copyOf(bestActions);
    }
  }

  private final int depthLimit;
  private final ToDoubleFunction<State> heuristic;
  private final Function<State, ?> transpositionKey;
  private final double tolerance;
  private final int tableLimit;
  private final Map<Object, Entry> table = new HashMap<>();
  private long nodes;

  private Minimax(Builder builder) {
    depthLimit = builder.depthLimit;
    heuristic = builder.heuristic;
    transpositionKey = builder.transpositionKey;
    tolerance = builder.tolerance;
    tableLimit = builder.tableLimit;
  }

  /** A full-depth search with the default settings. */
  public static Minimax create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Seat 0's expected return with perfect play from this state, returns so far included. */
  public double value(State state) {
    checkGame(state.game());
    return state.returns()[0] + search(state.copy(), depthLimit, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY);
  }

  /**
   * The value of a decision state for the seat to move, and all of its optimal actions.
   *
   * @throws IllegalArgumentException if no seat is to move (chance or the end)
   */
  public Analysis analyze(State state) {
    checkGame(state.game());
    int mover = state.currentPlayer();
    checkArgument(mover >= 0, "no seat is to move in %s (current player %s)", state, mover);
    boolean maximising = mover == 0;
    double base = state.returns()[0];
    List<Integer> legal = state.legalActions();
    double[] values = new double[legal.size()];
    boolean[] exact = new boolean[legal.size()];
    double best = maximising ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (int i = 0; i < legal.size(); i++) {
      State child = state.copy();
      child.apply(legal.get(i));
      double gain = child.returns()[0] - base;
      // A window just below (above) the best so far: worse moves fail fast, equal ones come back
      // exact, since fail-soft values inside the window are exact.
      if (maximising) {
        double alpha = best - tolerance;
        values[i] = gain + search(child, depthLimit - 1, alpha - gain, Double.POSITIVE_INFINITY);
        exact[i] = values[i] > alpha;
      } else {
        double beta = best + tolerance;
        values[i] = gain + search(child, depthLimit - 1, Double.NEGATIVE_INFINITY, beta - gain);
        exact[i] = values[i] < beta;
      }
      if (exact[i]) {
        best = maximising ? Math.max(best, values[i]) : Math.min(best, values[i]);
      }
    }
    List<Integer> optimal = new ArrayList<>();
    for (int i = 0; i < legal.size(); i++) {
      if (exact[i] && Math.abs(values[i] - best) <= tolerance) {
        optimal.add(legal.get(i));
      }
    }
    double seatZero = base + best;
    double seatOne = state.game().utilitySum() - seatZero;
    return new Analysis(mover, maximising ? seatZero : seatOne, optimal);
  }

  /** One of the optimal actions at a decision state, uniformly at random. */
  public int chooseAction(State state, RandomGenerator random) {
    List<Integer> best = analyze(state).bestActions();
    return best.get(random.nextInt(best.size()));
  }

  /** This search as a policy: the optimal actions equally likely, the others never played. */
  public Policy policy() {
    return (state, player) -> {
      checkArgument(player == state.currentPlayer(), "seat %s is not to move in %s", player, state);
      List<Integer> best = analyze(state).bestActions();
      Map<Integer, Double> probabilities = new LinkedHashMap<>();
      best.forEach(a -> probabilities.put(a, 1.0 / best.size()));
      return probabilities;
    };
  }

  /**
   * A transposition key for games whose observation tensor (seen by seat 0) and player to move
   * determine the future, as in most board games: the same position reached by different move
   * orders is searched once. Not for games with hidden counters such as move limits.
   */
  public static Function<State, Object> observationKey() {
    return state -> new TensorKey(state.currentPlayer(), state.observationTensor(0));
  }

  private record TensorKey(int player, float[] tensor) {
    @Override
    public boolean equals(Object other) {
      return other instanceof TensorKey key && key.player == player
          && Arrays.equals(key.tensor, tensor);
    }

    @Override
    public int hashCode() {
      return 31 * player + Arrays.hashCode(tensor);
    }

    @Override
    public String toString() {
      return player + " " + Arrays.toString(tensor);
    }
  }

  /** How many states the searches have visited so far, for measuring. */
  public long nodesSearched() {
    return nodes;
  }

  /** Forgets the transposition table. */
  public void clearTable() {
    table.clear();
  }

  private static void checkGame(Game game) {
    GameType type = game.type();
    checkArgument(
        game.numPlayers() == 2
            && type.information() == GameType.Information.PERFECT
            && type.dynamics() == GameType.Dynamics.SEQUENTIAL
            && (type.utility() == GameType.Utility.ZERO_SUM
                || type.utility() == GameType.Utility.CONSTANT_SUM),
        "minimax needs a sequential two-player zero-sum game of perfect information; %s is %s with"
            + " %s players",
        game.spec(), type, game.numPlayers());
  }

  /**
   * Seat 0's return still to come from {@code state}, fail-soft: a result at or below {@code
   * alpha} is an upper bound, at or above {@code beta} a lower bound, in between exact. The search
   * may change {@code state}.
   */
  private double search(State state, int depth, double alpha, double beta) {
    nodes++;
    if (state.isTerminal()) {
      return 0;
    }
    if (depth <= 0) {
      return heuristic.applyAsDouble(state);
    }
    Object key = transpositionKey == null ? null : transpositionKey.apply(state);
    Entry entry = key == null ? null : table.get(key);
    if (entry != null && entry.depth() >= depth) {
      switch (entry.bound()) {
        case EXACT -> {
          return entry.value();
        }
        case LOWER -> {
          if (entry.value() >= beta) {
            return entry.value();
          }
        }
        case UPPER -> {
          if (entry.value() <= alpha) {
            return entry.value();
          }
        }
      }
    }
    double base = state.returns()[0];
    double result;
    Bound bound;
    if (state.isChanceNode()) {
      List<ChanceOutcome> outcomes = state.chanceOutcomes();
      result = 0;
      for (int i = 0; i < outcomes.size(); i++) {
        State child = i == outcomes.size() - 1 ? state : state.copy();
        child.apply(outcomes.get(i).action());
        double gain = child.returns()[0] - base;
        result += outcomes.get(i).probability()
            * (gain + search(child, depth - 1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
      }
      bound = Bound.EXACT;
    } else {
      boolean maximising = state.currentPlayer() == 0;
      double low = alpha;
      double high = beta;
      result = maximising ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      List<Integer> legal = state.legalActions();
      for (int i = 0; i < legal.size() && low < high; i++) {
        // The last child reuses this state: nothing reads it afterwards.
        State child = i == legal.size() - 1 ? state : state.copy();
        child.apply(legal.get(i));
        double gain = child.returns()[0] - base;
        double v = gain + search(child, depth - 1, low - gain, high - gain);
        if (maximising) {
          result = Math.max(result, v);
          low = Math.max(low, v);
        } else {
          result = Math.min(result, v);
          high = Math.min(high, v);
        }
      }
      bound = result <= alpha ? Bound.UPPER : result >= beta ? Bound.LOWER : Bound.EXACT;
    }
    if (key != null) {
      if (table.size() >= tableLimit) {
        table.clear();
      }
      table.put(key, new Entry(result, bound, depth));
    }
    return result;
  }

  /** Settings of a {@link Minimax}; every setting has a default. */
  public static final class Builder {
    private int depthLimit = Integer.MAX_VALUE;
    private ToDoubleFunction<State> heuristic = state -> 0;
    private Function<State, ?> transpositionKey;
    private double tolerance = 1e-9;
    private int tableLimit = 1 << 21;

    private Builder() {}

    /** Searches at most this many moves ahead, chance moves included (default: no limit). */
    public Builder depthLimit(int plies) {
      checkArgument(plies >= 1, "depth limit %s is not positive", plies);
      depthLimit = plies;
      return this;
    }

    /** Seat 0's expected return still to come at a state where the depth limit stops the search. */
    public Builder heuristic(ToDoubleFunction<State> heuristic) {
      this.heuristic = requireNonNull(heuristic);
      return this;
    }

    /**
     * Turns on the transposition table, keyed by this function of a state. States with equal keys
     * must have equal futures: the same moves and the same rewards to come. Default: no table.
     */
    public Builder transpositionKey(Function<State, ?> key) {
      this.transpositionKey = requireNonNull(key);
      return this;
    }

    /** Values this close count as equal when collecting the optimal moves (default 1e-9). */
    public Builder tolerance(double tolerance) {
      checkArgument(tolerance >= 0, "negative tolerance %s", tolerance);
      this.tolerance = tolerance;
      return this;
    }

    /** The table is emptied when it reaches this many entries (default 2^21). */
    public Builder tableLimit(int entries) {
      checkArgument(entries >= 1, "table limit %s is not positive", entries);
      this.tableLimit = entries;
      return this;
    }

    public Minimax build() {
      return new Minimax(this);
    }
  }
}
