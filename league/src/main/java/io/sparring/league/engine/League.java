package io.sparring.league.engine;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Games;
import io.sparring.training.advantage.AdvantageConfig;
import io.sparring.training.advantage.GroupKey;
import io.sparring.training.advantage.MarsAdvantages;
import io.sparring.training.advantage.LearningMatch;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.matchmaking.Matchmaker;
import io.sparring.league.matchmaking.Matchmakers;
import io.sparring.league.rating.Elo;
import io.sparring.league.rating.PayoffTable;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.BatchStatsRow;
import io.sparring.league.store.LeagueStore.EvaluationRow;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.league.store.LeagueStore.PlayerRow;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.proto.v1.Trajectory;
import io.sparring.core.solvers.BestResponse;
import io.sparring.core.solvers.GameTree;
import io.sparring.core.spec.Spec;
import io.sparring.training.ExperienceBatch;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Learner;
import io.sparring.training.LearnerProvider;
import io.sparring.training.Learners;
import io.sparring.training.PolicyAgents;
import io.sparring.training.Provenance;
import io.sparring.training.Snapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One league run in a run directory. {@link #start} begins a run, {@link #resume} continues one
 * after a crash or a stop, and {@link #run} plays the remaining batches as a stream of reports.
 * Match seeds derive from the run seed and the match index, opponents are chosen from state fixed
 * at the start of each batch, and results are applied in index order, so a run is the same for any
 * number of threads and after any resume.
 */
public final class League implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(League.class);
  /** Games whose game tree is at most this big get exact exploitability evaluations. */
  private static final int EVALUATION_TREE_LIMIT = 2_000_000;
  public static final String CONFIG_FILE = "config.yaml";

  private final LeagueConfig config;
  private final Path runDirectory;
  private final LeagueStore store;
  private final Game game;
  private final ViolationPolicy violationPolicy;
  private final MarsAdvantages advantages;
  private final Map<String, LearningPlayer> learners = new LinkedHashMap<>();
  private final Map<String, String> baselines = new LinkedHashMap<>(); // id -> agent spec
  private final Map<String, LearnedPolicy> snapshots = new LinkedHashMap<>();
  private final Elo elo;
  private final PayoffTable payoff = new PayoffTable(0.99, 0.5);
  private final Optional<GameTree> tree;
  private IntConsumer matchProgress = done -> {};

  /** A learning player: its learner, matchmaker and snapshots so far (oldest first). */
  private static final class LearningPlayer {
    final LeagueConfig.PlayerConfig config;
    final Learner learner;
    final Matchmaker matchmaker;
    final List<String> snapshots = new ArrayList<>();
    long gamesSeen;

    LearningPlayer(LeagueConfig.PlayerConfig config, Learner learner, Matchmaker matchmaker) {
      this.config = config;
      this.learner = learner;
      this.matchmaker = matchmaker;
    }
  }

  private League(LeagueConfig config, Path runDirectory, LeagueStore store) {
    this.config = config;
    this.runDirectory = runDirectory;
    this.store = store;
    this.game = Games.create(config.game());
    this.violationPolicy = ViolationPolicy.parse(config.violationPolicy());
    LeagueConfig.AdvantageConfig a = config.advantage();
    this.advantages = new MarsAdvantages(new AdvantageConfig(a.gamma(), a.drawReward(),
        a.formatBonus(), a.violationPenalty(), GroupKey.valueOf(a.groupKey().toUpperCase(Locale.ROOT)),
        a.divideByStd(), a.whiten()));
    this.elo = new Elo(config.ratings().eloInitial(), config.ratings().eloK());
    for (int i = 0; i < config.players().size(); i++) {
      LeagueConfig.PlayerConfig p = config.players().get(i);
      Spec spec = Spec.parse(p.learner());
      LearnerProvider provider = Learners.registry().provider(spec.name());
      Learner learner = provider.create(Learners.registry().arguments(spec), game, derive(config.seed(), -1 - i));
      learners.put(p.name(), new LearningPlayer(p, learner, Matchmakers.create(p.matchmaker())));
    }
    config.baselines().forEach(b -> baselines.put(b.name(), b.agent()));
    this.tree = evaluationTree(game);
  }

  /** Starts a new run in {@code runDirectory}, which must not hold one already. */
  public static League start(LeagueConfig config, Path runDirectory) throws IOException, SQLException {
    Files.createDirectories(runDirectory);
    Files.writeString(runDirectory.resolve(CONFIG_FILE), ConfigLoader.toYaml(config));
    LeagueStore store = LeagueStore.create(runDirectory);
    store.setMeta("seed", String.valueOf(config.seed()));
    for (LeagueConfig.PlayerConfig p : config.players()) {
      store.addPlayer(new PlayerRow(p.name(), "learner", p.learner(), "", 0));
    }
    for (LeagueConfig.BaselineConfig b : config.baselines()) {
      store.addPlayer(new PlayerRow(b.name(), "baseline", b.agent(), "", 0));
    }
    return new League(config, runDirectory, store);
  }

  /**
   * Reopens a run: reads its saved config and database and rebuilds the learners, ratings and
   * snapshots by replaying every completed batch from the stored trajectories. Matches of an
   * unfinished batch that were stored are kept; {@link #run} plays only the missing ones.
   */
  public static League resume(Path runDirectory) throws IOException, SQLException {
    LeagueConfig config = ConfigLoader.read(runDirectory.resolve(CONFIG_FILE));
    League league = new League(config, runDirectory, LeagueStore.open(runDirectory));
    league.rebuild();
    return league;
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
        throw new IllegalStateException("the league database failed: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private void rebuild() throws SQLException, IOException {
    for (PlayerRow p : store.players()) {
      if (p.kind().equals("snapshot")) {
        snapshots.put(p.id(), Snapshots.load(Path.of(p.path())));
      }
    }
    int completed = store.completedBatches();
    for (int b = 1; b <= completed; b++) {
      List<MatchRow> rows = store.matches(OptionalLong.of(b));
      learnAndRate(rows);
      for (LearningPlayer player : learners.values()) {
        String id = player.config.name() + "-b" + b;
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
    Map<String, LearnedPolicy> frozen = new HashMap<>();
    learners.forEach((id, p) -> frozen.put(id, p.learner.player()));

    List<MatchConfig> scheduled = new ArrayList<>();
    for (long index = firstIndex; index < end; index++) {
      if (!stored.contains(index)) {
        scheduled.add(schedule(index));
      }
    }
    // More matches in flight than threads: virtual threads, which wait on batched inference for free.
    ExecutorService pool = config.matchesInFlight() > config.playingThreads()
        ? Executors.newFixedThreadPool(config.matchesInFlight(), Thread.ofVirtual().name("match-", 0).factory())
        : Executors.newFixedThreadPool(config.playingThreads());
    try {
      List<Future<MatchRow>> futures = new ArrayList<>();
      for (MatchConfig match : scheduled) {
        futures.add(pool.submit(() -> play(match, batch, frozen)));
      }
      List<MatchRow> pending = new ArrayList<>();
      int done = stored.size();
      for (Future<MatchRow> future : futures) {
        pending.add(future.get());
        matchProgress.accept(++done);
        if (pending.size() >= 200) {
          store.addMatches(pending);
          pending.clear();
        }
      }
      store.addMatches(pending);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the league was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a match failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }

    List<MatchRow> rows = store.matches(OptionalLong.of(batch));
    List<BatchStatsRow> stats = learnAndRate(rows);
    double seconds = (System.nanoTime() - start) / 1e9;
    store.completeBatch(batch, rows.size(), seconds, stats, elo.ratings());

    List<String> taken = new ArrayList<>();
    for (LearningPlayer p : learners.values()) {
      if (snapshotDue(p, batch)) {
        taken.add(snapshot(p, batch));
      }
    }
    Map<String, Double> exploitability = new LinkedHashMap<>();
    Map<String, Double> minimaxLosses = new LinkedHashMap<>();
    int every = config.evaluation().every();
    if (every > 0 && (batch % every == 0 || batch == config.batches())) {
      for (var entry : learners.entrySet()) {
        if (tree.isPresent()) {
          double value = exploitability(entry.getValue().learner.policy());
          exploitability.put(entry.getKey(), value);
          store.addEvaluation(new EvaluationRow(batch, entry.getKey(), "exploitability", value));
        }
        if (config.evaluation().minimaxGames() > 0) {
          double value = minimaxLossRate(entry.getValue().learner.freeze(), batch);
          minimaxLosses.put(entry.getKey(), value);
          store.addEvaluation(new EvaluationRow(batch, entry.getKey(), "minimax_losses", value));
        }
      }
    }
    return new BatchReport(batch, config.batches(), store.matchCount(), config.matches(), seconds,
        rows.size() / seconds, stats, exploitability, minimaxLosses, taken);
  }

  /** Chooses who plays match {@code index}; depends only on state fixed before the batch. */
  private MatchConfig schedule(long index) {
    SplittableRandom random = new SplittableRandom(derive(config.seed(), index));
    List<LearningPlayer> players = new ArrayList<>(learners.values());
    LearningPlayer learner = players.get((int) (index % players.size()));
    String id = learner.config.name();
    List<String> baselineIds = new ArrayList<>(baselines.keySet());
    String opponent;
    if (!baselineIds.isEmpty() && random.nextDouble() < config.baselineRate()) {
      opponent = baselineIds.get(random.nextInt(baselineIds.size()));
    } else {
      opponent = learner.matchmaker.chooseOpponent(id, List.copyOf(learner.snapshots), baselineIds,
          payoff, random);
    }
    int seats = game.numPlayers();
    int learnerSeat = (int) (index % seats);
    List<Seating> seatings = new ArrayList<>();
    for (int seat = 0; seat < seats; seat++) {
      String player = seat == learnerSeat ? id : opponent;
      seatings.add(new Seating(List.of(seat), Spec.of(player),
          snapshots.containsKey(player) ? player : ""));
    }
    return new MatchConfig(game, derive(config.seed(), index), seatings, violationPolicy,
        Optional.empty(), String.valueOf(index));
  }

  private MatchRow play(MatchConfig match, int batch, Map<String, LearnedPolicy> frozen) {
    long start = System.nanoTime();
    Trajectory trajectory = MatchRunner.play(match, (state, step) -> {}, (player, g, seed) -> agent(player.name(), frozen, seed));
    double millis = (System.nanoTime() - start) / 1e6;
    List<String> seats = trajectory.getSeatsList().stream().map(s -> s.getPlayer()).toList();
    return new MatchRow(Long.parseLong(match.matchId()), batch, match.seed(), seats,
        trajectory.getReturnsList(), trajectory.getEndReason().name(), millis, trajectory);
  }

  private Agent agent(String player, Map<String, LearnedPolicy> frozen, long seed) {
    if (frozen.containsKey(player)) {
      return PolicyAgents.of(frozen.get(player), seed);
    }
    if (snapshots.containsKey(player)) {
      return PolicyAgents.of(snapshots.get(player), seed);
    }
    String spec = baselines.get(player);
    if (spec == null) {
      throw new IllegalStateException("unknown league player '" + player + "'");
    }
    return Agents.create(spec, game, seed);
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
    Map<String, ExperienceBatch> batches = advantages.compute(learning);
    List<BatchStatsRow> stats = new ArrayList<>();
    int batchNumber = rows.isEmpty() ? 0 : rows.getFirst().batch();
    for (var entry : learners.entrySet()) {
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

  /** Elo and the payoff table, for every pair of different players in a match. */
  private void rate(MatchRow row) {
    List<String> seats = row.seats();
    for (int a = 0; a < seats.size(); a++) {
      for (int b = a + 1; b < seats.size(); b++) {
        if (!seats.get(a).equals(seats.get(b))) {
          double ra = row.returns().get(a);
          double rb = row.returns().get(b);
          double score = ra > rb ? 1 : ra < rb ? 0 : 0.5;
          elo.record(seats.get(a), seats.get(b), score);
          payoff.record(seats.get(a), seats.get(b), score);
        }
      }
    }
  }

  private String snapshot(LearningPlayer player, int batch) throws IOException, SQLException {
    String id = player.config.name() + "-b" + batch;
    Path directory = runDirectory.resolve("snapshots").resolve(id);
    String parent = player.snapshots.isEmpty() ? "" : player.snapshots.getLast();
    if (Files.exists(directory)) {
      // left by a run that stopped before recording it
      MoreFiles.deleteRecursively(directory, RecursiveDeleteOption.ALLOW_INSECURE);
    }
    player.learner.save(directory, new Provenance(player.config.learner(), game.spec().toString(),
        ConfigLoader.toYaml(config), config.seed(), parent, player.gamesSeen));
    snapshots.put(id, player.learner.freeze());
    player.snapshots.add(id);
    store.addPlayer(new PlayerRow(id, "snapshot", "policy(path='" + directory + "')",
        directory.toString(), batch));
    return id;
  }

  private boolean snapshotDue(LearningPlayer player, int batch) {
    return batch % player.config.snapshotEvery() == 0 || batch == config.batches();
  }

  /**
   * The share of games the policy's greedy play loses against minimax, {@code minimax_games} per
   * seat, seeded from the run seed and the batch (these games are not part of the league).
   */
  private double minimaxLossRate(LearnedPolicy policy, int batch) {
    LearnedPolicy greedy = PolicyAgents.greedy(policy);
    Spec minimax = Spec.parse("solver(kind=minimax)");
    int perSeat = config.evaluation().minimaxGames();
    int losses = 0;
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      for (int g = 0; g < perSeat; g++) {
        List<Seating> seatings = new ArrayList<>();
        for (int s = 0; s < game.numPlayers(); s++) {
          seatings.add(new Seating(List.of(s), s == seat ? Spec.of("evaluated") : minimax, ""));
        }
        long seed = derive(derive(config.seed(), -1_000_000L - batch), (long) seat * perSeat + g);
        Trajectory t = MatchRunner.play(new MatchConfig(game, seed, seatings, violationPolicy,
            Optional.empty(), "evaluation"), (state, step) -> {}, (player, g2, agentSeed) ->
            player.name().equals("evaluated") ? PolicyAgents.of(greedy, agentSeed)
                : Agents.create(player, g2, agentSeed));
        double mine = t.getReturns(seat);
        for (int s = 0; s < game.numPlayers(); s++) {
          if (s != seat && t.getReturns(s) > mine) {
            losses++;
            break;
          }
        }
      }
    }
    return (double) losses / (perSeat * game.numPlayers());
  }

  private double exploitability(LearnedPolicy policy) {
    return BestResponse.nashConv(tree.orElseThrow(), policy.asGamePolicy()) / game.numPlayers();
  }

  /** The game tree for exact evaluation, for small sequential imperfect-information games. */
  private static Optional<GameTree> evaluationTree(Game game) {
    GameType type = game.type();
    if (type.information() != GameType.Information.IMPERFECT
        || type.dynamics() != GameType.Dynamics.SEQUENTIAL
        || type.utility() != GameType.Utility.ZERO_SUM) {
      return Optional.empty();
    }
    try {
      return Optional.of(GameTree.build(game, EVALUATION_TREE_LIMIT));
    } catch (IllegalArgumentException | IllegalStateException tooBig) {
      LOG.info("no exploitability for {}: {}", game.spec(), tooBig.getMessage());
      return Optional.empty();
    }
  }

  /** A seed for stream {@code index} of a run. */
  static long derive(long seed, long index) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index).nextLong();
  }

  @Override
  public void close() throws SQLException {
    learners.values().forEach(player -> player.learner.close()); // neural learners hold native memory
    store.close();
  }
}
