package io.sparring.league.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What differs between two configs of one league, so that {@code league resume} can refuse an
 * edited config.yaml unless only keys that leave what was played and learnt intact changed.
 */
public final class ConfigChanges {
  // The keys a resume may change: how long the run goes on, how often it evaluates and reports,
  // and how many threads and matches in flight play it. Every other key changes the league itself.
  public static final List<String> SAFE = List.of(
      "matches", "evaluation.every", "threads", "concurrent_matches", "report.standings_seconds");
  private static final YAMLMapper YAML = new YAMLMapper();

  private ConfigChanges() {}

  /**
   * The dotted snake_case paths of the keys whose values differ, in the order config.yaml lists
   * them: {@code seed}, {@code players.0.learner}, {@code evaluation.every}; a list whose length
   * changed is one key ({@code baselines}).
   */
  public static List<String> changedKeys(LeagueConfig before, LeagueConfig after) {
    // Compared as the YAML the run saves, so a new config key is covered without a change here.
    List<String> changed = new ArrayList<>();
    diff("", tree(before), tree(after), changed);
    return List.copyOf(changed);
  }

  /** Those of the changed keys that a resume must refuse. */
  public static List<String> unsafe(List<String> changed) {
    return changed.stream().filter(key -> !SAFE.contains(key)).toList();
  }

  private static JsonNode tree(LeagueConfig config) {
    try {
      return YAML.readTree(ConfigLoader.toYaml(config));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void diff(String path, JsonNode before, JsonNode after, List<String> changed) {
    if (before.isObject() && after.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      before.fieldNames().forEachRemaining(names::add);
      after.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(path.isEmpty() ? name : path + "." + name, orMissing(before.get(name)), orMissing(after.get(name)),
            changed);
      }
    } else if (before.isArray() && after.isArray() && before.size() == after.size()) {
      for (int i = 0; i < before.size(); i++) {
        diff(path + "." + i, before.get(i), after.get(i), changed);
      }
    } else if (!before.equals(after)) {
      changed.add(path);
    }
  }

  private static JsonNode orMissing(JsonNode node) {
    return node == null ? MissingNode.getInstance() : node;
  }
}
