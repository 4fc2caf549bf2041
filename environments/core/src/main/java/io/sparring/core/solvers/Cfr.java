package io.sparring.core.solvers;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.core.game.Game;
import java.util.Locale;

/**
 * Tabular counterfactual regret minimisation over a {@link GameTree}: vanilla CFR (Zinkevich et al.
 * 2007) and CFR+ (Tammelin 2014). Each iteration walks the whole tree; the average of the
 * iterations' strategies converges to a Nash equilibrium in two-player zero-sum games. With more
 * players the iterations still run, but the average carries no equilibrium guarantee.
 *
 * <ul>
 *   <li>Vanilla: regret matching on the summed regrets, a uniform average, and either simultaneous
 *       updates (every seat's regrets from the same strategies) or alternating ones (seat 0, then
 *       seat 1 against seat 0's new strategy, ...).
 *   <li>CFR+: regret matching+ (summed regrets floored at 0 after every update), alternating
 *       updates, and the average weighted by the iteration number (linear averaging).
 * </ul>
 *
 * <p>A solver is mutable and not thread-safe: call {@link #iterate} and read the policies.
 */
public final class Cfr {
  /** How the seats' regrets are updated within an iteration. */
  public enum Updates {
    SIMULTANEOUS,
    ALTERNATING
  }

  private final GameTree tree;
  private final boolean plus;
  private final Updates updates;
  private final double[] regret;
  private final double[] strategy;
  private final double[] strategySum;
  private int iterations;

  private Cfr(GameTree tree, boolean plus, Updates updates) {
    this.tree = tree;
    this.plus = plus;
    this.updates = updates;
    regret = new double[tree.actionSlots];
    strategy = new double[tree.actionSlots];
    strategySum = new double[tree.actionSlots];
  }

  /** Vanilla CFR with alternating updates. */
  public static Cfr vanilla(Game game) {
    return vanilla(GameTree.build(game), Updates.ALTERNATING);
  }

  public static Cfr vanilla(GameTree tree, Updates updates) {
    return new Cfr(tree, false, updates);
  }

  /** CFR+: regret matching+, alternating updates, linear averaging. */
  public static Cfr plus(Game game) {
    return plus(GameTree.build(game));
  }

  public static Cfr plus(GameTree tree) {
    return new Cfr(tree, true, Updates.ALTERNATING);
  }

  public GameTree tree() {
    return tree;
  }

  /** The iterations run so far. */
  public int iterations() {
    return iterations;
  }

  /** Runs {@code count} more iterations. */
  public void iterate(int count) {
    checkArgument(count >= 0, "negative iteration count %s", count);
    for (int i = 0; i < count; i++) {
      iterations++;
      if (updates == Updates.SIMULTANEOUS) {
        updateStrategy();
        for (int p = 0; p < tree.players; p++) {
          walk(0, p, 1, 1);
        }
      } else {
        for (int p = 0; p < tree.players; p++) {
          updateStrategy();
          walk(0, p, 1, 1);
          if (plus) {
            floorRegrets(p);
          }
        }
      }
    }
  }

  /** The average strategy of the iterations: what converges to an equilibrium. */
  public TabularPolicy averagePolicy() {
    double[] table = new double[tree.actionSlots];
    for (int set = 0; set < tree.infoSets; set++) {
      normalise(strategySum, table, tree.infoSetOffset[set], tree.infoSetActions[set].length);
    }
    return TabularPolicy.fromTable(tree, table);
  }

  /** The strategy the next iteration would play, by regret matching. */
  public TabularPolicy currentPolicy() {
    updateStrategy();
    return TabularPolicy.fromTable(tree, strategy.clone());
  }

  /** The NashConv of the average policy. */
  public double nashConv() {
    return BestResponse.nashConv(tree, averagePolicy());
  }

  /** The exploitability (NashConv per player) of the average policy. */
  public double exploitability() {
    return nashConv() / tree.players;
  }

  private void updateStrategy() {
    for (int set = 0; set < tree.infoSets; set++) {
      int offset = tree.infoSetOffset[set];
      int count = tree.infoSetActions[set].length;
      double positive = 0;
      for (int a = offset; a < offset + count; a++) {
        positive += Math.max(regret[a], 0);
      }
      for (int a = offset; a < offset + count; a++) {
        strategy[a] = positive > 0 ? Math.max(regret[a], 0) / positive : 1.0 / count;
      }
    }
  }

  /** Regret matching+: after an update, summed regrets below 0 count as 0. */
  private void floorRegrets(int player) {
    for (int set = 0; set < tree.infoSets; set++) {
      if (tree.infoSetPlayer[set] == player) {
        int offset = tree.infoSetOffset[set];
        for (int a = offset; a < offset + tree.infoSetActions[set].length; a++) {
          regret[a] = Math.max(regret[a], 0);
        }
      }
    }
  }

  /** Copies the normalised {@code from[offset..offset+count)} into {@code to}; uniform if all 0. */
  private static void normalise(double[] from, double[] to, int offset, int count) {
    double sum = 0;
    for (int a = offset; a < offset + count; a++) {
      sum += from[a];
    }
    for (int a = offset; a < offset + count; a++) {
      to[a] = sum > 0 ? from[a] / sum : 1.0 / count;
    }
  }

  /**
   * Returns the expected value for {@code updating} at {@code node} under the current strategies,
   * adding its counterfactual regrets and its average-strategy contributions on the way.
   *
   * @param ownReach the updating seat's own probability of reaching the node
   * @param othersReach chance's and the other seats' probability of reaching it
   */
  private double walk(int node, int updating, double ownReach, double othersReach) {
    int mover = tree.player[node];
    int first = tree.firstChild[node];
    int count = tree.childCount[node];
    if (mover == GameTree.TERMINAL) {
      return tree.returns[node * tree.players + updating];
    }
    if (mover < 0) { // chance
      double v = 0;
      for (int c = first; c < first + count; c++) {
        double p = tree.chanceProbability[c];
        v += p * walk(c, updating, ownReach, othersReach * p);
      }
      return v;
    }
    int offset = tree.infoSetOffset[tree.infoSet[node]];
    if (mover != updating) {
      double v = 0;
      for (int a = 0; a < count; a++) {
        double p = strategy[offset + a];
        // Below a zero-probability action nothing changes unless the updating seat can still get
        // there: its average strategy counts its own reach in every state it visits.
        if (p > 0 || ownReach > 0) {
          v += p * walk(first + a, updating, ownReach, othersReach * p);
        }
      }
      return v;
    }
    double[] childValues = new double[count];
    double v = 0;
    for (int a = 0; a < count; a++) {
      double p = strategy[offset + a];
      childValues[a] = walk(first + a, updating, ownReach * p, othersReach);
      v += p * childValues[a];
    }
    double weight = plus ? iterations : 1;
    for (int a = 0; a < count; a++) {
      regret[offset + a] += othersReach * (childValues[a] - v);
      strategySum[offset + a] += weight * ownReach * strategy[offset + a];
    }
    return v;
  }

  @Override
  public String toString() {
    return (plus ? "CFR+" : "CFR (" + updates.toString().toLowerCase(Locale.ROOT) + ")")
        + " on " + tree.game.spec() + " after " + iterations + " iterations";
  }
}
