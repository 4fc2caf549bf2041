package io.sparring.cli;

import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.League;
import io.sparring.league.run.RunDirectories;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.proto.v1.ExperienceBatch;
import io.sparring.training.advantage.ExperienceRecords;
import io.sparring.training.advantage.LearningMatch;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparring experience}: a league run's experience for trainers outside the league. */
@Command(
    name = "experience",
    mixinStandardHelpOptions = true,
    description = "Export a league run's experience (per-role rows with advantages) for external trainers.",
    subcommands = {ExperienceCommand.Export.class},
    footerHeading = "%nExamples:%n",
    footer = {"  ./sparring experience export runs/league-20261123-101500 --out experience.pb"})
final class ExperienceCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(command.commandLine(), "name what to do: export");
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {
        "Write the experience of a run's completed batches to FILE.",
        "Replays each batch's stored match records with the run's own advantage config,",
        "exactly as its learners learned from them, and writes one sparring.v1.ExperienceBatch",
        "per batch and learner, length-delimited (docs/trainers.md). Opens the run read-only."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  ./sparring experience export runs/league-20261123-101500 --out experience.pb",
        "  ./sparring experience export RUN --out main.pb --player main --from-batch 5 --to-batch 9"
      })
  static final class Export implements Callable<Integer> {
    @CommandLine.Spec private CommandLine.Model.CommandSpec command;

    @Parameters(paramLabel = "RUN_DIR", description = "The run directory.")
    private Path runDirectory;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "The file to write (written under a temporary name, then renamed).")
    private Path out;

    @Option(names = "--player", paramLabel = "NAME", description = "Only this learner (default: every learner).")
    private String player;

    @Option(names = "--from-batch", paramLabel = "N", defaultValue = "1",
        description = "The first batch (default: ${DEFAULT-VALUE}).")
    private int fromBatch;

    @Option(names = "--to-batch", paramLabel = "M",
        description = "The last batch (default: the last completed one).")
    private Integer toBatch;

    @Override
    public Integer call() throws IOException, SQLException {
      if (fromBatch < 1 || (toBatch != null && toBatch < fromBatch)) {
        throw new CommandLine.ParameterException(command.commandLine(), "batches count from 1 and --to-batch"
            + " must not be below --from-batch, got " + fromBatch + ".." + (toBatch == null ? "" : toBatch));
      }
      List<Path> games = RunDirectories.of(runDirectory);
      Map<Path, LeagueConfig> configs = new HashMap<>();
      for (Path dir : games) {
        configs.put(dir, League.config(dir));
      }
      if (player != null && configs.values().stream().noneMatch(c -> learners(c).contains(player))) {
        throw new CommandLine.ParameterException(command.commandLine(), "'" + player + "' is not a learner of "
            + runDirectory + "; its learners: " + String.join(", ",
                configs.values().stream().flatMap(c -> learners(c).stream()).distinct().toList()));
      }
      PrintWriter err = command.commandLine().getErr();
      Path target = out.toAbsolutePath();
      Files.createDirectories(target.getParent());
      // Beside the target, so the rename is atomic; created as any file (not createTempFile's 0600).
      Path temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
      long start = System.nanoTime();
      Totals totals = new Totals();
      try {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temporary,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
          for (Path dir : games) {
            export(dir, League.runId(dir), configs.get(dir), file, err, totals);
          }
        }
        if (totals.batches == 0) {
          throw new IllegalStateException(totals.pruned > 0
              ? runDirectory + ": the records of " + (totals.pruned == 1 ? "the batch asked for were"
                  : "all " + totals.pruned + " batches asked for were") + " removed by 'league prune'; nothing to export"
              : runDirectory + " has no completed batch" + (fromBatch > 1 || toBatch != null
                  ? " in " + fromBatch + ".." + (toBatch == null ? "" : toBatch) : "") + " to export");
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long bytes = Files.size(target);
      PrintWriter stdout = command.commandLine().getOut();
      stdout.printf(Locale.ROOT, "Exported %d experience batches (%d league batches, %d turns from %d matches)"
          + " to %s: %d bytes, %.0f bytes per turn, in %.1f s (%.0f turns/s).%n", totals.messages, totals.batches,
          totals.turns, totals.matches, out, bytes, totals.turns == 0 ? 0.0 : (double) bytes / totals.turns, seconds,
          totals.turns / seconds);
      if (totals.pruned > 0) {
        stdout.printf("Skipped %d batches whose records were removed by 'league prune'.%n", totals.pruned);
      }
      return CommandLine.ExitCode.OK;
    }

    /** What the export wrote so far, over every game of the run. */
    private static final class Totals {
      int messages;
      int batches;
      long turns;
      long matches;
      int pruned;
      long reported = System.nanoTime();
    }

    private void export(Path dir, String runId, LeagueConfig config, OutputStream file, PrintWriter err,
        Totals totals) throws SQLException, IOException {
      List<String> learners = learners(config);
      if (player != null && !learners.contains(player)) {
        return;
      }
      ExperienceRecords records = new ExperienceRecords(config.advantage(), config.groupSize());
      try (LeagueStore store = LeagueStore.openReadOnly(dir)) {
        Map<String, TreeMap<Integer, Long>> external = League.externalVersions(store);
        int last = Math.min(store.completedBatches(), toBatch == null ? Integer.MAX_VALUE : toBatch);
        for (int batch = 1; batch <= last; batch++) {
          List<MatchRow> rows = store.matches(batch);
          if (rows.stream().map(MatchRow::trajectory).anyMatch(Objects::isNull)) {
            // A batch with any record gone would give other advantages than its learners saw.
            totals.pruned += batch >= fromBatch ? 1 : 0;
            continue;
          }
          List<ExperienceRecords.Played> played = new ArrayList<>();
          for (MatchRow row : rows) {
            Map<Integer, String> seats = new HashMap<>();
            for (int seat = 0; seat < row.seats().size(); seat++) {
              if (learners.contains(row.seats().get(seat))) {
                seats.put(seat, row.seats().get(seat));
              }
            }
            played.add(new ExperienceRecords.Played(row.index(), new LearningMatch(row.trajectory(), seats)));
          }
          if (batch < fromBatch) {
            records.advance(played); // SPIRAL's baselines follow the whole run
            continue;
          }
          int turns = 0;
          Map<String, Long> versions = new HashMap<>(); // the versions external learners' trainers published
          for (var entry : external.entrySet()) {
            var version = entry.getValue().floorEntry(batch - 1);
            if (version != null) {
              versions.put(entry.getKey(), version.getValue());
            }
          }
          for (ExperienceBatch message : records.build(runId, batch, learners, played, versions)) {
            if (player == null || player.equals(message.getPlayer())) {
              message.writeDelimitedTo(file);
              turns += message.getTurnsCount();
              totals.messages++;
            }
          }
          totals.batches++;
          totals.turns += turns;
          totals.matches += rows.size();
          long now = System.nanoTime();
          if (now - totals.reported > 1_000_000_000L || batch == last) { // at most a line a second
            totals.reported = now;
            err.printf(Locale.ROOT, "%s: batch %d of %d, %d turns so far%n", runId, batch, last, totals.turns);
            err.flush();
          }
        }
      }
    }

    private static List<String> learners(LeagueConfig config) {
      return config.players().stream().map(LeagueConfig.PlayerConfig::name).toList();
    }
  }
}
