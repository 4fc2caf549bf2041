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
      "  ./sparring league run                         the embedded default: a Kuhn poker league",
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
        "  ./sparring league run --set game=leduc_poker --set matches=200000",
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
      LeagueConfig config = ConfigLoader.load(configFile, all);
      PrintWriter out = command.commandLine().getOut();
      if (dryRun) {
        out.print(ConfigLoader.toYaml(config));
        return CommandLine.ExitCode.OK;
      }
      Path dir = runDirectory != null ? runDirectory : Path.of("runs",
          "league-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      if (Files.exists(dir.resolve(LeagueStore.FILE))) {
        throw new CommandLine.ParameterException(command.commandLine(),
            dir + " already holds a league; resume it with: ./sparring league resume " + dir);
      }
      try (League league = League.start(config, dir)) {
        return drive(league, out);
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
      try (League league = League.resume(runDirectory)) {
        PrintWriter out = command.commandLine().getOut();
        out.printf("Resuming %s after batch %d of %d (%d matches stored).%n", runDirectory,
            league.store().completedBatches(), league.config().batches(), league.store().matchCount());
        return drive(league, out);
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
      LeagueConfig config = ConfigLoader.read(runDirectory.resolve(League.CONFIG_FILE));
      try (LeagueStore store = LeagueStore.open(runDirectory)) {
        PrintWriter out = command.commandLine().getOut();
        Standings standings = Standings.compute(store, config);
        out.printf("%s: %d matches, %d of %d batches complete.%n%n", runDirectory, store.matchCount(),
            store.completedBatches(), config.batches());
        Reports.standings(standings).forEach(out::println);
        out.println();
        Reports.payoffMatrix(standings).forEach(out::println);
      }
      return CommandLine.ExitCode.OK;
    }
  }

  /** Runs the league to its end, printing progress, standings, and the final summary. */
  static int drive(League league, PrintWriter out) throws IOException, SQLException {
    LeagueConfig config = league.config();
    boolean terminal = System.console() != null;
    long started = System.nanoTime();
    long[] lastStandings = {System.nanoTime()};
    out.printf("League: %s, %d matches in %d batches of %d, run directory %s%n", config.game(),
        config.matches(), config.batches(), config.batchMatches(), league.runDirectory());
    out.flush();
    if (terminal) {
      league.onMatchFinished(done -> {
        int width = 30;
        int filled = (int) ((long) width * done / config.batchMatches());
        out.printf("\r  [%s%s] %d/%d in this batch", "#".repeat(Math.min(width, filled)),
            ".".repeat(Math.max(0, width - filled)), done, config.batchMatches());
        out.flush();
      });
    }
    Map<String, Double> lastExploitability = Map.of();
    for (BatchReport report : (Iterable<BatchReport>) league.run()::iterator) {
      double elapsed = (System.nanoTime() - started) / 1e9;
      long remaining = report.totalMatches() - report.matches();
      double eta = remaining / Math.max(1e-9, report.gamesPerSecond());
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "%sbatch %d/%d  %d/%d matches  %.0f games/s  elapsed %s  ETA %s", terminal ? "\r" : "",
          report.batch(), report.batches(), report.matches(), report.totalMatches(),
          report.gamesPerSecond(), clock(elapsed), clock(eta)));
      report.exploitability().forEach((player, value) ->
          line.append(String.format(Locale.ROOT, "  %s exploitability %.4f", player, value)));
      if (!report.snapshots().isEmpty()) {
        line.append("  snapshot ").append(String.join(", ", report.snapshots()));
      }
      out.println(line);
      if (!report.exploitability().isEmpty()) {
        lastExploitability = report.exploitability();
      }
      if ((System.nanoTime() - lastStandings[0]) / 1e9 >= config.report().standingsSeconds()) {
        lastStandings[0] = System.nanoTime();
        Reports.standings(Standings.compute(league.store(), config)).forEach(l -> out.println("    " + l));
      }
      out.flush();
    }
    Standings standings = Standings.compute(league.store(), config);
    List<String> summary = new ArrayList<>();
    summary.add(String.format(Locale.ROOT, "League %s finished: %d matches in %s.", config.game(),
        league.store().matchCount(), clock((System.nanoTime() - started) / 1e9)));
    lastExploitability.forEach((player, value) -> summary.add(
        String.format(Locale.ROOT, "Final exploitability of %s: %.4f", player, value)));
    summary.add("");
    summary.addAll(Reports.standings(standings));
    summary.add("");
    summary.addAll(Reports.payoffMatrix(standings));
    List<Path> plots = Plots.write(league.store(), league.runDirectory());
    summary.add("");
    plots.forEach(p -> summary.add("Plot: " + p));
    Files.write(league.runDirectory().resolve("summary.txt"), summary);
    out.println();
    summary.forEach(out::println);
    out.println("Summary: " + league.runDirectory().resolve("summary.txt"));
    return CommandLine.ExitCode.OK;
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? "%dh%02dm".formatted(s / 3600, s / 60 % 60)
        : s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : s + "s";
  }
}
