package io.sparring.agents.mcts;

import io.sparring.agents.Decision;
import io.sparring.agents.SeatView;
import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** One UCT search from a seat's view. */
final class Search {
  private final SeatView view;
  private final int simulations;
  private final double exploration;
  private final SplittableRandom random;
  private final Game game;
  private final double minUtility;
  private final double utilityRange;

  /**
   * MCTS-Solver: in deterministic sequential perfect-information games, exact values found at
   * terminal states are propagated up the tree, so proven wins are taken and proven losses
   * avoided, which random rollouts alone misjudge.
   */
  private final boolean solve;

  Search(SeatView view, int simulations, double exploration, SplittableRandom random) {
    this.view = view;
    this.simulations = simulations;
    this.exploration = exploration;
    this.random = random;
    this.game = view.game();
    this.minUtility = game.minUtility();
    this.utilityRange = Math.max(1e-9, game.maxUtility() - game.minUtility());
    GameType type = game.type();
    this.solve = type.information() == GameType.Information.PERFECT
        && type.chanceMode() == GameType.ChanceMode.DETERMINISTIC
        && type.dynamics() == GameType.Dynamics.SEQUENTIAL;
  }

  /** Action statistics of one acting seat at a node. */
  private static final class Stats {
    final Map<Integer, double[]> byAction = new HashMap<>(); // action -> {visits, total return}
    int visits;
  }

  private static final class Node {
    final Map<Long, Node> children = new HashMap<>();
    final Map<Integer, Stats> statsBySeat = new HashMap<>();
    /** The exact returns below this node once proven (solver mode), else null. */
    double[] proven;
    /** The one seat to move here, and how many actions it has (solver mode). */
    int mover = -1;
    int legalCount;
  }

  /** A step on the path: the node, and the action each acting seat chose there. */
  private record Visit(Node node, int[] seats, int[] actions) {}

  Decision run() {
    Node root = new Node();
    int seat = view.seat();
    for (int i = 0; i < simulations; i++) {
      simulate(root, view.worlds().sample(random));
    }
    Stats stats = root.statsBySeat.get(seat);
    List<Integer> candidates = new ArrayList<>();
    for (int action : view.observation().legalActions()) {
      Node child = root.children.get((long) action);
      if (child != null && child.proven != null && child.proven[seat] >= game.maxUtility()) {
        candidates = List.of(action); // a proven win
        break;
      }
      if (child == null || child.proven == null || child.proven[seat] > minUtility) {
        candidates.add(action); // not a proven loss
      }
    }
    if (candidates.isEmpty()) {
      candidates = view.observation().legalActions(); // every move loses: pick by visits
    }
    int best = -1;
    double bestVisits = -1;
    for (int action : candidates) {
      double[] s = stats == null ? null : stats.byAction.get(action);
      double visits = s == null ? 0 : s[0];
      if (visits > bestVisits || visits == bestVisits && random.nextBoolean()) {
        best = action;
        bestVisits = visits;
      }
    }
    double[] chosen = stats == null ? null : stats.byAction.get(best);
    String trace = String.format(Locale.ROOT, "mcts: %d simulations; chose %s, visited %.0f times, mean return %.3f",
        simulations, name(best), bestVisits, chosen == null ? 0 : chosen[1] / Math.max(1, chosen[0]));
    return Decision.action(best).withText(trace);
  }

  private String name(int action) {
    int index = view.observation().legalActions().indexOf(action);
    return index < 0 ? String.valueOf(action) : view.observation().legalActionNames().get(index);
  }

