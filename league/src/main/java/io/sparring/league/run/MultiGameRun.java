package io.sparring.league.run;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.BatchReport;
import io.sparring.league.engine.League;
import io.sparring.league.engine.LearnerFactory;
import io.sparring.league.engine.Standings;
import io.sparring.league.report.Plots;
import io.sparring.league.report.Reports;
import io.sparring.league.store.LeagueStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The leagues of one run directory, one per game, played to their ends a batch of each in turn.
 * A run of one game keeps its league in the directory itself; a run of several keeps each game's
 * in a subdirectory named in {@value RunDirectories#GAMES_FILE}. At the end each league's
 * summary.txt and plots are written in its directory, and a run of several games also gets one
 * summary.txt of them all.
 */
public final class MultiGameRun implements AutoCloseable {
  private final Path runDirectory;
  private final List<League> leagues;

  /** What a run tells while it plays; every method has a default that ignores it. */
  public interface Listener {
    /** Before the first batch, for each league in play order. */
    default void leagueStarting(League league) {}

    /** A match of the current batch of {@code league} finished; {@code done} of the batch are. */
    default void matchFinished(League league, int done) {}

    /**
     * A batch finished.
     *
     * @param elapsedSeconds since play began
     * @param etaSeconds the time the unfinished leagues still need at their latest speeds
     */
    default void batchFinished(League league, BatchReport report, double elapsedSeconds, double etaSeconds) {}

    /** The standings of every league by game, at most every {@code report.standings_seconds}. */
    default void standings(Map<String, Standings> byGame) {}

    /** Play ended: the summary of every league, as written to {@code summaryFile}. */
    default void finished(List<String> summary, Path summaryFile) {}
  }

  private MultiGameRun(Path runDirectory, List<League> leagues) {
    this.runDirectory = runDirectory;
    this.leagues = List.copyOf(leagues);
  }

  /** Whether {@code directory} holds a run already (which {@link #resume} continues). */
  public static boolean holdsRun(Path directory) {
    return LeagueStore.exists(directory) || Files.exists(directory.resolve(RunDirectories.GAMES_FILE));
  }

  /** Starts the leagues of {@code configs} (one per game) in a new run directory, on SQLite. */
  public static MultiGameRun start(List<LeagueConfig> configs, Path runDirectory) throws IOException, SQLException {
    return start(configs, runDirectory, Optional.empty());
  }

  /**
   * Starts the leagues of {@code configs} (one per game) in a new run directory, each with its
   * store on {@code server} (a PostgreSQL URL; empty: a SQLite file in each league's directory).
   */
  public static MultiGameRun start(List<LeagueConfig> configs, Path runDirectory, Optional<String> server)
      throws IOException, SQLException {
    return start(configs, runDirectory, server, LearnerFactory.REGISTRY);
  }

  /** As {@link #start(List, Path, Optional)}, with the learners made by {@code learners}. */
  public static MultiGameRun start(List<LeagueConfig> configs, Path runDirectory, Optional<String> server,
      LearnerFactory learners) throws IOException, SQLException {
    if (Files.isRegularFile(runDirectory)) {
      throw new IllegalStateException(runDirectory + " is a file, not a run directory");
    }
    if (holdsRun(runDirectory)) {
      throw new IllegalStateException(runDirectory + " already holds a league");
    }
    boolean made = !Files.exists(runDirectory);
    List<League> leagues = new ArrayList<>();
    try {
      if (configs.size() == 1) {
        leagues.add(League.start(configs.getFirst(), runDirectory, server, UnaryOperator.identity(), learners));
      } else {
        Files.createDirectories(runDirectory);
        List<String> names = configs.stream().map(c -> RunDirectories.name(c.game())).toList();
        Files.write(runDirectory.resolve(RunDirectories.GAMES_FILE), names);
        for (int i = 0; i < configs.size(); i++) {
          leagues.add(League.start(configs.get(i), runDirectory.resolve(names.get(i)), server,
              UnaryOperator.identity(), learners));
        }
      }
    } catch (IOException | SQLException | RuntimeException e) {
      closeAll(leagues);
      if (made) { // a run that never started leaves nothing that looks like one
        MoreFiles.deleteRecursively(runDirectory, RecursiveDeleteOption.ALLOW_INSECURE);
      }
      throw e;
    }
    return new MultiGameRun(runDirectory, leagues);
  }

  /** Reopens every league of a run directory (see {@link League#resume}). */
  public static MultiGameRun resume(Path runDirectory) throws IOException, SQLException {
    return resume(runDirectory, false);
  }

  /**
   * Reopens every league of a run directory, accepting changes of its config.yaml that change
   * what is played or learnt only with {@code allowConfigChange} (see {@link League#resume}).
   */
  public static MultiGameRun resume(Path runDirectory, boolean allowConfigChange) throws IOException, SQLException {
    return resume(runDirectory, allowConfigChange, LearnerFactory.REGISTRY);
  }

  /** As {@link #resume(Path, boolean)}, with the learners made by {@code learners}. */
  public static MultiGameRun resume(Path runDirectory, boolean allowConfigChange, LearnerFactory learners)
      throws IOException, SQLException {
    List<League> leagues = new ArrayList<>();
    try {
      for (Path dir : RunDirectories.of(runDirectory)) {
        leagues.add(League.resume(dir, allowConfigChange, UnaryOperator.identity(), learners));
      }
    } catch (IOException | SQLException | RuntimeException e) {
      closeAll(leagues);
      throw e;
    }
    return new MultiGameRun(runDirectory, leagues);
  }

  public Path runDirectory() {
    return runDirectory;
  }

  /** The leagues in play order. */
  public List<League> leagues() {
    return leagues;
  }

  /** Plays every league to its end, telling {@code listener}, and writes the summaries. */
  public void play(Listener listener) throws IOException, SQLException {
    long started = System.nanoTime();
    long lastStandings = System.nanoTime();
    List<Iterator<BatchReport>> runs = new ArrayList<>();
    List<Map<String, Double>> lastExploitability = new ArrayList<>();
    List<Map<String, Double>> lastMinimax = new ArrayList<>();
    double[] secondsLeft = new double[leagues.size()];
    for (League league : leagues) {
      listener.leagueStarting(league);
      league.onMatchFinished(done -> listener.matchFinished(league, done));
      runs.add(league.run().iterator());
      lastExploitability.add(Map.of());
      lastMinimax.add(Map.of());
    }
    for (boolean playing = true; playing; ) {
      playing = false;
      for (int i = 0; i < leagues.size(); i++) {
        if (!runs.get(i).hasNext()) {
          continue;
        }
        playing = true;
        BatchReport report = runs.get(i).next();
        secondsLeft[i] = (report.totalMatches() - report.matches()) / Math.max(1e-9, report.gamesPerSecond());
        listener.batchFinished(leagues.get(i), report, (System.nanoTime() - started) / 1e9,
            Arrays.stream(secondsLeft).sum());
        if (!report.exploitability().isEmpty()) {
          lastExploitability.set(i, report.exploitability());
        }
        if (!report.minimaxLosses().isEmpty()) {
          lastMinimax.set(i, report.minimaxLosses());
        }
      }
      if (playing && (System.nanoTime() - lastStandings) / 1e9
          >= leagues.getFirst().config().report().standingsSeconds()) {
        lastStandings = System.nanoTime();
        Map<String, Standings> byGame = new LinkedHashMap<>();
        for (League league : leagues) {
          byGame.put(league.config().game(), Standings.compute(league.store(), league.config()));
        }
        listener.standings(byGame);
      }
    }
    List<String> all = new ArrayList<>();
    for (int i = 0; i < leagues.size(); i++) {
      List<String> summary = summary(leagues.get(i), lastExploitability.get(i), lastMinimax.get(i),
          (System.nanoTime() - started) / 1e9);
      Files.write(leagues.get(i).runDirectory().resolve("summary.txt"), summary);
      all.addAll(summary);
      all.add("");
    }
    Path summaryFile = runDirectory.resolve("summary.txt");
    if (leagues.size() > 1) {
      Files.write(summaryFile, all);
    }
    listener.finished(all, summaryFile);
  }

  private static List<String> summary(League league, Map<String, Double> exploitability,
      Map<String, Double> minimax, double seconds) throws SQLException, IOException {
    LeagueConfig config = league.config();
    List<String> summary = new ArrayList<>();
    summary.add(String.format(Locale.ROOT, "League %s finished: %d matches in %s.", config.game(),
        league.store().matchCount(), Reports.clock(seconds)));
    exploitability.forEach((player, value) -> summary.add(
        String.format(Locale.ROOT, "Final exploitability of %s: %.4f", player, value)));
    minimax.forEach((player, value) -> summary.add(String.format(Locale.ROOT,
        "Final losses of %s against minimax (greedy play, %d games per seat): %.1f%%", player,
        config.evaluation().minimaxGames(), 100 * value)));
    summary.add("");
    Standings standings = Standings.compute(league.store(), config);
    summary.addAll(Reports.standings(standings));
    summary.add("");
    summary.addAll(Reports.payoffMatrix(standings));
    List<Path> plots = Plots.write(league.store(), league.runDirectory());
    summary.add("");
    plots.forEach(p -> summary.add("Plot: " + p));
    return summary;
  }

  @Override
  public void close() throws SQLException {
    closeAll(leagues);
  }

  private static void closeAll(List<League> leagues) throws SQLException {
    for (League league : leagues) {
      league.close();
    }
  }
}
