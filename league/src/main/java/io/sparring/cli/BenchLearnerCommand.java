package io.sparring.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparring.game.Game;
import io.sparring.game.Games;
import io.sparring.game.State;
import io.sparring.league.report.Table;
import io.sparring.training.Experience;
import io.sparring.training.ExperienceBatch;
import io.sparring.training.Learner;
import io.sparring.training.Learners;
import java.io.IOException;
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
 * size, beside the same network, loss and batch in PyTorch from Python, measured in one run.
 */
@Command(
    name = "learner",
    mixinStandardHelpOptions = true,
    description = {
      "Time Adam updates of the reinforce learner (DJL, PyTorch engine) on tic-tac-toe turns, beside",
      "the same MLP, loss and batch size in PyTorch from Python (clients/python/bench/learner_bench.py)."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  ./sparring bench learner", "  ./sparring bench learner --updates 100 --python /usr/bin/python3"})
final class BenchLearnerCommand implements Runnable {
  private static final List<String> NETWORKS = List.of("64,64", "256,256");
  private static final List<Integer> BATCHES = List.of(256, 1024);

  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Option(names = "--updates", paramLabel = "N", defaultValue = "50",
      description = "Timed updates per row, after 5 untimed (default: ${DEFAULT-VALUE}).")
  private int updates;

  @Option(names = "--python", paramLabel = "FILE", defaultValue = "/usr/bin/python3",
      description = "Python with torch (default: ${DEFAULT-VALUE}, Debian's python3-torch).")
  private String python;

  @Option(names = "--script", paramLabel = "FILE", defaultValue = "clients/python/bench/learner_bench.py",
      description = "The PyTorch side (default: ${DEFAULT-VALUE}).")
  private Path script;

  @Override
  public void run() {
    if (updates < 1) {
      throw new CommandLine.ParameterException(command.commandLine(), "--updates must be >= 1, got " + updates);
    }
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
        JsonNode reference = pytorch(game, network, batchSize, err);
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
    out.printf(Locale.ROOT, "DJL %s, PyTorch engine %s (engine default threads); PyTorch from Python: %s;"
        + " %d core(s).%n", Engine.getDjlVersion(), Engine.getEngine("PyTorch").getVersion(), torch,
        Runtime.getRuntime().availableProcessors());
    table.print(out);
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
        turns.add(new Experience(game.spec().toString(), "bench", seat, "GENERATOR", "seat=" + seat,
            state.informationStateKey(seat), state.informationStateTensor(seat), legal, action, 0,
            0, random.nextDouble(-1, 1), Math.log(1.0 / legal.size())));
        state.apply(action);
      }
    }
    return new ExperienceBatch("bench", turns);
  }

  /** The Python side's JSON result, or null (saying why on stderr) when it cannot run. */
  private JsonNode pytorch(Game game, String network, int batchSize, PrintWriter err) {
    if (!Files.isRegularFile(script)) {
      err.println("PyTorch side missing: no " + script + " (run from the repository root)");
      return null;
    }
    try {
      Process process = new ProcessBuilder(python, script.toString(),
          "--inputs", String.valueOf(game.informationStateTensorShape().stream().reduce(1, (a, b) -> a * b)),
          "--actions", String.valueOf(game.numDistinctActions()), "--hidden", network,
          "--batch", String.valueOf(batchSize), "--updates", String.valueOf(updates))
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
