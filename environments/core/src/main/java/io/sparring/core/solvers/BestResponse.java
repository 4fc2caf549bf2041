package io.sparring.core.solvers;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.core.game.Game;
import io.sparring.core.game.Policy;
import java.util.Arrays;

/**
 * Exact best responses to a fixed policy, and the NashConv and exploitability built on them, for
 * games small enough for a {@link GameTree}. The policy gives every seat's play; one seat at a time
 * replaces its own play with the best response to the others'.
 *
 * <p>The best response of seat i picks, in each of its information sets I, the action a that
 * maximises the sum over the states h in I of (the others' and chance's probability of reaching h)
 * times (i's value after h·a, playing the best response below). Perfect recall makes the
 * information sets below h·a depend only on what comes after, so a memoised recursion works.
 */
public final class BestResponse {
  private final GameTree tree;
  private final int responder;
  private final double[] edge;
  private final double[] reach;
  private final double[] value;
  private final int[] choice;

  private BestResponse(GameTree tree, double[] policyTable, int responder) {
    this.tree = tree;
    this.responder = responder;
    this.edge = tree.edgeProbabilities(policyTable);
    this.reach = new double[tree.size];
    this.value = new double[tree.size];
    this.choice = new int[tree.infoSets];
    Arrays.fill(value, Double.NaN);
    Arrays.fill(choice, -1);
    // Parents come before their children, so one forward pass spreads the reach probabilities.
    reach[0] = 1;
    for (int node = 0; node < tree.size; node++) {
      boolean own = tree.player[node] == responder;
      for (int c = 0; c < tree.childCount[node]; c++) {
        int child = tree.firstChild[node] + c;
        reach[child] = own ? reach[node] : reach[node] * edge[child];
      }
    }
  }

  /** Each seat's expected return when every seat plays the policy. */
  public static double[] expectedReturns(Game game, Policy policy) {
    return expectedReturns(GameTree.build(game), policy);
  }

  public static double[] expectedReturns(GameTree tree, Policy policy) {
    return expectedReturns(tree, tree.policyTable(policy));
  }

  static double[] expectedReturns(GameTree tree, double[] policyTable) {
    double[] edge = tree.edgeProbabilities(policyTable);
    int n = tree.players;
    double[] values = new double[tree.size * n];
    // Children have larger ids than their parents: a backward pass sees children first.
    for (int node = tree.size - 1; node >= 0; node--) {
      if (tree.player[node] == GameTree.TERMINAL) {
        System.arraycopy(tree.returns, node * n, values, node * n, n);
        continue;
      }
      for (int c = 0; c < tree.childCount[node]; c++) {
        int child = tree.firstChild[node] + c;
        for (int p = 0; p < n; p++) {
          values[node * n + p] += edge[child] * values[child * n + p];
        }
      }
    }
    return Arrays.copyOf(values, n);
  }

  /** The expected return of {@code player} playing a best response to the others' policy. */
  public static double value(GameTree tree, Policy policy, int player) {
    checkPlayer(tree, player);
    return new BestResponse(tree, tree.policyTable(policy), player).valueOf(0);
  }

  /** A best response of {@code player} to the others' policy, deterministic, as a table. */
  public static TabularPolicy policy(GameTree tree, Policy policy, int player) {
    checkPlayer(tree, player);
    double[] table = tree.policyTable(policy);
    BestResponse response = new BestResponse(tree, table, player);
    for (int set = 0; set < tree.infoSets; set++) {
      if (tree.infoSetPlayer[set] == player) {
        int offset = tree.infoSetOffset[set];
        Arrays.fill(table, offset, offset + tree.infoSetActions[set].length, 0);
        table[offset + response.bestChoice(set)] = 1;
      }
    }
    return TabularPolicy.fromTable(tree, table);
  }

  /** Sum over seats of (best-response value − policy value); 0 exactly at a Nash equilibrium. */
  public static double nashConv(Game game, Policy policy) {
    return nashConv(GameTree.build(game), policy);
  }

  public static double nashConv(GameTree tree, Policy policy) {
    return nashConv(tree, tree.policyTable(policy));
  }

  static double nashConv(GameTree tree, double[] policyTable) {
    double[] onPolicy = expectedReturns(tree, policyTable);
    double sum = 0;
    for (int p = 0; p < tree.players; p++) {
      sum += new BestResponse(tree, policyTable, p).valueOf(0) - onPolicy[p];
    }
    return sum;
  }

  /** {@link #nashConv} divided by the number of players. */
  public static double exploitability(Game game, Policy policy) {
    return exploitability(GameTree.build(game), policy);
  }

  public static double exploitability(GameTree tree, Policy policy) {
    return nashConv(tree, policy) / tree.players;
  }

  private static void checkPlayer(GameTree tree, int player) {
    checkArgument(player >= 0 && player < tree.players, "no seat %s in %s", player,
        tree.game.spec());
  }

  private double valueOf(int node) {
    if (!Double.isNaN(value[node])) {
      return value[node];
    }
    int mover = tree.player[node];
    double v = 0;
    if (mover == GameTree.TERMINAL) {
      v = tree.returns[node * tree.players + responder];
    } else if (mover == responder) {
      v = valueOf(tree.firstChild[node] + bestChoice(tree.infoSet[node]));
    } else {
      for (int c = 0; c < tree.childCount[node]; c++) {
        int child = tree.firstChild[node] + c;
        if (edge[child] > 0) {
          v += edge[child] * valueOf(child);
        }
      }
    }
    value[node] = v;
    return v;
  }

  /** The index of the best action in an information set of the responder. */
  private int bestChoice(int set) {
    if (choice[set] >= 0) {
      return choice[set];
    }
    int[] nodes = tree.infoSetNodes[set];
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < tree.infoSetActions[set].length; a++) {
      double sum = 0;
      for (int node : nodes) {
        if (reach[node] > 0) {
          sum += reach[node] * valueOf(tree.firstChild[node] + a);
        }
      }
      if (sum > bestValue) {
        bestValue = sum;
        best = a;
      }
    }
    choice[set] = best;
    return best;
  }
}
