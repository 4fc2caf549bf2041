package io.sparring.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.sparring.agents.Role;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.BatchReport;
import io.sparring.league.engine.League;
import io.sparring.league.report.Table;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Experience;
import io.sparring.training.ExperienceBatch;
import io.sparring.training.Learner;
import io.sparring.training.Learners;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparring bench learner}: the reinforce learner's update time per network size and batch
 * size, beside the same network, loss and batch in PyTorch from Python on as many threads; then
 * decisions per second of a neural player with and without the batching queue; then league games
 * per second with neural players. One run, so the ratios compare like with like.
 */
@Command(
    name = "learner",
    mixinStandardHelpOptions = true,
    description = {
      "Time neural learner updates beside PyTorch, and neural players' decisions and games.",
      "Time Adam updates of the reinforce learner (DJL, PyTorch engine) on tic-tac-toe turns, beside",
      "the same MLP, loss and batch size in PyTorch from Python (clients/python/bench/learner_bench.py),",
      "both on --threads threads; then a neural player's decisions/s with and without the batching",
      "queue, and league games/s with neural players (tic-tac-toe)."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  ./sparring bench learner", "  ./sparring bench learner --updates 100 --python /usr/bin/python3"})
final class BenchLearnerCommand implements Runnable {
  private static final List<String> NETWORKS = List.of("64,64", "256,256");
  private static final List<Integer> BATCHES = List.of(256, 1024);
  private static final int QUEUE_BATCH = 64;
  private static final int QUEUE_CALLERS = 256;

  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Option(names = "--updates", paramLabel = "N", defaultValue = "50",
      description = "Timed updates per row, after 5 untimed (default: ${DEFAULT-VALUE}).")
  private int updates;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "Intra-op threads for DJL and for PyTorch (default: 0 = every core).")
  private int threads;

  @Option(names = "--decisions", paramLabel = "N", defaultValue = "200000",
      description = "Timed decisions per inference row (default: ${DEFAULT-VALUE}).")
  private int decisions;

  @Option(names = "--matches", paramLabel = "N", defaultValue = "4000",
      description = "League matches per league row, in batches of 1000 (default: ${DEFAULT-VALUE}).")
  private int matches;

  @Option(names = "--python", paramLabel = "FILE", defaultValue = "/usr/bin/python3",
      description = "Python with torch (default: ${DEFAULT-VALUE}, Debian's python3-torch).")
  private String python;

  @Option(names = "--script", paramLabel = "FILE", defaultValue = "clients/python/bench/learner_bench.py",
      description = "The PyTorch side (default: ${DEFAULT-VALUE}).")
  private Path script;

  @Override
  public void run() {
    if (updates < 1 || threads < 0 || decisions < 1 || matches < 1) {
      throw new CommandLine.ParameterException(command.commandLine(),
          "--updates, --decisions and --matches must be >= 1 and --threads >= 0");
    }
    int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(cores);
    Game game = Games.create("tic_tac_toe");
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    String torch = "missing";
    Table table = new Table("NETWORK", "BATCH", "DJL MS/UPDATE", "DJL SAMPLES/S", "PYTORCH MS/UPDATE",
        "DJL ÷ PYTORCH");
    for (String network : NETWORKS) {
      for (int batchSize : BATCHES) {
        err.printf("measuring hidden=[%s], batch %d ...%n", network, batchSize);
        err.flush();
        double djl = djlMillis(game, network, batchSize);
        JsonNode reference = pytorch(game, network, batchSize, cores, err);
        double pytorch = reference == null ? Double.NaN : reference.get("ms_per_update").asDouble();
        if (reference != null) {
          torch = reference.get("torch").asText() + ", " + reference.get("threads").asInt() + " thread(s)";
        }
        table.add("[" + network + "]", batchSize, String.format(Locale.ROOT, "%.2f", djl),
            BenchGamesCommand.si(batchSize * 1000 / djl),
            reference == null ? "missing" : String.format(Locale.ROOT, "%.2f", pytorch),
            reference == null ? "-" : String.format(Locale.ROOT, "%.2f", djl / pytorch));
      }
    }
    out.printf(Locale.ROOT, "Adam updates of an MLP (tanh) policy+value net over tic-tac-toe's %d inputs and %d"
        + " actions; REINFORCE loss with masks, entropy bonus, norm clipping.%n",
        game.informationStateTensorShape().stream().reduce(1, (a, b) -> a * b), game.numDistinctActions());
    out.printf(Locale.ROOT, "DJL %s, PyTorch engine %s, %d thread(s); PyTorch from Python: %s;"
        + " %d core(s).%n", Engine.getDjlVersion(), Engine.getEngine("PyTorch").getVersion(),
        JniUtils.getNumThreads(), torch, Runtime.getRuntime().availableProcessors());
    table.print(out);
    out.flush();
    inference(game, cores, out, err);
    league(cores, out, err);
  }

  /** Decisions per second of a neural player, one at a time and through the batching queue. */
  private void inference(Game game, int cores, PrintWriter out, PrintWriter err) {
    List<float[]> states = new ArrayList<>();
    List<List<Integer>> legal = new ArrayList<>();
    for (Experience e : randomTurns(game, 4096).experiences()) {
      states.add(e.informationState());
      legal.add(e.legalActions());
    }
    Table table = new Table("NETWORK", "PLAY", "CALLERS", "DECISIONS/S", "÷ ONE AT A TIME");
    for (String network : NETWORKS) {
      double alone = Double.NaN;
      for (String play : List.of("one at a time", "queue java", "queue djl")) {
        err.printf("measuring decisions, hidden=[%s], %s ...%n", network, play);
        err.flush();
        String options = switch (play) {
          case "queue java" -> ", inference_batch=" + QUEUE_BATCH + ", inference_engine=java";
          case "queue djl" -> ", inference_batch=" + QUEUE_BATCH + ", inference_engine=djl";
          default -> "";
        };
        int callers = play.equals("one at a time") ? cores : QUEUE_CALLERS;
        double rate;
        try (Learner learner = Learners.create(
            "ppo(network=mlp(hidden=[" + network + "])" + options + ")", game, 1)) {
          LearnedPolicy player = learner.player();
          decide(player, states, legal, callers, Math.min(decisions, 20_000)); // warm up
          long start = System.nanoTime();
          decide(player, states, legal, callers, decisions);
          rate = decisions / ((System.nanoTime() - start) / 1e9);
        }
        alone = play.equals("one at a time") ? rate : alone;
        table.add("[" + network + "]", play, callers + (callers == cores ? " threads" : " virtual"),
            BenchGamesCommand.si(rate), String.format(Locale.ROOT, "%.2f", rate / alone));
      }
    }
    out.printf(Locale.ROOT, "%nA neural player's decisions (softmax over legal actions) on tic-tac-toe states:"
        + " one at a time on %d thread(s), or from %d virtual threads through the queue (batch %d,"
        + " wait 200 us).%n", cores, QUEUE_CALLERS, QUEUE_BATCH);
    table.print(out);
    out.flush();
  }

  /** {@code total} decisions over the states, shared by {@code callers} concurrent callers. */
  private static void decide(LearnedPolicy player, List<float[]> states, List<List<Integer>> legal,
      int callers, int total) {
    ThreadFactory factory = callers > Runtime.getRuntime().availableProcessors()
        ? Thread.ofVirtual().factory() : Thread.ofPlatform().daemon().factory();
    try (ExecutorService pool = Executors.newThreadPerTaskExecutor(factory)) {
      for (int c = 0; c < callers; c++) {
        int caller = c;
        pool.submit(() -> {
          for (int i = caller; i < total; i += callers) {
            int k = i % states.size();
            player.probabilities("", states.get(k), legal.get(k));
          }
        });
      }
    }
  }

  /** Games per second of short tic-tac-toe leagues, learning included, per kind of player. */
  private void league(int cores, PrintWriter out, PrintWriter err) {
    Table table = new Table("MAIN PLAYER", "MATCHES IN FLIGHT", "GAMES/S", "PLAYING GAMES/S",
        "LEARNING S/BATCH");
    List<List<String>> rows = List.of(
        List.of("tabular", "tabular(learning_rate=0.2, entropy=0.01)", "0"),
        List.of("ppo", "ppo", "0"),
        List.of("ppo, queue java", "ppo(inference_batch=" + QUEUE_BATCH + ")", String.valueOf(QUEUE_CALLERS)),
        List.of("ppo, queue djl", "ppo(inference_batch=" + QUEUE_BATCH + ", inference_engine=djl)",
            String.valueOf(QUEUE_CALLERS)));
    Path directory;
    try {
      directory = Files.createTempDirectory("sparring-bench-league");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      for (List<String> row : rows) {
        err.printf("measuring a league, %s ...%n", row.get(0));
        err.flush();
        LeagueConfig config = ConfigLoader.load(null, List.of("game=tic_tac_toe", "matches=" + matches,
            "batch_matches=1000", "threads=" + cores, "concurrent_matches=" + row.get(2),
            "players.0.learner=" + row.get(1), "evaluation.every=0", "baselines.0.agent=random",
            "baselines.1.agent=solver(kind=minimax)", "baseline_rate=0.5"));
        double played = 0;
        double learning = 0;
        int batches = 0;
        long start = System.nanoTime();
        try (League league = League.start(config, directory.resolve(row.get(0).replaceAll("[^a-z]+", "-")))) {
          for (BatchReport report : (Iterable<BatchReport>) league.run()::iterator) {
            double learnSeconds = report.stats().stream().mapToDouble(s -> s.seconds()).sum();
            played += report.seconds() - learnSeconds;
            learning += learnSeconds;
            batches++;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String inFlight = row.get(2).equals("0") ? cores + " (threads)" : row.get(2) + " (virtual)";
        table.add(row.get(0), inFlight, BenchGamesCommand.si(matches / seconds),
            BenchGamesCommand.si(matches / played), String.format(Locale.ROOT, "%.2f", learning / batches));
      }
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("the bench league failed: " + e.getMessage(), e);
    } finally {
      deleteRecursively(directory);
    }
    out.printf(Locale.ROOT, "%nTic-tac-toe leagues of %d matches (batches of 1000; half against random and"
        + " minimax), everything included, on %d thread(s); PLAYING excludes the learner's updates.%n",
        matches, cores);
    table.print(out);
  }

  private static void deleteRecursively(Path directory) {
    try {
      MoreFiles.deleteRecursively(directory, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }

  /** Milliseconds per update of the reinforce learner, after five untimed ones. */
  private double djlMillis(Game game, String network, int batchSize) {
    ExperienceBatch batch = randomTurns(game, batchSize);
    try (Learner learner = Learners.create("reinforce(network=mlp(hidden=[" + network + "]))", game, 1)) {
      for (int i = 0; i < 5; i++) {
        learner.learn(batch);
      }
      long start = System.nanoTime();
      for (int i = 0; i < updates; i++) {
        learner.learn(batch);
      }
      return (System.nanoTime() - start) / 1e6 / updates;
    }
  }

  /** Turns of seeded random games with random advantages, exactly {@code size} of them. */
  private static ExperienceBatch randomTurns(Game game, int size) {
    SplittableRandom random = new SplittableRandom(1);
    List<Experience> turns = new ArrayList<>();
    while (turns.size() < size) {
      State state = game.newInitialState(random.nextLong());
      while (!state.isTerminal() && turns.size() < size) {
        int seat = state.currentPlayer();
        List<Integer> legal = state.legalActions(seat);
        int action = legal.get(random.nextInt(legal.size()));
        turns.add(new Experience(game.spec().toString(), "bench", seat, Role.GENERATOR, "seat=" + seat,
            state.informationStateKey(seat), state.informationStateTensor(seat), legal, action, 0,
            0, random.nextDouble(-1, 1), Math.log(1.0 / legal.size())));
        state.apply(action);
      }
    }
    return new ExperienceBatch("bench", turns);
  }

  /** The Python side's JSON result, or null (saying why on stderr) when it cannot run. */
  private JsonNode pytorch(Game game, String network, int batchSize, int threads, PrintWriter err) {
    if (!Files.isRegularFile(script)) {
      err.println("PyTorch side missing: no " + script + " (run from the repository root)");
      return null;
    }
    try {
      Process process = new ProcessBuilder(python, script.toString(),
          "--inputs", String.valueOf(game.informationStateTensorShape().stream().reduce(1, (a, b) -> a * b)),
          "--actions", String.valueOf(game.numDistinctActions()), "--hidden", network,
          "--batch", String.valueOf(batchSize), "--updates", String.valueOf(updates),
          "--threads", String.valueOf(threads))
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        err.println("PyTorch side missing: " + python + " failed (apt-get install python3-torch): "
            + output.lines().reduce((a, b) -> b).orElse(""));
        return null;
      }
      return new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
    } catch (IOException e) {
      err.println("PyTorch side missing: " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
