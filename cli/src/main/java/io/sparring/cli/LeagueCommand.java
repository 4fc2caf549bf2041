package io.sparring.cli;

import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.BatchReport;
import io.sparring.league.engine.League;
import io.sparring.league.engine.Standings;
import io.sparring.league.report.Plots;
import io.sparring.league.report.Reports;
import io.sparring.league.store.LeagueStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparring league}: run, resume and inspect self-play leagues. */
@Command(
    name = "league",
    mixinStandardHelpOptions = true,
    description = "Run a self-play league, resume one, or show its standings.",
    subcommands = {LeagueCommand.Run.class, LeagueCommand.Resume.class, LeagueCommand.StandingsCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring league run                         the embedded default: Kuhn, Leduc, tic-tac-toe",
      "  ./sparring league run --config my.yaml --set batch_matches=200 --threads 1",
      "  ./sparring league run --dry-run               print the effective config and exit",
      "  ./sparring league resume runs/league-20261123-101500",
      "  ./sparring league standings runs/league-20261123-101500"
    })
final class LeagueCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(command.commandLine(), "name what to do: run, resume or standings");
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run a league from the embedded default, changed by --config and --set.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  ./sparring league run",
        "  ./sparring league run --set game=leduc_poker --set matches=200000    one game only",
        "  ./sparring league run --config league.yaml --run-dir runs/first --threads 1"
      })
  static final class Run implements Callable<Integer> {
    @CommandLine.Spec private CommandLine.Model.CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML merged over the embedded default.")
    private Path configFile;

    @Option(names = "--run-dir", paramLabel = "DIR",
        description = "Where the run keeps its database, snapshots, plots (default: runs/league-TIME).")
    private Path runDirectory;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override one key, e.g. players.0.learner='tabular(learning_rate=1)'.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Threads playing matches (default: the config's, 0 = all cores).")
    private Integer threads;

    @Option(names = "--dry-run", description = "Print the effective config and exit.")
    private boolean dryRun;

    @Override
    public Integer call() throws IOException, SQLException {
      List<String> all = new ArrayList<>(overrides);
      if (threads != null) {
        all.add("threads=" + threads);
      }
      List<LeagueConfig> configs = ConfigLoader.loadAll(configFile, all);
      PrintWriter out = command.commandLine().getOut();
      if (dryRun) {
        for (LeagueConfig config : configs) {
          out.print((configs.size() > 1 ? "---\n# the league of " + config.game() + "\n" : "")
              + ConfigLoader.toYaml(config));
        }
        return CommandLine.ExitCode.OK;
      }
      Path dir = runDirectory != null ? runDirectory : Path.of("runs",
          "league-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      if (Files.exists(dir.resolve(LeagueStore.FILE)) || Files.exists(dir.resolve(RunDirectories.GAMES_FILE))) {
        throw new CommandLine.ParameterException(command.commandLine(),
            dir + " already holds a league; resume it with: ./sparring league resume " + dir);
      }
      List<League> leagues = new ArrayList<>();
      try {
        if (configs.size() == 1) {
          leagues.add(League.start(configs.getFirst(), dir));
        } else {
          Files.createDirectories(dir);
          List<String> names = configs.stream().map(c -> RunDirectories.name(c.game())).toList();
          Files.write(dir.resolve(RunDirectories.GAMES_FILE), names);
          for (int i = 0; i < configs.size(); i++) {
            leagues.add(League.start(configs.get(i), dir.resolve(names.get(i))));
          }
        }
        return drive(leagues, dir, out);
      } finally {
        closeAll(leagues);
      }
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Continue a stopped or crashed run from its database; no match is lost or counted twice.",
      footerHeading = "%nExamples:%n", footer = {"  ./sparring league resume runs/league-20261123-101500"})
  static final class Resume implements Callable<Integer> {
    @CommandLine.Spec private CommandLine.Model.CommandSpec command;

    @Parameters(paramLabel = "RUN_DIR", description = "The run directory.")
    private Path runDirectory;

    @Override
    public Integer call() throws IOException, SQLException {
      List<League> leagues = new ArrayList<>();
      try {
        PrintWriter out = command.commandLine().getOut();
        for (Path dir : RunDirectories.of(runDirectory)) {
          League league = League.resume(dir);
          leagues.add(league);
          out.printf("Resuming %s after batch %d of %d (%d matches stored).%n", dir,
              league.store().completedBatches(), league.config().batches(), league.store().matchCount());
        }
        return drive(leagues, runDirectory, out);
      } finally {
        closeAll(leagues);
      }
    }
  }

  @Command(name = "standings", mixinStandardHelpOptions = true,
      description = "Print a run's standings and payoff matrix, computed from its database.",
      footerHeading = "%nExamples:%n", footer = {"  ./sparring league standings runs/league-20261123-101500"})
  static final class StandingsCommand implements Callable<Integer> {
    @CommandLine.Spec private CommandLine.Model.CommandSpec command;

    @Parameters(paramLabel = "RUN_DIR", description = "The run directory.")
    private Path runDirectory;

    @Override
    public Integer call() throws SQLException {
      PrintWriter out = command.commandLine().getOut();
      for (Path dir : RunDirectories.of(runDirectory)) {
        LeagueConfig config = ConfigLoader.read(dir.resolve(League.CONFIG_FILE));
        try (LeagueStore store = LeagueStore.open(dir)) {
          Standings standings = Standings.compute(store, config);
          out.printf("%s (%s): %d matches, %d of %d batches complete.%n%n", dir, config.game(),
              store.matchCount(), store.completedBatches(), config.batches());
          Reports.standings(standings).forEach(out::println);
          out.println();
          Reports.payoffMatrix(standings).forEach(out::println);
          out.println();
        }
      }
      return CommandLine.ExitCode.OK;
    }
  }

  /**
   * Runs the leagues to their ends, a batch of each in turn, printing progress, standings and the
   * final summaries; each league's summary.txt is in its directory, and a run of several games
   * also gets one summary.txt of them all in {@code runDirectory}.
   */
  static int drive(List<League> leagues, Path runDirectory, PrintWriter out) throws IOException, SQLException {
    boolean several = leagues.size() > 1;
    boolean terminal = System.console() != null;
    long started = System.nanoTime();
    long lastStandings = System.nanoTime();
    List<Iterator<BatchReport>> runs = new ArrayList<>();
    List<Map<String, Double>> lastExploitability = new ArrayList<>();
    List<Map<String, Double>> lastMinimax = new ArrayList<>();
    double[] secondsLeft = new double[leagues.size()];
    for (int i = 0; i < leagues.size(); i++) {
      League league = leagues.get(i);
      LeagueConfig config = league.config();
      out.printf("League: %s, %d matches in %d batches of %d, run directory %s%n", config.game(),
          config.matches(), config.batches(), config.batchMatches(), league.runDirectory());
      if (terminal) {
        league.onMatchFinished(done -> {
          int width = 30;
          int filled = (int) ((long) width * done / config.batchMatches());
          out.printf("\r  [%s%s] %d/%d in this batch", "#".repeat(Math.min(width, filled)),
              ".".repeat(Math.max(0, width - filled)), done, config.batchMatches());
          out.flush();
        });
      }
      runs.add(league.run().iterator());
      lastExploitability.add(Map.of());
      lastMinimax.add(Map.of());
    }
    out.flush();
    for (boolean playing = true; playing; ) {
      playing = false;
      for (int i = 0; i < leagues.size(); i++) {
        if (!runs.get(i).hasNext()) {
          continue;
        }
        playing = true;
        BatchReport report = runs.get(i).next();
        double elapsed = (System.nanoTime() - started) / 1e9;
        secondsLeft[i] = (report.totalMatches() - report.matches()) / Math.max(1e-9, report.gamesPerSecond());
        double eta = Arrays.stream(secondsLeft).sum();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
            "%s%sbatch %d/%d  %d/%d matches  %.0f games/s  elapsed %s  ETA %s", terminal ? "\r" : "",
            several ? "[" + leagues.get(i).config().game() + "] " : "", report.batch(), report.batches(),
            report.matches(), report.totalMatches(), report.gamesPerSecond(), clock(elapsed), clock(eta)));
        report.exploitability().forEach((player, value) ->
            line.append(String.format(Locale.ROOT, "  %s exploitability %.4f", player, value)));
        report.minimaxLosses().forEach((player, value) ->
            line.append(String.format(Locale.ROOT, "  %s loses %.0f%% to minimax", player, 100 * value)));
        if (!report.snapshots().isEmpty()) {
          line.append("  snapshot ").append(String.join(", ", report.snapshots()));
        }
        out.println(line);
        if (!report.exploitability().isEmpty()) {
          lastExploitability.set(i, report.exploitability());
        }
        if (!report.minimaxLosses().isEmpty()) {
          lastMinimax.set(i, report.minimaxLosses());
        }
        out.flush();
      }
      if (playing && (System.nanoTime() - lastStandings) / 1e9
          >= leagues.getFirst().config().report().standingsSeconds()) {
        lastStandings = System.nanoTime();
        for (League league : leagues) {
          if (several) {
            out.println("    " + league.config().game() + ":");
          }
          Reports.standings(Standings.compute(league.store(), league.config()))
              .forEach(l -> out.println("    " + l));
        }
        out.flush();
      }
    }
    List<String> all = new ArrayList<>();
    for (int i = 0; i < leagues.size(); i++) {
      League league = leagues.get(i);
      LeagueConfig config = league.config();
      List<String> summary = new ArrayList<>();
      summary.add(String.format(Locale.ROOT, "League %s finished: %d matches in %s.", config.game(),
          league.store().matchCount(), clock((System.nanoTime() - started) / 1e9)));
      lastExploitability.get(i).forEach((player, value) -> summary.add(
          String.format(Locale.ROOT, "Final exploitability of %s: %.4f", player, value)));
      lastMinimax.get(i).forEach((player, value) -> summary.add(String.format(Locale.ROOT,
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
      Files.write(league.runDirectory().resolve("summary.txt"), summary);
      all.addAll(summary);
      all.add("");
    }
    out.println();
    all.forEach(out::println);
    if (several) {
      Files.write(runDirectory.resolve("summary.txt"), all);
    }
    out.println("Summary: " + runDirectory.resolve("summary.txt"));
    return CommandLine.ExitCode.OK;
  }

  private static void closeAll(List<League> leagues) throws SQLException {
    for (League league : leagues) {
      league.close();
    }
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? "%dh%02dm".formatted(s / 3600, s / 60 % 60)
        : s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : s + "s";
  }
}
