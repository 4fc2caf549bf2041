package io.sparring.league.engine;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.Seeds;
import io.sparring.training.advantage.MarsAdvantages;
import io.sparring.training.advantage.LearningMatch;
import io.sparring.league.config.ConfigChanges;
import io.sparring.league.config.ConfigException;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.matchmaking.Matchmaker;
import io.sparring.league.matchmaking.Matchmakers;
import io.sparring.league.run.RunDirectories;
import io.sparring.league.rating.Elo;
import io.sparring.league.rating.PayoffTable;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.BatchStatsRow;
import io.sparring.league.store.LeagueStore.EvaluationRow;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.league.store.LeagueStore.PlayerRow;
import io.sparring.league.store.PlayerKind;
import io.sparring.league.store.RunLock;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.spec.Spec;
import io.sparring.training.ExperienceBatch;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Learner;
import io.sparring.training.AgentPolicy;
import io.sparring.training.ExternalLearner;
import io.sparring.training.advantage.ExperienceRecords;
import io.sparring.training.PolicyAgents;
import io.sparring.training.Provenance;
import io.sparring.training.SnapshotId;
import io.sparring.training.Snapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One league run in a run directory. {@link #start} begins a run, {@link #resume} continues one
 * after a crash or a stop, and {@link #run} plays the remaining batches as a stream of reports.
 * Match seeds are keyed by the run's secret and the match index ({@link MatchSeeds}), opponents are chosen from state fixed
 * at the start of each batch, and results are applied in index order, so a run is the same for any
 * number of threads and after any resume. A {@link MatchExecutor} plays each batch's {@link
 * MatchJob}s; {@link Evaluation} measures the learners.
 */
public final class League implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(League.class);
  private static final Spec MINIMAX = Spec.parse("solver(kind=minimax)");
  public static final String CONFIG_FILE = "config.yaml";
  /** The run's snapshots, one directory per snapshot label. */
  public static final String SNAPSHOTS = "snapshots";
  /** Store meta: the version of an external learner that its snapshot {@code version.LABEL} holds. */
  private static final String VERSION_META = "version.";
  /** Store meta: the last experience sequence an external learner's trainer acknowledged. */
  private static final String ACKNOWLEDGED_META = "experience_acked.";

  private final LeagueConfig config;
  private final Path runDirectory;
  private final LeagueStore store;
  /** Held while the league may write its run directory; readers never take it. */
  private final RunLock lock;
  private final Game game;
  private final ViolationPolicy violationPolicy;
  private final MarsAdvantages advantages;
  /** External learners' experience, as their trainers receive it. */
  private final ExperienceRecords experienceRecords;
  private final Map<String, LearningPlayer> learners = new LinkedHashMap<>();
  private final Map<String, String> baselines = new LinkedHashMap<>(); // id -> agent spec
  private final Map<String, Snapshot> snapshots = new LinkedHashMap<>(); // by label
  private final Elo elo;
  private final PayoffTable payoff = new PayoffTable(0.99, 0.5);
  private final Evaluation evaluation;
  private final MatchExecutor executor;
  private final MatchSeeds matchSeeds;
  /** The learners' policies as they were at the start of the batch being played. */
  private Map<String, LearnedPolicy> frozen = Map.of();
  private IntConsumer matchProgress = done -> {};

  /** A snapshot in memory. */
  private record Snapshot(SnapshotId id, LearnedPolicy policy) {}

  /** A learning player: its learner, matchmaker and snapshots so far (oldest first). */
  private static final class LearningPlayer {
    final LeagueConfig.PlayerConfig config;
    final Learner learner;
    final Matchmaker matchmaker;
    final List<String> snapshots = new ArrayList<>(); // labels
    /** An external learner's versions by the label batch of their snapshots (taken when first played). */
    final TreeMap<Integer, Long> versions = new TreeMap<>();
    long gamesSeen;

    Optional<ExternalLearner> external() {
      return learner instanceof ExternalLearner external ? Optional.of(external) : Optional.empty();
    }

    /** The version an external learner played in {@code batch}. */
    long versionIn(int batch) {
      var entry = versions.floorEntry(batch - 1);
      if (entry == null) {
        throw new IllegalStateException("no version of " + config.name() + " was recorded for batch " + batch);
      }
      return entry.getValue();
    }

    LearningPlayer(LeagueConfig.PlayerConfig config, Learner learner, Matchmaker matchmaker) {
      this.config = config;
      this.learner = learner;
      this.matchmaker = matchmaker;
    }
  }

  private League(LeagueConfig config, Path runDirectory, LeagueStore store, RunLock lock,
      MatchSeeds matchSeeds, UnaryOperator<MatchExecutor> executor, LearnerFactory learnerFactory) {
    this.config = config;
    this.matchSeeds = matchSeeds;
    this.runDirectory = runDirectory;
    this.store = store;
    this.lock = lock;
    this.game = Games.create(config.game());
    this.violationPolicy = ViolationPolicy.parse(config.violationPolicy());
    this.advantages = new MarsAdvantages(config.advantage());
    this.experienceRecords = new ExperienceRecords(config.advantage(), config.groupSize());
    this.elo = new Elo(config.ratings().eloInitial(), config.ratings().eloK());
    try {
      for (int i = 0; i < config.players().size(); i++) {
        LeagueConfig.PlayerConfig p = config.players().get(i);
        Learner learner = learnerFactory.create(p.name(), Spec.parse(p.learner()), game,
            Seeds.derive(config.seed(), -1 - i));
        learners.put(p.name(), new LearningPlayer(p, learner, Matchmakers.create(p.matchmaker())));
      }
    } catch (RuntimeException e) {
      learners.values().forEach(player -> player.learner.close()); // those made before the failure
      throw e;
    }
    config.baselines().forEach(b -> baselines.put(b.name(), b.agent()));
    this.evaluation = new Evaluation(game, violationPolicy);
    this.executor = executor.apply(new LocalMatchExecutor(game, violationPolicy, config.playingThreads(),
        config.matchesInFlight(), this::agent));
  }

  /** Starts a new run in {@code runDirectory}, which must not hold one already, on SQLite. */
  public static League start(LeagueConfig config, Path runDirectory) throws IOException, SQLException {
    return start(config, runDirectory, Optional.empty(), UnaryOperator.identity());
  }

  /**
   * Starts a new run whose store is {@code server} (a PostgreSQL URL; empty: a SQLite file in the
   * run directory) and whose matches {@code executor} plays: it is given the local executor (this
   * process's threads and in-memory policies) and returns the one to use.
   */
  public static League start(LeagueConfig config, Path runDirectory, Optional<String> server,
      UnaryOperator<MatchExecutor> executor) throws IOException, SQLException {
    return start(config, runDirectory, server, executor, LearnerFactory.REGISTRY);
  }

  /** As {@link #start(LeagueConfig, Path, Optional, UnaryOperator)}, with the learners made by {@code learners}. */
  public static League start(LeagueConfig config, Path runDirectory, Optional<String> server,
      UnaryOperator<MatchExecutor> executor, LearnerFactory learners) throws IOException, SQLException {
    if (Files.isRegularFile(runDirectory)) {
      throw new IllegalStateException(runDirectory + " is a file, not a run directory");
    }
    Files.createDirectories(runDirectory);
    RunLock lock = RunLock.acquire(runDirectory);
    LeagueStore store = null;
    try {
      store = LeagueStore.create(runDirectory, server, config.game(), config.violationPolicy());
      String yaml = ConfigLoader.toYaml(config);
      Files.writeString(runDirectory.resolve(CONFIG_FILE), yaml);
      store.setMeta("seed", String.valueOf(config.seed()));
      store.setMeta("config", yaml);
      for (LeagueConfig.PlayerConfig p : config.players()) {
        store.addPlayer(new PlayerRow(p.name(), PlayerKind.LEARNER, p.learner(), "", 0, ""));
      }
      for (LeagueConfig.BaselineConfig b : config.baselines()) {
        store.addPlayer(new PlayerRow(b.name(), PlayerKind.BASELINE, b.agent(), "", 0, ""));
      }
      return new League(config, runDirectory, store, lock, MatchSeeds.start(config, store), executor, learners);
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(store, lock, e);
      throw e;
    }
  }

  /** Closes what a failed start or resume had opened, keeping the first failure the one thrown. */
  private static void closeQuietly(LeagueStore store, RunLock lock, Exception failure) {
    try {
      if (store != null) {
        store.close();
      }
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    } finally {
      lock.close();
    }
  }

  /**
   * Reopens a run: reads its saved config and database and rebuilds the learners, ratings and
   * snapshots by replaying every completed batch from the stored trajectories. Matches of an
   * unfinished batch that were stored are kept; {@link #run} plays only the missing ones.
   */
  public static League resume(Path runDirectory) throws IOException, SQLException {
    return resume(runDirectory, false, UnaryOperator.identity());
  }

  /**
   * As {@link #resume(Path)}, with matches played by {@code executor} as in {@link #start}. A
   * config.yaml edited since the run started is refused, naming the changed keys, unless only
   * keys that do not change what is played or learnt changed ({@link ConfigChanges#SAFE}), or
   * {@code allowConfigChange} is given; an accepted change is recorded in the store.
   */
  public static League resume(Path runDirectory, boolean allowConfigChange, UnaryOperator<MatchExecutor> executor)
      throws IOException, SQLException {
    return resume(runDirectory, allowConfigChange, executor, LearnerFactory.REGISTRY);
  }

  /** As {@link #resume(Path, boolean, UnaryOperator)}, with the learners made by {@code learners}. */
  public static League resume(Path runDirectory, boolean allowConfigChange, UnaryOperator<MatchExecutor> executor,
      LearnerFactory learners) throws IOException, SQLException {
    LeagueConfig config = config(runDirectory);
    RunLock lock = RunLock.acquire(runDirectory);
    League league = null;
    LeagueStore store = null;
    try {
      store = LeagueStore.open(runDirectory);
      List<String> changed = changedConfig(runDirectory, store, config, allowConfigChange);
      league = new League(config, runDirectory, store, lock, MatchSeeds.resume(config, store), executor, learners);
      league.rebuild();
      // recorded only once the run has resumed: a refused or failed resume leaves the store as it was
      if (!changed.isEmpty()) {
        store.addConfigChange(store.completedBatches(), changed, ConfigLoader.toYaml(config));
      } else if (store.meta("config").isEmpty()) { // a run of schema 1 or 2: from now on this copy holds
        store.setMeta("config", ConfigLoader.toYaml(config));
      }
      return league;
    } catch (IOException | SQLException | RuntimeException e) {
      if (league != null) {
        try {
          league.close();
        } catch (SQLException | RuntimeException closing) {
          e.addSuppressed(closing);
        }
      } else {
        closeQuietly(store, lock, e);
      }
      throw e;
    }
  }

  /**
   * The config a run directory holds.
   *
   * @throws IllegalStateException naming what is missing when it is not a run directory or has no
   *     config
   */
  public static LeagueConfig config(Path runDirectory) {
    requireDirectory(runDirectory);
    Path configFile = runDirectory.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalStateException(runDirectory + " has no " + CONFIG_FILE
          + (LeagueStore.exists(runDirectory) ? ", the run's configuration: restore it from a copy of the run"
              : ": is it a run directory?"));
    }
    return ConfigLoader.read(configFile);
  }

  /**
   * @throws IllegalStateException when {@code runDirectory} is a file or does not exist
   */
  public static void requireDirectory(Path runDirectory) {
    if (Files.isRegularFile(runDirectory)) {
      throw new IllegalStateException(runDirectory + " is a file, not a run directory");
    }
    if (!Files.isDirectory(runDirectory)) {
      throw new IllegalStateException("no run directory at " + runDirectory);
    }
  }

  /**
   * The keys of config.yaml changed since the run started; refuses unsafe ones unless allowed.
   * The config the run started with is the store's copy or, for a run of schema 1 or 2, the one
   * its first snapshot recorded (else only its seed is known).
   */
  private static List<String> changedConfig(Path runDirectory, LeagueStore store, LeagueConfig config,
      boolean allowConfigChange) throws SQLException, IOException {
    Optional<LeagueConfig> started = startedConfig(runDirectory, store);
    List<String> changed;
    if (started.isPresent()) {
      changed = new ArrayList<>(ConfigChanges.changedKeys(started.get(), config));
    } else {
      changed = new ArrayList<>();
      Optional<String> seed = store.meta("seed");
      if (seed.isPresent() && !seed.get().equals(String.valueOf(config.seed()))) {
        changed.add("seed");
      }
    }
    List<String> unsafe = new ArrayList<>(ConfigChanges.unsafe(changed));
    if (changed.contains("matches") && started.isPresent()) {
      unsafe.addAll(unsafeMatches(store, started.get(), config));
    }
    if (!unsafe.isEmpty() && !allowConfigChange) {
      throw new ConfigException(runDirectory.resolve(CONFIG_FILE) + " changed since the run started: "
          + String.join(", ", unsafe) + ". Changing them makes the resumed run differ from one that never"
          + " stopped; undo the change, or resume with --allow-config-change to accept it (the change is"
          + " recorded in the store). Keys that may change: " + String.join(", ", ConfigChanges.SAFE));
    }
    if (!unsafe.isEmpty()) {
      LOG.warn("resuming with changed configuration keys {} (--allow-config-change)", unsafe);
    }
    return changed;
  }

  private static Optional<LeagueConfig> startedConfig(Path runDirectory, LeagueStore store)
      throws SQLException, IOException {
    Optional<String> yaml = store.meta("config");
    String source = store.name() + " (the config the run started with)";
    if (yaml.isEmpty()) {
      for (PlayerRow p : store.players()) {
        Path directory = snapshotDirectory(runDirectory, p);
        if (p.kind() == PlayerKind.SNAPSHOT && Files.isDirectory(directory)) {
          yaml = Optional.of(Snapshots.manifest(directory).provenance().config());
          source = directory + " (the config its run recorded)";
          break;
        }
      }
    }
    return yaml.isEmpty() || yaml.get().isBlank() ? Optional.empty()
        : Optional.of(ConfigLoader.parse(yaml.get(), source));
  }

  /**
   * A changed {@code matches} that a run which never stopped would not match: fewer than were
   * played, or more after a last batch that was cut short (its missing matches would never come).
   */
  private static List<String> unsafeMatches(LeagueStore store, LeagueConfig started, LeagueConfig config)
      throws SQLException {
    long played = store.matchCount();
    if (config.matches() < played) {
      return List.of("matches (" + config.matches() + " is fewer than the " + played + " played)");
    }
    boolean cutShort = started.matches() % started.batchMatches() != 0;
    if (cutShort && config.matches() > started.matches() && store.completedBatches() == started.batches()) {
      return List.of("matches (the last batch was cut short at " + started.matches() + ")");
    }
    return List.of();
  }

  public LeagueConfig config() {
    return config;
  }

  public Path runDirectory() {
    return runDirectory;
  }

  public LeagueStore store() {
    return store;
  }

  /** Hears the count of matches finished within the current batch, for a progress bar. */
  public void onMatchFinished(IntConsumer listener) {
    this.matchProgress = listener;
  }

  /** Plays the remaining batches; each element arrives when its batch is done. */
  public Stream<BatchReport> run() throws SQLException {
    int first = store.completedBatches() + 1;
    return Stream.iterate(first, b -> b <= config.batches(), b -> b + 1).map(b -> {
      try {
        return playBatch(b);
      } catch (SQLException e) {
        throw storeFailed(b, e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private void rebuild() throws SQLException, IOException {
    for (PlayerRow p : store.players()) {
      if (p.kind() == PlayerKind.SNAPSHOT) {
        Path directory = snapshotDirectory(runDirectory, p);
        if (!Files.isDirectory(directory)) {
          throw new IllegalStateException("snapshot " + p.id() + " of " + runDirectory + " is missing: it"
              + " should be at " + directory + ". Restore it (its content hash is " + p.sha256() + ") to resume.");
        }
        String sha256 = Snapshots.manifest(directory).sha256();
        if (!p.sha256().isEmpty() && !p.sha256().equals(sha256)) { // empty: stored before the hash was
          throw new IllegalStateException("snapshot " + directory + " changed since the league took it: "
              + "its content hash is " + sha256 + ", the league recorded " + p.sha256());
        }
        snapshots.put(p.id(), new Snapshot(SnapshotId.parse(p.id(), sha256), Snapshots.load(directory)));
      }
    }
    for (LearningPlayer player : learners.values()) {
      if (player.external().isPresent()) {
        restoreExternal(player);
      }
    }
    int completed = store.completedBatches();
    Optional<String> pruned = store.meta("pruned_through_batch");
    if (pruned.isPresent()) {
      throw new IllegalStateException("the records of batches up to " + pruned.get() + " of " + runDirectory
          + " were removed by 'league prune': its learners are rebuilt from them, so it cannot be resumed."
          + " Its standings and snapshots are intact ('league standings', 'eval').");
    }
    for (int b = 1; b <= completed; b++) {
      List<MatchRow> rows = store.matches(b);
      learnAndRate(rows);
      for (LearningPlayer player : learners.values()) {
        String id = SnapshotId.label(player.config.name(), b);
        if (player.external().isPresent()) {
          continue; // its snapshots are its versions, restored above
        }
        if (snapshots.containsKey(id)) {
          player.snapshots.add(id);
        } else if (snapshotDue(player, b)) {
          snapshot(player, b); // the run stopped after the batch, before its snapshot
        }
      }
    }
    LOG.info("resumed {} after batch {} of {}", runDirectory, completed, config.batches());
  }

  private BatchReport playBatch(int batch) throws SQLException, IOException {
    long start = System.nanoTime();
    long firstIndex = (long) (batch - 1) * config.batchMatches();
    long end = Math.min(firstIndex + config.batchMatches(), config.matches());
    Set<Long> stored = store.matchIndices(batch);
    Map<String, LearnedPolicy> policies = new HashMap<>();
    List<SnapshotId> taken = new ArrayList<>();
    for (LearningPlayer p : learners.values()) {
      Optional<ExternalLearner> external = p.external();
      if (external.isPresent()) {
        policies.put(p.config.name(), externalVersion(p, external.get(), batch, taken));
      } else {
        policies.put(p.config.name(), p.learner.player());
      }
    }
    frozen = policies;

    List<MatchJob> scheduled = new ArrayList<>();
    for (long index = firstIndex; index < end; index++) {
      if (!stored.contains(index)) {
        scheduled.add(schedule(index, batch));
      }
    }
    List<MatchRow> pending = new ArrayList<>();
    List<MatchRow> played = new ArrayList<>();
    int[] done = {stored.size()};
    executor.play(scheduled, row -> {
      played.add(row);
      pending.add(row);
      matchProgress.accept(++done[0]);
      if (pending.size() >= 200) {
        addMatches(pending);
        pending.clear();
      }
    });
    store.addMatches(pending);

    // A batch played whole here learns from its matches as played; one begun by an earlier process
    // reads them all back. Both are the same: a stored record expands to the record as played
    // (CompactRecords checks each one), but for the wall-clock latencies no learner reads.
    List<MatchRow> rows = stored.isEmpty() ? played : store.matches(batch);
    List<BatchStatsRow> stats = learnAndRate(rows);
    double seconds = (System.nanoTime() - start) / 1e9;
    store.completeBatch(batch, rows.size(), seconds, stats, elo.ratings());
    saveAcknowledgements();

    for (LearningPlayer p : learners.values()) {
      if (p.external().isEmpty() && snapshotDue(p, batch)) {
        taken.add(snapshot(p, batch));
      }
    }
    Map<String, Double> exploitability = new LinkedHashMap<>();
    Map<String, Double> minimaxLosses = new LinkedHashMap<>();
    int every = config.evaluation().every();
    if (every > 0 && (batch % every == 0 || batch == config.batches())) {
      for (var entry : learners.entrySet()) {
        if (entry.getValue().learner.policy() instanceof AgentPolicy) {
          continue; // an agent plays it; there are no probabilities to evaluate
        }
        if (evaluation.measuresExploitability()) {
          double value = evaluation.exploitability(entry.getValue().learner.policy().asGamePolicy());
          exploitability.put(entry.getKey(), value);
          store.addEvaluation(new EvaluationRow(batch, entry.getKey(), "exploitability", value));
        }
        if (config.evaluation().minimaxGames() > 0) {
          LearnedPolicy greedy = PolicyAgents.greedy(entry.getValue().learner.freeze());
          double value = Evaluation.lossRate(evaluation.against(MINIMAX, seed -> PolicyAgents.of(greedy, seed),
              config.evaluation().minimaxGames(), Evaluation.seed(config.seed(), batch)));
          minimaxLosses.put(entry.getKey(), value);
          store.addEvaluation(new EvaluationRow(batch, entry.getKey(), "minimax_losses", value));
        }
      }
    }
    return new BatchReport(batch, config.batches(), store.matchCount(), config.matches(), seconds,
        rows.size() / seconds, stats, exploitability, minimaxLosses, taken);
  }

  private void addMatches(List<MatchRow> rows) {
    try {
      store.addMatches(rows);
    } catch (SQLException e) {
      throw storeFailed(rows.getFirst().batch(), e);
    }
  }

  /** A write that failed: what, where, and that resuming loses nothing committed. */
  private IllegalStateException storeFailed(int batch, SQLException e) {
    return new IllegalStateException("the league store " + store.name() + " failed in batch " + batch + ": "
        + e.getMessage() + ". Every match committed before it is kept; fix the cause (a full disk, a lost"
        + " database server) and continue with: sparring league resume " + runDirectory, e);
  }

  /**
   * Chooses who plays match {@code index}; depends only on state fixed before the batch. The G
   * matches of a GRPO group ({@code group_size}) are one slot, index / G: the same deal and
   * seating, the agents salted by the match's place in the group.
   */
  private MatchJob schedule(long index, int batch) {
    long slot = index / config.groupSize();
    int member = (int) (index % config.groupSize());
    List<List<Integer>> sides = game.facts().sides();
    if (sides.size() == 1) {
      return scheduleAlone(index, slot, member, batch);
    }
    SplittableRandom random = new SplittableRandom(Seeds.derive(config.seed(), slot));
    List<LearningPlayer> players = new ArrayList<>(learners.values());
    LearningPlayer learner = players.get((int) (slot % players.size()));
    String id = learner.config.name();
    List<String> baselineIds = new ArrayList<>(baselines.keySet());
    String opponent;
    if (!baselineIds.isEmpty() && random.nextDouble() < config.baselineRate()) {
      opponent = baselineIds.get(random.nextInt(baselineIds.size()));
    } else {
      opponent = learner.matchmaker.chooseOpponent(id, List.copyOf(learner.snapshots), baselineIds,
          payoff, random);
    }
    // the learner takes one side (a seat, or a team of seats), the opponent every other side
    int learnerSide = (int) (slot % sides.size());
    List<MatchJob.Player> seated = new ArrayList<>();
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      seated.add(player(game.facts().sideOf(seat) == learnerSide ? id : opponent));
    }
    return new MatchJob(index, batch, matchSeeds.of(slot), matchSeeds.agentSeeds(), member, seated);
  }

  /**
   * A game of one side (one seat, or a cooperative team) has no opponents: the learners and
   * baselines take turns, each playing every seat, and each episode (goal) is played once by every
   * one of them (G times with groups), so their mean returns compare on the same seeds.
   */
  private MatchJob scheduleAlone(long index, long slot, int member, int batch) {
    List<String> everyone = new ArrayList<>(learners.keySet());
    everyone.addAll(baselines.keySet());
    long episode = slot / everyone.size();
    String id = everyone.get((int) (slot % everyone.size()));
    return new MatchJob(index, batch, matchSeeds.of(episode), matchSeeds.agentSeeds(), member,
        Collections.nCopies(game.numPlayers(), player(id)));
  }

  /** A player by name; a learner's name comes first, as its matchmaker's self-play choice. */
  private MatchJob.Player player(String id) {
    if (learners.containsKey(id)) {
      return MatchJob.Player.of(id, PlayerKind.LEARNER);
    }
    Snapshot snapshot = snapshots.get(id);
    if (snapshot != null) {
      return MatchJob.Player.of(snapshot.id());
    }
    if (baselines.containsKey(id)) {
      return MatchJob.Player.of(id, PlayerKind.BASELINE);
    }
    throw new IllegalStateException("unknown league player '" + id + "'");
  }

  /** The local executor's agents: the learners as frozen for the batch, snapshots, baselines. */
  private Agent agent(MatchJob.Player player, long seed) {
    return switch (player.kind()) {
      case LEARNER -> agent(frozen.get(player.id()), seed);
      case SNAPSHOT -> agent(snapshots.get(player.id()).policy(), seed);
      case BASELINE -> Agents.create(baselines.get(player.id()), game, seed);
    };
  }

  private Agent agent(LearnedPolicy policy, long seed) {
    return policy instanceof AgentPolicy agent ? Agents.create(agent.agent(), game, seed) : PolicyAgents.of(policy, seed);
  }

  /**
   * The version an external learner plays in {@code batch}: the one it played when the batch began
   * in an earlier process, else the one its trainer allows once it is within its bounds (waiting
   * until then); a version played for the first time becomes a snapshot labelled {@code batch - 1}.
   */
  private LearnedPolicy externalVersion(LearningPlayer player, ExternalLearner external, int batch,
      List<SnapshotId> taken) throws IOException, SQLException {
    Map.Entry<Integer, Long> last = player.versions.lastEntry();
    if (last != null && last.getKey() == batch - 1) {
      return snapshots.get(SnapshotId.label(player.config.name(), batch - 1)).policy();
    }
    ExternalLearner.Version version;
    try {
      version = external.awaitBatch(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while batch " + batch + " waited for the trainer of "
          + player.config.name(), e);
    }
    if (last == null || last.getValue() != version.number()) {
      store.setMeta(VERSION_META + SnapshotId.label(player.config.name(), batch - 1), String.valueOf(version.number()));
      taken.add(snapshot(player, batch - 1, version.kind(), version.weightsFile(), version.weights(), version.policy()));
      player.versions.put(batch - 1, version.number());
    }
    return version.policy();
  }

  /** An external learner's versions and acknowledged experience, as the store recorded them. */
  private void restoreExternal(LearningPlayer player) throws SQLException {
    String name = player.config.name();
    player.versions.putAll(externalVersions(store).getOrDefault(name, new TreeMap<>()));
    player.versions.keySet().forEach(batch -> player.snapshots.add(SnapshotId.label(name, batch)));
    long acknowledged = Long.parseLong(store.meta(ACKNOWLEDGED_META + name).orElse("0"));
    var last = player.versions.lastEntry();
    player.external().orElseThrow().restore(acknowledged, last == null ? 0 : last.getValue(),
        last == null ? null : snapshots.get(SnapshotId.label(name, last.getKey())).policy());
  }

  /**
   * The versions external learners played, by player, then by the batch their snapshot is labelled
   * with: the version a batch b played is the entry at or below b − 1.
   */
  public static Map<String, TreeMap<Integer, Long>> externalVersions(LeagueStore store) throws SQLException {
    Map<String, TreeMap<Integer, Long>> versions = new HashMap<>();
    for (PlayerRow row : store.players()) {
      if (row.kind() == PlayerKind.SNAPSHOT) {
        Optional<String> version = store.meta(VERSION_META + row.id());
        if (version.isPresent()) {
          SnapshotId id = SnapshotId.parse(row.id(), row.sha256());
          versions.computeIfAbsent(id.name(), name -> new TreeMap<>()).put((int) id.version(),
              Long.parseLong(version.get()));
        }
      }
    }
    return versions;
  }

  /** Records what the trainers acknowledged, so a resumed run sends only the rest again. */
  private void saveAcknowledgements() throws SQLException {
    for (LearningPlayer p : learners.values()) {
      Optional<ExternalLearner> external = p.external();
      if (external.isPresent()) {
        store.setMeta(ACKNOWLEDGED_META + p.config.name(), String.valueOf(external.get().acknowledged()));
      }
    }
  }

  /**
   * The experience of the batch's matches for each external learner whose trainer has not
   * acknowledged it yet (after a resume, the stored batches are offered again).
   */
  private void offerExperience(List<MatchRow> rows, List<LearningMatch> learning) {
    if (rows.isEmpty()) {
      return;
    }
    if (learners.values().stream().noneMatch(p -> p.external().isPresent())) {
      return;
    }
    int batch = rows.getFirst().batch();
    List<String> names = List.copyOf(learners.keySet());
    Map<String, Long> versions = new HashMap<>();
    boolean wanted = false;
    for (int place = 0; place < names.size(); place++) {
      LearningPlayer p = learners.get(names.get(place));
      if (p.external().isPresent()) {
        versions.put(names.get(place), p.versionIn(batch));
        wanted |= (long) (batch - 1) * names.size() + place + 1 > p.external().get().acknowledged();
      }
    }
    List<ExperienceRecords.Played> played = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      played.add(new ExperienceRecords.Played(rows.get(i).index(), learning.get(i)));
    }
    if (!wanted) {
      experienceRecords.advance(played); // SPIRAL's baselines still move with every batch
      return;
    }
    for (io.sparring.proto.v1.ExperienceBatch experience
        : experienceRecords.build(runId(runDirectory), batch, names, played, versions)) {
      learners.get(experience.getPlayer()).external().ifPresent(external -> external.offer(experience));
    }
  }

  /**
   * A league's name in experience ({@code ExperienceBatch.run_id}): its run directory's name, or
   * {@code RUN/GAME} for the league of one game of a run of several.
   */
  public static String runId(Path leagueDirectory) {
    Path directory = leagueDirectory.toAbsolutePath().normalize();
    Path parent = directory.getParent();
    if (parent != null && Files.exists(parent.resolve(RunDirectories.GAMES_FILE))) {
      return parent.getFileName() + "/" + directory.getFileName();
    }
    return directory.getFileName() == null ? directory.toString() : directory.getFileName().toString();
  }

  /** Advantages and learning for each learner, then ratings, from one batch's matches in order. */
  private List<BatchStatsRow> learnAndRate(List<MatchRow> rows) {
    List<LearningMatch> learning = new ArrayList<>();
    for (MatchRow row : rows) {
      Map<Integer, String> seats = new HashMap<>();
      for (int seat = 0; seat < row.seats().size(); seat++) {
        if (learners.containsKey(row.seats().get(seat))) {
          seats.put(seat, row.seats().get(seat));
        }
      }
      learning.add(new LearningMatch(row.trajectory(), seats));
      rate(row);
    }
    offerExperience(rows, learning);
    // external learners' trainers got their own credit above; MARS here is for learners in process
    boolean inProcess = learners.values().stream().anyMatch(p -> p.external().isEmpty());
    Map<String, ExperienceBatch> batches = inProcess ? advantages.compute(learning) : Map.of();
    List<BatchStatsRow> stats = new ArrayList<>();
    int batchNumber = rows.isEmpty() ? 0 : rows.getFirst().batch();
    for (var entry : learners.entrySet()) {
      if (entry.getValue().external().isPresent()) {
        entry.getValue().gamesSeen += rows.stream().filter(r -> r.seats().contains(entry.getKey())).count();
        continue; // its trainer learns from what offerExperience sent
      }
      ExperienceBatch experience = batches.get(entry.getKey());
      if (experience == null || experience.isEmpty()) {
        continue;
      }
      long start = System.nanoTime();
      Learner.UpdateStats update = entry.getValue().learner.learn(experience);
      entry.getValue().gamesSeen += rows.stream().filter(r -> r.seats().contains(entry.getKey())).count();
      stats.add(new BatchStatsRow(batchNumber, entry.getKey(), update.samples(), update.loss(),
          update.meanAdvantage(), update.entropy(), (System.nanoTime() - start) / 1e9));
    }
    return stats;
  }

  /**
   * Elo and the payoff table: one game per pair of seats of different players, counting a side (a
   * team) once, by its first seat, as {@link Standings} does.
   */
  private void rate(MatchRow row) {
    List<String> seats = row.seats();
    for (int a = 0; a < seats.size(); a++) {
      for (int b = a + 1; b < seats.size(); b++) {
        boolean representatives = Standings.representative(game.facts(), a)
            && Standings.representative(game.facts(), b);
        if (representatives && !seats.get(a).equals(seats.get(b))) {
          double ra = row.returns().get(a);
          double rb = row.returns().get(b);
          double score = ra > rb ? 1 : ra < rb ? 0 : 0.5;
          elo.record(seats.get(a), seats.get(b), score);
          payoff.record(seats.get(a), seats.get(b), score);
        }
      }
    }
  }

  private SnapshotId snapshot(LearningPlayer player, int batch) throws IOException, SQLException {
    return snapshot(player, batch, null, null, null, player.learner.freeze());
  }

  /**
   * Snapshots a player as it is after {@code batch}: written by its learner, or for an external
   * one ({@code kind} not null) the version {@code policy} by {@code weights}.
   */
  private SnapshotId snapshot(LearningPlayer player, int batch, String kind, String weightsFile,
      Snapshots.WeightsWriter weights, LearnedPolicy policy) throws IOException, SQLException {
    String label = SnapshotId.label(player.config.name(), batch);
    Path directory = runDirectory.resolve(SNAPSHOTS).resolve(label);
    String parent = player.snapshots.isEmpty() ? "" : player.snapshots.getLast();
    if (Files.exists(directory)) {
      // left by a run that stopped before recording it
      MoreFiles.deleteRecursively(directory, RecursiveDeleteOption.ALLOW_INSECURE);
    }
    Provenance provenance = new Provenance(player.config.learner(), game.spec().toString(),
        ConfigLoader.toYaml(config), config.seed(), parent, player.gamesSeen);
    if (kind == null) {
      player.learner.save(directory, provenance);
    } else {
      Snapshots.write(directory, kind, weightsFile, provenance, weights);
    }
    SnapshotId id = Snapshots.name(directory, player.config.name(), batch);
    snapshots.put(label, new Snapshot(id, policy));
    player.snapshots.add(label);
    String relative = SNAPSHOTS + "/" + label; // paths inside a run are relative to it, so a run can move
    store.addPlayer(new PlayerRow(label, PlayerKind.SNAPSHOT, "policy(path='" + relative + "')", relative,
        batch, id.sha256()));
    return id;
  }

  private boolean snapshotDue(LearningPlayer player, int batch) {
    return batch % player.config.snapshotEvery() == 0 || batch == config.batches();
  }

  /**
   * Where a snapshot of this run lives: in the run's own {@value #SNAPSHOTS} directory, where the
   * league writes every snapshot, so a run that was moved or copied reads its own and never the
   * original's. A run of schema 1 or 2 recorded absolute or working-directory-relative paths; they
   * are used only when the run's own copy is missing.
   */
  public static Path snapshotDirectory(Path runDirectory, PlayerRow snapshot) {
    Path own = runDirectory.resolve(SNAPSHOTS).resolve(snapshot.id());
    Path recorded = Path.of(snapshot.path());
    if (Files.isDirectory(own) || !recorded.isAbsolute() && recorded.startsWith(SNAPSHOTS)) {
      return own;
    }
    return Files.isDirectory(recorded) ? recorded : own;
  }

  @Override
  public void close() throws SQLException {
    try {
      saveAcknowledgements(); // acknowledgements since the last batch: fewer batches sent again on resume
      learners.values().forEach(player -> player.learner.close()); // neural learners hold native memory
    } finally {
      try {
        store.close();
      } finally {
        lock.close();
      }
    }
  }
}
