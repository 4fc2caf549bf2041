package io.sparring.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.BatchReport;
import io.sparring.league.engine.League;
import io.sparring.league.engine.LearnerFactory;
import io.sparring.league.report.Table;
import io.sparring.rpc.security.ServerSecurity;
import io.sparring.rpc.trainer.ExperienceServer;
import io.sparring.rpc.trainer.TrainerHub;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparring bench experience}: what feeding an external trainer costs the league. One run
 * measures, side by side: a league whose player learns in process; the same league whose player is
 * external and queues its experience (no trainer attached), then the rate a Python trainer that
 * only counts drains that queue; the league with the Python MLP trainer training and publishing
 * as it plays; and the league under a slow trainer, with the most batches it ever queued.
 */
@Command(
    name = "experience",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the experience stream to external trainers and what a trainer costs the league.",
      "Kuhn poker leagues: in process (tabular), external without a trainer, external with the Python",
      "MLP trainer (clients/python/examples/mlp_trainer.py) and with a slow counting trainer; and turns/s",
      "streamed to a Python trainer that only counts (clients/python/examples/count_trainer.py)."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  ./sparring bench experience", "  ./sparring bench experience --matches 100000 --slow 0.1"})
final class BenchExperienceCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Option(names = "--matches", paramLabel = "N", defaultValue = "60000",
      description = "Matches per league (default: ${DEFAULT-VALUE}).")
  private int matches;

  @Option(names = "--batch-matches", paramLabel = "N", defaultValue = "2000",
      description = "Matches per batch (default: ${DEFAULT-VALUE}).")
  private int batchMatches;

  @Option(names = "--slow", paramLabel = "SECONDS", defaultValue = "0.5",
      description = "The slow trainer's time per batch (default: ${DEFAULT-VALUE}); the league's queue is 2.")
  private double slow;

  @Option(names = "--python", paramLabel = "FILE", defaultValue = "/usr/bin/python3",
      description = "Python with grpc and torch (default: ${DEFAULT-VALUE}, Debian's packages).")
  private String python;

  @Option(names = "--examples", paramLabel = "DIR", defaultValue = "clients/python/examples",
      description = "Where count_trainer.py and mlp_trainer.py are (default: ${DEFAULT-VALUE}).")
  private Path examples;

  private PrintWriter err;

  @Override
  public void run() {
    if (matches < batchMatches || batchMatches < 1 || !(slow >= 0)) {
      throw new CommandLine.ParameterException(command.commandLine(),
          "--matches must be at least --batch-matches >= 1, and --slow >= 0");
    }
    for (String script : List.of("count_trainer.py", "mlp_trainer.py")) {
      if (!Files.isRegularFile(examples.resolve(script))) {
        throw new CommandLine.ParameterException(command.commandLine(), "no " + examples.resolve(script)
            + ": run from the repository root or give --examples");
      }
    }
    err = command.commandLine().getErr();
    PrintWriter out = command.commandLine().getOut();
    Path directory;
    try {
      directory = Files.createTempDirectory("sparring-bench-experience");
    } catch (IOException e) {
      throw new IllegalStateException("cannot make a temporary directory: " + e.getMessage(), e);
    }
    int batches = (matches + batchMatches - 1) / batchMatches;
    Table table = new Table("LEAGUE", "GAMES/S", "÷ IN PROCESS", "TRAINER", "MOST QUEUED");
    String streamed;
    try {
      double inProcess = league(directory, "in process", "tabular(learning_rate=0.1)", null).gamesPerSecond;
      table.add("in process: tabular", BenchGamesCommand.si(inProcess), "1.00", "-", "-");

      Result queued = league(directory, "external, no trainer", "external(max_staleness=-1, queue=" + batches + ")",
          null);
      table.add("external, no trainer", BenchGamesCommand.si(queued.gamesPerSecond),
          ratio(queued.gamesPerSecond, inProcess), "-", String.valueOf(queued.mostQueued));
      JsonNode drained = drain(queued, batches);
      streamed = String.format(Locale.ROOT, "%s turns/s (%d turns in %d batches, %.2f s)",
          BenchGamesCommand.si(drained.get("turns_per_second").asDouble()), drained.get("turns").asLong(),
          drained.get("batches").asLong(), drained.get("seconds").asDouble());

      Result training = league(directory, "external, MLP trainer", "external(max_staleness=1)",
          List.of(examples.resolve("mlp_trainer.py").toString(), "--versions", "0", "--epochs", "4"));
      table.add("external, MLP trainer training", BenchGamesCommand.si(training.gamesPerSecond),
          ratio(training.gamesPerSecond, inProcess), "mlp_trainer.py", String.valueOf(training.mostQueued));

      Result slowed = league(directory, "external, slow trainer", "external(max_staleness=-1, queue=2)",
          List.of(examples.resolve("count_trainer.py").toString(), "--slow", String.valueOf(slow), "--credit", "1"));
      table.add("external, slow trainer (" + slow + " s/batch)", BenchGamesCommand.si(slowed.gamesPerSecond),
          ratio(slowed.gamesPerSecond, inProcess), "count_trainer.py --slow", String.valueOf(slowed.mostQueued));
    } finally {
      try {
        MoreFiles.deleteRecursively(directory, RecursiveDeleteOption.ALLOW_INSECURE);
      } catch (IOException ignored) {
        // a temporary directory
      }
    }
    out.printf(Locale.ROOT, "Kuhn poker leagues of %d matches in batches of %d, %d core(s); the external player's"
        + " experience goes over gRPC on 127.0.0.1 to Python trainers (%s).%n", matches, batchMatches,
        Runtime.getRuntime().availableProcessors(), python);
    table.print(out);
    out.printf(Locale.ROOT, "Streamed to a Python trainer that only counts, from a full queue: %s.%n", streamed);
    out.flush();
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  /**
   * A league's speed, the most batches its external player held unacknowledged, and for an
   * external player without a trainer the server still holding its queue.
   */
  private record Result(double gamesPerSecond, int mostQueued, ExperienceServer server) {}

  /**
   * Plays a Kuhn league whose player is {@code learner}; with {@code trainer} (a Python script and
   * its options), that trainer is attached from the start and stopped after the league ends.
   */
  private Result league(Path directory, String name, String learner, List<String> trainer) {
    err.printf("measuring a league, %s ...%n", name);
    err.flush();
    LeagueConfig config = ConfigLoader.load(null, List.of("game=kuhn_poker", "matches=" + matches,
        "batch_matches=" + batchMatches, "threads=0", "match_seeds=public", "evaluation.every=0",
        "players.0.learner=" + learner, "baseline_rate=0.1"));
    boolean external = learner.startsWith("external");
    TrainerHub hub = new TrainerHub();
    ExperienceServer server = null;
    Process process = null;
    try {
      server = !external ? null : ExperienceServer.start(hub, NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
          "127.0.0.1", ServerSecurity.none());
      if (trainer != null) {
        List<String> commandLine = new ArrayList<>(List.of(python));
        commandLine.addAll(trainer);
        commandLine.addAll(List.of("--target", server.target(), "--player", "main"));
        process = new ProcessBuilder(commandLine).redirectErrorStream(true)
            .redirectOutput(directory.resolve(name.replaceAll("[^a-z]+", "-") + ".log").toFile()).start();
      }
      AtomicInteger mostQueued = new AtomicInteger();
      long start = System.nanoTime();
      try (League league = League.start(config, directory.resolve(name.replaceAll("[^a-z]+", "-")), Optional.empty(),
          UnaryOperator.identity(), external ? hub : LearnerFactory.REGISTRY)) {
        CompletableFuture<Void> watch = external ? CompletableFuture.runAsync(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            mostQueued.accumulateAndGet(hub.queued("main"), Math::max);
            try {
              Thread.sleep(2);
            } catch (InterruptedException e) {
              return;
            }
          }
        }) : CompletableFuture.completedFuture(null);
        for (BatchReport ignored : (Iterable<BatchReport>) league.run()::iterator) {
          mostQueued.accumulateAndGet(external ? hub.queued("main") : 0, Math::max);
        }
        watch.cancel(true);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (external && trainer == null) {
        return new Result(matches / seconds, mostQueued.get(), server); // its queue is drained next
      }
      if (server != null) {
        server.close();
      }
      return new Result(matches / seconds, mostQueued.get(), null);
    } catch (IOException | java.sql.SQLException e) {
      throw new IllegalStateException("the bench league failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      if (process != null) {
        process.destroy();
      }
    }
  }

  /** Drains a finished league's queue with the counting trainer; its JSON summary. */
  private JsonNode drain(Result queued, int batches) {
    err.println("measuring the stream to a counting trainer ...");
    err.flush();
    try (ExperienceServer server = queued.server()) {
      Process process = new ProcessBuilder(python, examples.resolve("count_trainer.py").toString(),
          "--target", server.target(), "--player", "main", "--credit", String.valueOf(batches),
          "--batches", String.valueOf(batches)).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("count_trainer.py failed (apt-get install python3-grpcio"
            + " python3-protobuf): " + output);
      }
      return JSON.readTree(output.lines().reduce((a, b) -> b).orElseThrow());
    } catch (IOException e) {
      throw new IllegalStateException("count_trainer.py failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
