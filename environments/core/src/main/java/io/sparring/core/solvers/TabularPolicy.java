package io.sparring.core.solvers;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.core.game.Policy;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy given as a table: for each seat, information-state key to action probabilities. At an
 * information state the table does not hold, every legal action is equally likely.
 */
public final class TabularPolicy implements Policy {
  private final List<Map<String, Map<Integer, Double>>> tables;

  /**
   * @param tables one map per seat, from {@link State#informationStateKey} to the probability of
   *     each action; actions left out have probability 0
   */
  public TabularPolicy(List<Map<String, Map<Integer, Double>>> tables) {
    List<Map<String, Map<Integer, Double>>> copies = new ArrayList<>();
    for (Map<String, Map<Integer, Double>> table : tables) {
      Map<String, Map<Integer, Double>> copy = new LinkedHashMap<>();
      table.forEach((key, probabilities) -> {
        double sum = 0;
        for (double p : probabilities.values()) {
          checkArgument(p >= 0, "negative probability at '%s': %s", key, probabilities);
          sum += p;
        }
        checkArgument(Math.abs(sum - 1) < 1e-6, "probabilities at '%s' sum to %s", key, sum);
        copy.put(key, Collections.unmodifiableMap(new LinkedHashMap<>(probabilities)));
      });
      copies.add(Collections.unmodifiableMap(copy));
    }
    this.tables = List.copyOf(copies);
  }

  @Override
  public Map<Integer, Double> actionProbabilities(State state, int player) {
    return probabilities(player, state.informationStateKey(player))
        .orElseGet(() -> Policy.uniform().actionProbabilities(state, player));
  }

  /** The probabilities the table holds for a seat's information state, if any. */
  public Optional<Map<Integer, Double>> probabilities(int player, String key) {
    return player < tables.size() ? Optional.ofNullable(tables.get(player).get(key))
        : Optional.empty();
  }

  /** The table of one seat, unmodifiable. */
  public Map<String, Map<Integer, Double>> table(int player) {
    return player < tables.size() ? tables.get(player) : Map.of();
  }

  /** How many information states the table holds, all seats together. */
  public int size() {
    return tables.stream().mapToInt(Map::size).sum();
  }

  /** The policy of a tree's information sets, from flat probabilities at its offsets. */
  static TabularPolicy fromTable(GameTree tree, double[] table) {
    List<Map<String, Map<Integer, Double>>> tables = new ArrayList<>();
    for (int p = 0; p < tree.players; p++) {
      tables.add(new LinkedHashMap<>());
    }
    for (int set = 0; set < tree.infoSets; set++) {
      Map<Integer, Double> probabilities = new LinkedHashMap<>();
      int[] actions = tree.infoSetActions[set];
      for (int a = 0; a < actions.length; a++) {
        probabilities.put(actions[a], table[tree.infoSetOffset[set] + a]);
      }
      tables.get(tree.infoSetPlayer[set]).put(tree.infoSetKey[set], probabilities);
    }
    return new TabularPolicy(tables);
  }
}
