package io.sparring.cli;

import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.BatchReport;
import io.sparring.league.engine.League;
import io.sparring.league.engine.Standings;
import io.sparring.league.report.Reports;
import io.sparring.league.run.MultiGameRun;
import io.sparring.league.run.RunDirectories;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.PlayerKind;
import io.sparring.league.store.RunLock;
import io.sparring.training.SnapshotId;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparring league}: run, resume and inspect self-play leagues. */
@Command(
    name = "league",
    mixinStandardHelpOptions = true,
    description = "Run a self-play league, resume one, show its standings or prune its records.",
    subcommands = {LeagueCommand.Run.class, LeagueCommand.Resume.class, LeagueCommand.StandingsCommand.class,
        LeagueCommand.Prune.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring league run                         the embedded default: Kuhn, Leduc, tic-tac-toe",
      "  ./sparring league run --config my.yaml --set batch_matches=200 --threads 1",
      "  ./sparring league run --dry-run               print the effective config and exit",
      "  ./sparring league resume runs/league-20261123-101500",
      "  ./sparring league run --store jdbc:postgresql://127.0.0.1/sparring   the store on PostgreSQL",
      "  ./sparring league standings runs/league-20261123-101500",
      "  ./sparring league prune runs/league-20261123-101500 --baselines-only"
    })
