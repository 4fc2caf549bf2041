package io.sparring.core.solvers;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Policy;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole tree of a small sequential game, walked once through the game API and kept in flat
 * arrays, so that solvers iterate over integers instead of states. Node 0 is the root; the children
 * of a node have consecutive ids, all larger than their parent's. Decision nodes are grouped into
 * information sets by {@link State#informationStateKey} of the player to move.
 */
public final class GameTree {
  /** {@link #player} of a terminal node. */
  static final int TERMINAL = State.TERMINAL;

  /** The default limit on the number of nodes {@link #build(Game)} accepts. */
  public static final int DEFAULT_MAX_NODES = 20_000_000;

  final Game game;
  final int players;
  final int size;
  /** The seat to move, {@link State#CHANCE} or {@link #TERMINAL}. */
  final int[] player;
  final int[] firstChild;
  final int[] childCount;
  /** The action that leads from the parent to this node. */
  final int[] action;
  /** The chance probability of the edge into this node; 0 below decision nodes. */
  final double[] chanceProbability;
  /** The information set of a decision node; -1 elsewhere. */
  final int[] infoSet;
  /** Each node's returns so far, {@code returns[node * players + seat]}. */
  final double[] returns;

  // Information sets: the acting seat, the key, the legal actions (in child order), its nodes.
  final int infoSets;
  final int[] infoSetPlayer;
  final String[] infoSetKey;
  final int[][] infoSetActions;
  final int[][] infoSetNodes;
  /** A serialized state of each information set, to ask policies that need a {@link State}. */
  final String[] infoSetState;
  /** Where an information set's actions start in flat per-action arrays. */
  final int[] infoSetOffset;
  final int actionSlots;

  private GameTree(Builder b) {
    game = b.game;
    players = game.numPlayers();
    size = b.size;
    player = Arrays.copyOf(b.player, size);
    firstChild = Arrays.copyOf(b.firstChild, size);
    childCount = Arrays.copyOf(b.childCount, size);
    action = Arrays.copyOf(b.action, size);
    chanceProbability = Arrays.copyOf(b.chanceProbability, size);
    infoSet = Arrays.copyOf(b.infoSet, size);
    returns = Arrays.copyOf(b.returns, size * players);
    infoSets = b.keys.size();
    infoSetPlayer = new int[infoSets];
    infoSetKey = new String[infoSets];
    infoSetActions = new int[infoSets][];
    infoSetState = b.representatives.toArray(String[]::new);
    infoSetOffset = new int[infoSets];
    int[] counts = new int[infoSets];
    for (int node = 0; node < size; node++) {
      if (infoSet[node] >= 0) {
        counts[infoSet[node]]++;
      }
    }
    infoSetNodes = new int[infoSets][];
    int offset = 0;
    for (int i = 0; i < infoSets; i++) {
      infoSetPlayer[i] = b.keys.get(i).player();
      infoSetKey[i] = b.keys.get(i).key();
      infoSetActions[i] = b.actions.get(i);
      infoSetOffset[i] = offset;
      offset += infoSetActions[i].length;
      infoSetNodes[i] = new int[counts[i]];
      counts[i] = 0;
    }
    actionSlots = offset;
    for (int node = 0; node < size; node++) {
      int set = infoSet[node];
      if (set >= 0) {
        infoSetNodes[set][counts[set]++] = node;
      }
    }
  }

  /** Walks the whole game; fails if it has more than {@link #DEFAULT_MAX_NODES} nodes. */
  public static GameTree build(Game game) {
    return build(game, DEFAULT_MAX_NODES);
  }

  /**
   * Walks the whole game from {@code game.newInitialState(0)}.
   *
   * @throws IllegalArgumentException for simultaneous-move games, games larger than {@code
   *     maxNodes}, or information sets whose states have different legal actions
   */
  public static GameTree build(Game game, int maxNodes) {
    checkArgument(
        game.type().dynamics() == GameType.Dynamics.SEQUENTIAL,
        "%s has simultaneous moves; the game tree needs one mover per node",
        game.spec());
    Builder builder = new Builder(game, maxNodes);
    State root = game.newInitialState(0);
    builder.reserve(1);
    builder.fill(0, root, -1, 0);
    builder.expand(0, root);
    return new GameTree(builder);
  }

  public Game game() {
    return game;
  }

  public int numNodes() {
    return size;
  }

  public int numInfoSets() {
    return infoSets;
  }

  /** The seat that acts in an information set. */
  public int infoSetPlayer(int infoSet) {
    return infoSetPlayer[infoSet];
  }

  /** The {@link State#informationStateKey} of an information set. */
  public String infoSetKey(int infoSet) {
    return infoSetKey[infoSet];
  }

  /** The legal actions of an information set, sorted. */
  public List<Integer> infoSetActions(int infoSet) {
    return Arrays.stream(infoSetActions[infoSet]).boxed().toList();
  }

  /**
   * Each information set's action probabilities under a policy, flat at {@link #infoSetOffset}. A
   * {@link TabularPolicy} is read by key; any other policy is asked once per information set, on
   * one of its states.
   */
  double[] policyTable(Policy policy) {
    double[] table = new double[actionSlots];
    for (int set = 0; set < infoSets; set++) {
      int[] actions = infoSetActions[set];
      Map<Integer, Double> probabilities =
          policy instanceof TabularPolicy tabular
              ? tabular.probabilities(infoSetPlayer[set], infoSetKey[set]).orElse(null)
              : policy.actionProbabilities(
                  game.deserializeState(infoSetState[set]), infoSetPlayer[set]);
      double sum = 0;
      for (int a = 0; a < actions.length; a++) {
        double p = probabilities == null ? 1.0 / actions.length
            : probabilities.getOrDefault(actions[a], 0.0);
        checkArgument(p >= 0, "negative probability %s of action %s at '%s'", p, actions[a],
            infoSetKey[set]);
        table[infoSetOffset[set] + a] = p;
        sum += p;
      }
      checkArgument(Math.abs(sum - 1) < 1e-6,
          "the policy's probabilities at '%s' sum to %s over the legal actions %s",
          infoSetKey[set], sum, Arrays.toString(actions));
    }
    return table;
  }

  /** The probability of every edge: chance probabilities, and a policy's at decision nodes. */
  double[] edgeProbabilities(double[] policyTable) {
    double[] probability = chanceProbability.clone();
    for (int node = 0; node < size; node++) {
      int set = infoSet[node];
      if (set >= 0) {
        for (int c = 0; c < childCount[node]; c++) {
          probability[firstChild[node] + c] = policyTable[infoSetOffset[set] + c];
        }
      }
    }
    return probability;
  }

  private record Seat(int player, String key) {}

  /** Growable arrays, filled depth first; children get consecutive ids before they are expanded. */
  private static final class Builder {
    final Game game;
    final int maxNodes;
    final int players;
    int size;
    int[] player = new int[1024];
    int[] firstChild = new int[1024];
    int[] childCount = new int[1024];
    int[] action = new int[1024];
    double[] chanceProbability = new double[1024];
    int[] infoSet = new int[1024];
    double[] returns;
    final Map<Seat, Integer> ids = new HashMap<>();
    final List<Seat> keys = new ArrayList<>();
    final List<int[]> actions = new ArrayList<>();
    final List<String> representatives = new ArrayList<>();

    Builder(Game game, int maxNodes) {
      this.game = game;
      this.maxNodes = maxNodes;
      this.players = game.numPlayers();
      this.returns = new double[1024 * players];
    }

    int reserve(int count) {
      if (size + count > maxNodes) {
        throw new IllegalArgumentException(
            "%s has more than %d nodes; too large for a tabular tree"
                .formatted(game.spec(), maxNodes));
      }
      int first = size;
      size += count;
      if (size > player.length) {
        int capacity = Math.max(size, player.length * 2);
        player = Arrays.copyOf(player, capacity);
        firstChild = Arrays.copyOf(firstChild, capacity);
        childCount = Arrays.copyOf(childCount, capacity);
        action = Arrays.copyOf(action, capacity);
        chanceProbability = Arrays.copyOf(chanceProbability, capacity);
        infoSet = Arrays.copyOf(infoSet, capacity);
        returns = Arrays.copyOf(returns, capacity * players);
      }
      return first;
    }

    void fill(int node, State state, int actionIn, double probabilityIn) {
      int mover = state.currentPlayer();
      checkArgument(mover != State.SIMULTANEOUS, "simultaneous node in %s", game.spec());
      player[node] = mover;
      action[node] = actionIn;
      chanceProbability[node] = probabilityIn;
      infoSet[node] = mover >= 0 ? infoSetOf(state, mover) : -1;
      System.arraycopy(state.returns(), 0, returns, node * players, players);
    }

    private int infoSetOf(State state, int mover) {
      Seat seat = new Seat(mover, state.informationStateKey(mover));
      int[] legal = state.legalActions(mover).stream().mapToInt(Integer::intValue).toArray();
      Integer id = ids.get(seat);
      if (id == null) {
        id = keys.size();
        ids.put(seat, id);
        keys.add(seat);
        actions.add(legal);
        representatives.add(state.serialize());
      } else if (!Arrays.equals(actions.get(id), legal)) {
        throw new IllegalArgumentException(
            "information set '%s' of seat %d has legal actions %s in one state and %s in another"
                .formatted(seat.key(), mover, Arrays.toString(actions.get(id)),
                    Arrays.toString(legal)));
      }
      return id;
    }

    void expand(int node, State state) {
      if (state.isTerminal()) {
        return;
      }
      List<Integer> moves;
      double[] probabilities;
      if (state.isChanceNode()) {
        List<ChanceOutcome> outcomes = state.chanceOutcomes();
        moves = outcomes.stream().map(ChanceOutcome::action).toList();
        probabilities = outcomes.stream().mapToDouble(ChanceOutcome::probability).toArray();
      } else {
        moves = state.legalActions();
        probabilities = new double[moves.size()];
      }
      int first = reserve(moves.size());
      firstChild[node] = first;
      childCount[node] = moves.size();
      for (int c = 0; c < moves.size(); c++) {
        // The last child may reuse this state: nothing reads it afterwards.
        State child = c == moves.size() - 1 ? state : state.copy();
        child.apply(moves.get(c));
        fill(first + c, child, moves.get(c), probabilities[c]);
        expand(first + c, child);
      }
    }
  }
}
