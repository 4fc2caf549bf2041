package io.sparring.league.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sparring.agents.Agents;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.league.matchmaking.Matchmakers;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.training.Learners;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads league configs: the embedded default, a user's YAML deep-merged over it (maps merge, lists
 * replace), then {@code --set path=value} overrides; binds with unknown keys rejected, and checks
 * every value. Every error names the path of the key at fault.
 *
 * <p>A multi-game run: the top-level {@code games} list holds one entry per game, each merged over
 * the other top-level keys in turn, giving one league config per game. The embedded default is
 * such a run; a config that names a {@code game} and no {@code games} is a run of that one game.
 */
public final class ConfigLoader {
  private static final String DEFAULT = "default-league.yaml";
  // Enums (advantage.group_key) are written and read in lower case, as the YAML spells them.
  private static final ObjectMapper YAML = YAMLMapper.builder(
      YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
      .build();

  /**
   * The ranges of the whole-number keys, by path without list indices: checked after binding, and
   * named when a value does not even fit its key's type.
   */
  private static final Map<String, Range> RANGES = Map.of(
      "matches", new Range(1, Integer.MAX_VALUE),
      "batch_matches", new Range(1, Integer.MAX_VALUE),
      "group_size", new Range(1, 1_000_000),
      "threads", new Range(0, 1024),
      "concurrent_matches", new Range(0, 65_536),
      "players.snapshot_every", new Range(1, 1_000_000),
      "ratings.bootstrap", new Range(0, 100_000),
      "evaluation.every", new Range(0, 1_000_000),
      "evaluation.minimax_games", new Range(0, 1_000_000));

  private record Range(long min, long max) {}

  private ConfigLoader() {}

  /**
   * The one league the embedded default with these overrides names; an error if it names several
   * games (see {@link #loadAll}).
   */
  public static LeagueConfig load(Path file, List<String> overrides) {
    List<LeagueConfig> configs = loadAll(file, overrides);
    if (configs.size() != 1) {
      throw new ConfigException("games: this config is a run of %d games (%s); name one with game=..."
          .formatted(configs.size(), configs.stream().map(LeagueConfig::game).collect(Collectors.joining(", "))));
    }
    return configs.getFirst();
  }

  /** The league config of every game of the run that the embedded default with these overrides names. */
  public static List<LeagueConfig> loadAll(Path file, List<String> overrides) {
    if (file == null) {
      return loadAll(null, null, overrides);
    }
    try {
      return loadAll(file.toString(), Files.readString(file), overrides);
    } catch (NoSuchFileException e) {
      throw new ConfigException("no config file at %s".formatted(file));
    } catch (AccessDeniedException e) {
      throw new ConfigException("cannot read %s: permission denied".formatted(file));
    } catch (FileSystemException e) { // its message is the path, and the reason where there is one
      throw new ConfigException("cannot read %s: %s".formatted(file,
          e.getReason() != null ? e.getReason() : "file system error"));
    } catch (IOException e) {
      throw new ConfigException("cannot read %s: %s".formatted(file, e.getMessage()));
    }
  }

  /** A league config saved as YAML, e.g. the copy a run's store keeps; {@code source} names it in errors. */
  public static LeagueConfig parse(String yaml, String source) {
    List<LeagueConfig> configs = loadAll(source, yaml, List.of());
    if (configs.size() != 1) {
      throw new ConfigException(source + " holds " + configs.size() + " leagues, not one");
    }
    return configs.getFirst();
  }

  private static List<LeagueConfig> loadAll(String file, String text, List<String> overrides) {
    ObjectNode tree = defaults();
    boolean namesGame = overrides.stream().anyMatch(o -> o.strip().startsWith("game="));
    boolean namesGames = overrides.stream().anyMatch(o -> o.strip().startsWith("games"));
    // List items (players, baselines) take their missing keys from the default's first item.
    Map<String, ObjectNode> itemTemplates = new java.util.LinkedHashMap<>();
    tree.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("games") && f.getValue().isArray() && !f.getValue().isEmpty()
          && f.getValue().get(0).isObject()) {
        itemTemplates.put(f.getKey(), (ObjectNode) f.getValue().get(0));
      }
    });
    if (file != null) {
      JsonNode user;
      try {
        user = YAML.readTree(text);
      } catch (JsonProcessingException e) {
        throw new ConfigException("%s is not valid YAML: %s".formatted(file, e.getOriginalMessage()));
      }
      if (user != null && !user.isNull()) {
        if (!user.isObject()) {
          throw new ConfigException(file + ": the top level must be a map of keys");
        }
        merge(tree, (ObjectNode) user, "");
        namesGame |= user.has("game");
        namesGames |= user.has("games");
      }
    }
    for (String override : overrides) {
      applyOverride(tree, override);
    }
    JsonNode games = tree.remove("games");
    // The top-level keys are checked even where every game's entry overrides them.
    itemTemplates.forEach((key, template) -> completeItems(tree.get(key), key, template));
    LeagueConfig topLevel = bind(tree);
    if (games != null && !games.isArray()) {
      throw new ConfigException("games: must be a list of per-game keys (empty: the run is of game)");
    }
    if (games == null || games.isEmpty() || (namesGame && !namesGames)) {
      return List.of(topLevel);
    }
    List<LeagueConfig> configs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < games.size(); i++) {
      if (!(games.get(i) instanceof ObjectNode entry) || !entry.has("game")) {
        throw new ConfigException("games[%d]: must be a map of keys with at least game".formatted(i));
      }
      ObjectNode one = tree.deepCopy();
      merge(one, entry, "games[" + i + "]");
      if (!seen.add(one.get("game").asText())) {
        throw new ConfigException("games[%d].game: %s is in the run twice".formatted(i, one.get("game").asText()));
      }
      itemTemplates.forEach((key, template) -> completeItems(one.get(key), key, template));
      configs.add(bind(one));
    }
    return List.copyOf(configs);
  }

  private static void completeItems(JsonNode list, String key, ObjectNode template) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof ObjectNode item)) {
        throw new ConfigException("%s[%d]: must be a map of keys".formatted(key, i));
      }
      Iterator<String> names = item.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!template.has(name)) {
          throw unknownKey("%s[%d].%s".formatted(key, i, name), template);
        }
      }
      int index = i;
      template.fields().forEachRemaining(f -> {
        if (!item.has(f.getKey())) {
          if (f.getKey().equals("name")) {
            throw new ConfigException("%s[%d].name: is required".formatted(key, index));
          }
          item.set(f.getKey(), f.getValue().deepCopy());
        }
      });
    }
  }

  /** Reads the effective config a run saved. */
  public static LeagueConfig read(Path file) {
    return load(file, List.of());
  }

  /** The config as YAML, as saved in a run directory and printed by {@code --dry-run}. */
  public static String toYaml(LeagueConfig config) {
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT)) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded default league config is unreadable", e);
    }
  }

  private static void merge(ObjectNode base, ObjectNode user, String path) {
    Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      JsonNode existing = base.get(field.getKey());
      if (existing == null) {
        throw unknownKey(key, base);
      }
      if (existing.isObject() && field.getValue().isObject()) {
        merge((ObjectNode) existing, (ObjectNode) field.getValue(), key);
      } else {
        base.set(field.getKey(), field.getValue());
      }
    }
  }

  /** Applies {@code a.b=v} or {@code players.0.learner=v}; the value is read as YAML. */
  private static void applyOverride(ObjectNode tree, String override) {
    int equals = override.indexOf('=');
    if (equals <= 0) {
      throw new ConfigException("--set takes path=value, e.g. --set batch_matches=200; got '" + override + "'");
    }
    String path = override.substring(0, equals).strip();
    JsonNode value;
    try {
      value = YAML.readTree(override.substring(equals + 1));
    } catch (JsonProcessingException e) {
      throw new ConfigException("--set %s: the value is not valid YAML".formatted(path));
    }
    if (value == null || value.isMissingNode()) {
      value = YAML.getNodeFactory().textNode("");
    }
    String[] parts = path.split("\\.");
    JsonNode node = tree;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      String at = String.join(".", List.of(parts).subList(0, i + 1));
      boolean last = i == parts.length - 1;
      if (node instanceof ObjectNode object) {
        if (!object.has(part)) {
          throw unknownKey(at, object);
        }
        if (last) {
          object.set(part, value);
        } else {
          node = object.get(part);
        }
      } else if (node instanceof ArrayNode array) {
        int index;
        try {
          index = Integer.parseInt(part);
        } catch (NumberFormatException e) {
          throw new ConfigException("--set %s: '%s' is a list; index it by number".formatted(at, part));
        }
        if (index < 0 || index >= array.size()) {
          throw new ConfigException("--set %s: the list has %d entries".formatted(at, array.size()));
        }
        if (last) {
          array.set(index, value);
        } else {
          node = array.get(index);
        }
      } else {
        throw new ConfigException("--set %s: '%s' has no keys below it"
            .formatted(path, String.join(".", List.of(parts).subList(0, i))));
      }
    }
  }

  private static ConfigException unknownKey(String path, JsonNode parent) {
    Set<String> valid = new java.util.TreeSet<>();
    parent.fieldNames().forEachRemaining(valid::add);
    return new ConfigException("%s: unknown key; valid keys here: %s".formatted(path, String.join(", ", valid)));
  }

  private static LeagueConfig bind(ObjectNode tree) {
    checkShape(tree, LeagueConfig.class, "");
    LeagueConfig config;
    try {
      config = YAML.treeToValue(tree, LeagueConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException("%s: unknown key; valid keys here: %s".formatted(path(e),
          e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "))));
    } catch (ValueInstantiationException e) { // a record's own check, e.g. advantage.gamma
      throw new ConfigException("%s: %s".formatted(path(e), e.getCause().getMessage()));
    } catch (MismatchedInputException e) { // checkShape refuses these first; Jackson's words name classes
      throw new ConfigException("%s: must be %s".formatted(path(e), kind(e.getTargetType())));
    } catch (JsonMappingException e) {
      throw new ConfigException("%s: is not a valid value".formatted(path(e)));
    } catch (JsonProcessingException e) {
      throw new ConfigException("invalid league config; check each key's kind of value in docs/league.md");
    }
    validate(config);
    return config;
  }

  /**
   * Checks that each value in the tree is of the kind its key's type takes, in words a user knows
   * (a whole number, a number, text, a list, a map of keys), before Jackson binds it: Jackson would
   * truncate 1.5 to 1, and its own messages name Java classes. Unknown keys are Jackson's to refuse.
   */
  private static void checkShape(JsonNode node, java.lang.reflect.Type type, String path) {
    Class<?> raw = type instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType()
        : type instanceof Class<?> c ? c : Object.class;
    String at = path.isEmpty() ? "(top level)" : path;
    if (node == null || node.isNull()) {
      if (raw.isPrimitive() || raw.isRecord()) {
        throw new ConfigException("%s: must be %s, got nothing".formatted(at, kind(raw)));
      }
      return; // text and lists left empty are refused with their own messages after binding
    }
    if (raw.isRecord()) {
      if (!node.isObject()) {
        throw mismatch(at, raw, node);
      }
      for (var component : raw.getRecordComponents()) {
        String key = PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(component.getName());
        checkShape(node.get(key), component.getGenericType(), path.isEmpty() ? key : path + "." + key);
      }
    } else if (List.class.isAssignableFrom(raw)) {
      if (!node.isArray()) {
        throw mismatch(at, raw, node);
      }
      java.lang.reflect.Type element = type instanceof java.lang.reflect.ParameterizedType p
          ? p.getActualTypeArguments()[0] : Object.class;
      for (int i = 0; i < node.size(); i++) {
        checkShape(node.get(i), element, path + "[" + i + "]");
      }
    } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      java.math.BigDecimal value = number(node);
      if (value == null || value.stripTrailingZeros().scale() > 0) {
        throw mismatch(at, raw, node);
      }
      boolean isInt = raw == int.class || raw == Integer.class;
      long min = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
      long max = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
      if (value.compareTo(java.math.BigDecimal.valueOf(min)) < 0
          || value.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
        Range range = RANGES.getOrDefault(path.replaceAll("\\[\\d+]", ""), new Range(min, max));
        throw new ConfigException("%s: must be between %d and %d, got %s".formatted(at, range.min(),
            range.max(), value.toPlainString()));
      }
    } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
      if (number(node) == null && !(node.isTextual() && node.asText().matches("(?i)[-+]?(inf|infinity|nan)"))) {
        throw mismatch(at, raw, node);
      }
    } else if (raw == boolean.class || raw == Boolean.class) {
      if (!node.isBoolean() && !(node.isTextual() && node.asText().matches("(?i)true|false"))) {
        throw mismatch(at, raw, node);
      }
    } else if (raw.isEnum()) {
      List<String> names = java.util.Arrays.stream(raw.getEnumConstants())
          .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT)).toList();
      if (!node.isValueNode() || !names.contains(node.asText().toLowerCase(Locale.ROOT))) {
        throw new ConfigException("%s: must be one of %s, got %s".formatted(at, String.join(", ", names),
            shown(node)));
      }
    } else if (raw == String.class && !node.isValueNode()) {
      throw mismatch(at, raw, node);
    }
  }

  /** A number node's value, or a text node's that reads as a number; null for anything else. */
  private static java.math.BigDecimal number(JsonNode node) {
    if (node.isNumber()) {
      return node.isIntegralNumber() ? new java.math.BigDecimal(node.bigIntegerValue()) : node.decimalValue();
    }
    if (node.isTextual()) {
      try {
        return new java.math.BigDecimal(node.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static ConfigException mismatch(String path, Class<?> type, JsonNode node) {
    return new ConfigException("%s: must be %s, got %s".formatted(path, kind(type), shown(node)));
  }

  /** The kind of value a type takes, in a user's words. */
  private static String kind(Class<?> type) {
    if (type == null) {
      return "a valid value";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class
        || type == short.class || type == Short.class || type == java.math.BigInteger.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.stream(type.getEnumConstants())
          .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
    return "a map of keys";
  }

  /** A YAML value as a message shows it. */
  private static String shown(JsonNode node) {
    if (node.isObject()) {
      return "a map of keys";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.isTextual() ? "'" + node.asText() + "'" : node.asText();
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (var reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "(top level)" : path.toString();
  }

  private static void validate(LeagueConfig c) {
    if (!LeagueConfig.SECRET_MATCH_SEEDS.equals(c.matchSeeds())
        && !LeagueConfig.PUBLIC_MATCH_SEEDS.equals(c.matchSeeds())) {
      throw new ConfigException("match_seeds: must be %s or %s, got %s".formatted(LeagueConfig.SECRET_MATCH_SEEDS,
          LeagueConfig.PUBLIC_MATCH_SEEDS, c.matchSeeds()));
    }
    spec("game", c.game(), s -> Games.create(s));
    range("matches", c.matches());
    range("batch_matches", c.batchMatches());
    range("group_size", c.groupSize());
    if (c.batchMatches() % c.groupSize() != 0 || c.matches() % c.groupSize() != 0) {
      throw new ConfigException(("group_size: %d must divide batch_matches (%d) and matches (%d): a GRPO group is"
          + " never split across batches").formatted(c.groupSize(), c.batchMatches(), c.matches()));
    }
    range("threads", c.threads());
    range("concurrent_matches", c.concurrentMatches());
    spec("violation_policy", c.violationPolicy(), ViolationPolicy::parse);
    Game game = Games.create(c.game());
    if (c.players().isEmpty() && game.facts().sides().size() > 1) {
      throw new ConfigException("players: at least one learning player is needed");
    }
    if (c.players().isEmpty() && c.baselines().isEmpty()) {
      throw new ConfigException("players, baselines: a league of a one-side game needs at least one of them");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < c.players().size(); i++) {
      LeagueConfig.PlayerConfig p = c.players().get(i);
      String at = "players[" + i + "]";
      name(at + ".name", p.name(), names);
      spec(at + ".learner", p.learner(), s -> Learners.check(s, game));
      spec(at + ".matchmaker", p.matchmaker(), Matchmakers::create);
      range(at + ".snapshot_every", p.snapshotEvery());
    }
    for (int i = 0; i < c.baselines().size(); i++) {
      LeagueConfig.BaselineConfig b = c.baselines().get(i);
      String at = "baselines[" + i + "]";
      name(at + ".name", b.name(), names);
      spec(at + ".agent", b.agent(), s -> Agents.create(s, game, 0));
    }
    fraction("baseline_rate", c.baselineRate());
    if (c.baselineRate() > 0 && c.baselines().isEmpty()) {
      throw new ConfigException("baseline_rate: is %s but there are no baselines".formatted(c.baselineRate()));
    }
    finite("ratings.elo_initial", c.ratings().eloInitial());
    if (!(c.ratings().eloK() > 0)) {
      throw new ConfigException("ratings.elo_k: must be > 0, got " + c.ratings().eloK());
    }
    range("ratings.bootstrap", c.ratings().bootstrap());
    range("evaluation.every", c.evaluation().every());
    range("evaluation.minimax_games", c.evaluation().minimaxGames());
    if (c.evaluation().minimaxGames() > 0) {
      spec("evaluation.minimax_games", "solver(kind=minimax)", s -> Agents.create(s, game, 0));
    }
    if (!(c.report().standingsSeconds() > 0)) {
      throw new ConfigException("report.standings_seconds: must be > 0, got " + c.report().standingsSeconds());
    }
  }

  private static void spec(String path, String value, java.util.function.Consumer<String> check) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(path + ": is required");
    }
    try {
      check.accept(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path + ": " + e.getMessage());
    }
  }

  private static void name(String path, String name, Set<String> taken) {
    if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new ConfigException(path + ": names are letters, digits, '_' and '-', got '" + name + "'");
    }
    if (!taken.add(name)) {
      throw new ConfigException(path + ": '" + name + "' is used twice");
    }
  }

  /** Checks a whole-number key against its range in {@link #RANGES}; {@code path} may index lists. */
  private static void range(String path, long value) {
    Range range = RANGES.get(path.replaceAll("\\[\\d+]", ""));
    if (value < range.min() || value > range.max()) {
      throw new ConfigException("%s: must be between %d and %d, got %d".formatted(path, range.min(), range.max(),
          value));
    }
  }

  private static void fraction(String path, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new ConfigException("%s: must be between 0 and 1, got %s".formatted(path, value));
    }
  }

  private static void finite(String path, double value) {
    if (!Double.isFinite(value)) {
      throw new ConfigException("%s: must be a finite number, got %s".formatted(path, value));
    }
  }
}