  private void simulate(Node root, State world) {
    List<Visit> path = new ArrayList<>();
    Node node = root;
    boolean expanded = false;
    while (!world.isTerminal() && !expanded) {
      if (world.isChanceNode()) {
        int outcome = ChanceOutcome.sample(world.chanceOutcomes(), random);
        world.apply(outcome);
        node = node.children.computeIfAbsent(-1L - outcome, k -> new Node());
        continue;
      }
      List<Integer> actors = world.actingPlayers();
      int[] seats = new int[actors.size()];
      int[] actions = new int[actors.size()];
      long key = 0;
      for (int i = 0; i < seats.length; i++) {
        seats[i] = actors.get(i);
        List<Integer> legal = world.legalActions(seats[i]);
        if (solve) {
          node.mover = seats[i];
          node.legalCount = legal.size();
        }
        actions[i] = select(node, seats[i], legal);
        key = key * (game.numDistinctActions() + 1L) + actions[i];
      }
      if (seats.length == 1) {
        world.apply(actions[0]);
      } else {
        List<Integer> joint = new ArrayList<>(seats.length);
        for (int a : actions) {
          joint.add(a);
        }
        world.applyJoint(joint);
      }
      path.add(new Visit(node, seats, actions));
      Node child = node.children.get(key);
      if (child == null) {
        child = new Node();
        node.children.put(key, child);
        expanded = true;
      }
      if (solve && world.isTerminal()) {
        child.proven = world.returns();
      }
      node = child;
    }
    double[] returns = node.proven != null ? node.proven : rollout(world);
    for (Visit visit : path.reversed()) {
      if (solve) {
        prove(visit.node());
      }
      for (int i = 0; i < visit.seats().length; i++) {
        Stats stats = visit.node().statsBySeat.computeIfAbsent(visit.seats()[i], s -> new Stats());
        double[] s = stats.byAction.computeIfAbsent(visit.actions()[i], a -> new double[2]);
        s[0]++;
        s[1] += returns[visit.seats()[i]];
        stats.visits++;
      }
    }
  }

  /** Marks a node proven when its mover can reach a proven best, or all its moves are proven. */
  private void prove(Node node) {
    if (node.proven != null || node.mover < 0) {
      return;
    }
    double[] best = null;
    int provenChildren = 0;
    for (Node child : node.children.values()) {
      if (child.proven != null) {
        provenChildren++;
        if (best == null || child.proven[node.mover] > best[node.mover]) {
          best = child.proven;
        }
      }
    }
    if (best != null && (best[node.mover] >= game.maxUtility() || provenChildren == node.legalCount)) {
      node.proven = best;
    }
  }

  /** UCB1 over the legal actions; actions never tried come first, in random order. */
  private int select(Node node, int seat, List<Integer> legal) {
    if (solve) {
      for (int action : legal) {
        Node child = node.children.get((long) action);
        if (child != null && child.proven != null && child.proven[seat] >= game.maxUtility()) {
          return action;
        }
      }
    }
    Stats stats = node.statsBySeat.get(seat);
    List<Integer> untried = new ArrayList<>();
    for (int action : legal) {
      if (stats == null || !stats.byAction.containsKey(action)) {
        untried.add(action);
      }
    }
    if (!untried.isEmpty()) {
      return untried.get(random.nextInt(untried.size()));
    }
    double logTotal = Math.log(stats.visits);
    int best = legal.getFirst();
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int action : legal) {
      double[] s = stats.byAction.get(action);
      Node child = solve ? node.children.get((long) action) : null;
      double value = child != null && child.proven != null ? child.proven[seat] : s[1] / s[0];
      double mean = (value - minUtility) / utilityRange;
      double score = mean + exploration * Math.sqrt(logTotal / s[0]);
      if (score > bestScore) {
        best = action;
        bestScore = score;
      }
    }
    return best;
  }

  private double[] rollout(State world) {
    while (!world.isTerminal()) {
      if (world.isChanceNode()) {
        world.apply(ChanceOutcome.sample(world.chanceOutcomes(), random));
      } else if (world.isSimultaneousNode()) {
        List<Integer> joint = new ArrayList<>();
        for (int seat : world.actingPlayers()) {
          List<Integer> legal = world.legalActions(seat);
          joint.add(legal.get(random.nextInt(legal.size())));
        }
        world.applyJoint(joint);
      } else {
        List<Integer> legal = world.legalActions();
        world.apply(legal.get(random.nextInt(legal.size())));
      }
    }
    return world.returns();
  }
}