final class LeagueCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(command.commandLine(), "name what to do: run, resume, standings or prune");
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

    @Option(names = "--store", paramLabel = "URL", description = "Keep the league's store in PostgreSQL, e.g."
        + " jdbc:postgresql://127.0.0.1/sparring?user=league (password from $PGPASSWORD; each league gets a"
        + " schema of its own). Default: a SQLite file in the run directory.")
    private String store;

    @CommandLine.Mixin private ExperienceServing experience;

    @Override
    public Integer call() throws IOException, SQLException, InterruptedException {
      List<String> all = new ArrayList<>(overrides);
      if (threads != null) {
        all.add("threads=" + threads);
      }
      if (store != null) {
        try {
          LeagueStore.checkServerUrl(store);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(command.commandLine(), e.getMessage());
        }
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
      if (MultiGameRun.holdsRun(dir)) {
        throw new CommandLine.ParameterException(command.commandLine(),
            dir + " already holds a league; resume it with: ./sparring league resume " + dir);
      }
      try (ExperienceServing.Started serving = experience.start(command.commandLine(), out);
          MultiGameRun run = MultiGameRun.start(configs, dir, Optional.ofNullable(store), serving.learners())) {
        run.play(new Printer(out, run.leagues().size() > 1));
        serving.finish(out, experience.drainSeconds);
      }
      return CommandLine.ExitCode.OK;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Continue a stopped or crashed run from its database; no match is lost or counted twice.",
      footerHeading = "%nExamples:%n", footer = {"  ./sparring league resume runs/league-20261123-101500"})
  static final class Resume implements Callable<Integer> {
    @CommandLine.Spec private CommandLine.Model.CommandSpec command;

    @Parameters(paramLabel = "RUN_DIR", description = "The run directory.")
    private Path runDirectory;

    @Option(names = "--allow-config-change", description = "Accept a config.yaml edited since the run started"
        + " in keys other than matches, evaluation.every, threads, concurrent_matches and"
        + " report.standings_seconds (the change is recorded in the store).")
    private boolean allowConfigChange;

    @CommandLine.Mixin private ExperienceServing experience;

    @Override
    public Integer call() throws IOException, SQLException, InterruptedException {
      PrintWriter out = command.commandLine().getOut();
      try (ExperienceServing.Started serving = experience.start(command.commandLine(), out);
          MultiGameRun run = MultiGameRun.resume(runDirectory, allowConfigChange, serving.learners())) {
        for (League league : run.leagues()) {
          out.printf("Resuming %s after batch %d of %d (%d matches stored).%n", league.runDirectory(),
              league.store().completedBatches(), league.config().batches(), league.store().matchCount());
        }
        run.play(new Printer(out, run.leagues().size() > 1));
        serving.finish(out, experience.drainSeconds);
      }
      return CommandLine.ExitCode.OK;
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
        LeagueConfig config = League.config(dir);
        try (LeagueStore store = LeagueStore.openReadOnly(dir)) {
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

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Remove the match records of a finished run, keeping every result: standings, ratings,"
          + " evaluations and snapshots stay; the run can no longer be resumed.",
      footerHeading = "%nExamples:%n", footer = {
        "  ./sparring league prune runs/league-20261123-101500                   every record",
        "  ./sparring league prune runs/league-20261123-101500 --baselines-only  only matches against baselines",
        "  ./sparring league prune runs/league-20261123-101500 --keep-batches 5  all but the last 5 batches"})
  static final class Prune implements Callable<Integer> {
    @CommandLine.Spec private CommandLine.Model.CommandSpec command;

    @Parameters(paramLabel = "RUN_DIR", description = "The run directory.")
    private Path runDirectory;

    @Option(names = "--baselines-only", description = "Remove only the records of matches against a baseline.")
    private boolean baselinesOnly;

    @Option(names = "--keep-batches", paramLabel = "N", description = "Keep the records of the last N batches"
        + " (default: ${DEFAULT-VALUE}).")
    private int keepBatches;

    @Override
    public Integer call() throws SQLException, IOException {
      if (keepBatches < 0) {
        throw new CommandLine.ParameterException(command.commandLine(), "--keep-batches must be 0 or more");
      }
      PrintWriter out = command.commandLine().getOut();
      for (Path dir : RunDirectories.of(runDirectory)) {
        LeagueConfig config = League.config(dir);
        try (RunLock lock = RunLock.acquire(dir); LeagueStore store = LeagueStore.open(dir)) {
          int completed = store.completedBatches();
          if (completed < config.batches()) {
            throw new IllegalStateException(dir + " has finished " + completed + " of " + config.batches()
                + " batches; prune a finished run (a pruned run cannot be resumed)");
          }
          Set<String> baselines = store.players().stream().filter(p -> p.kind() == PlayerKind.BASELINE)
              .map(LeagueStore.PlayerRow::id).collect(Collectors.toSet());
          Path file = dir.resolve(LeagueStore.FILE); // absent when the store is on PostgreSQL
          long before = Files.exists(file) ? Files.size(file) : 0;
          int removed = store.pruneRecords(completed - keepBatches,
              seats -> !baselinesOnly || seats.stream().anyMatch(baselines::contains));
          out.printf(Locale.ROOT, "%s: removed the records of %d of %d matches%s.%n", dir, removed,
              store.matchCount(), Files.exists(file) ? String.format(Locale.ROOT, "; %s is %.1f MB (was %.1f MB)",
                  LeagueStore.FILE, Files.size(file) / 1e6, before / 1e6) : "");
        }
      }
      return CommandLine.ExitCode.OK;
    }
  }

  /**
   * Prints a run's progress: a line per batch (with a progress bar on a terminal), the standings
   * now and then, and the final summaries.
   */
  private static final class Printer implements MultiGameRun.Listener {
    private final PrintWriter out;
    private final boolean several;
    private final boolean terminal = System.console() != null;

    Printer(PrintWriter out, boolean several) {
      this.out = out;
      this.several = several;
    }

    @Override
    public void leagueStarting(League league) {
      LeagueConfig config = league.config();
      out.printf("League: %s, %d matches in %d batches of %d, run directory %s%n", config.game(),
          config.matches(), config.batches(), config.batchMatches(), league.runDirectory());
      out.flush();
    }

    @Override
    public void matchFinished(League league, int done) {
      if (terminal) {
        int batchMatches = league.config().batchMatches();
        int width = 30;
        int filled = (int) ((long) width * done / batchMatches);
        out.printf("\r  [%s%s] %d/%d in this batch", "#".repeat(Math.min(width, filled)),
            ".".repeat(Math.max(0, width - filled)), done, batchMatches);
        out.flush();
      }
    }

    @Override
    public void batchFinished(League league, BatchReport report, double elapsedSeconds, double etaSeconds) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "%s%sbatch %d/%d  %d/%d matches  %.0f games/s  elapsed %s  ETA %s", terminal ? "\r" : "",
          several ? "[" + league.config().game() + "] " : "", report.batch(), report.batches(),
          report.matches(), report.totalMatches(), report.gamesPerSecond(), Reports.clock(elapsedSeconds),
          Reports.clock(etaSeconds)));
      report.exploitability().forEach((player, value) ->
          line.append(String.format(Locale.ROOT, "  %s exploitability %.4f", player, value)));
      report.minimaxLosses().forEach((player, value) ->
          line.append(String.format(Locale.ROOT, "  %s loses %.0f%% to minimax", player, 100 * value)));
      if (!report.snapshots().isEmpty()) {
        line.append("  snapshot ").append(String.join(", ",
            report.snapshots().stream().map(SnapshotId::label).toList()));
      }
      out.println(line);
      out.flush();
    }

    @Override
    public void standings(Map<String, Standings> byGame) {
      byGame.forEach((game, standings) -> {
        if (several) {
          out.println("    " + game + ":");
        }
        Reports.standings(standings).forEach(l -> out.println("    " + l));
      });
      out.flush();
    }

    @Override
    public void finished(List<String> summary, Path summaryFile) {
      out.println();
      summary.forEach(out::println);
      out.println("Summary: " + summaryFile);
      out.flush();
    }
  }
}
