package io.sparring.cli;

import static io.sparring.cli.BenchGamesCommand.si;

import io.sparring.cli.bench.ArenaSpeed;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.spec.SpecException;
import io.sparring.league.report.Table;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparring bench arena}: physics steps, bot decisions and episodes of the arena per second. */
@Command(
    name = "arena",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the arena's physics, bot decisions and episodes per second.",
      "Physics steps/s under random motor actions (the rules included, nothing",
      "observed); decisions/s of the seat's observation",
      "plus arena_bot, with the whole observation agents get (text, tensor, action",
      "names) and with only the tensor and legal actions; wall time per 120 s of game",
      "time for whole bot episodes; and one recorded match through the match runner",
      "(its time and record sizes). Rows on 1 thread and on --threads threads. After a",
      "warm-up round; soccer episodes end at the first goal, so times are per 120 s of",
      "game time played."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring bench arena",
      "  ./sparring bench arena --mode skirmish --episodes 10 --threads 2"
    })
final class BenchArenaCommand implements Callable<Integer> {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Option(names = "--mode", defaultValue = "soccer",
      description = "beacon, shards, skirmish or soccer (default: ${DEFAULT-VALUE}).")
  private String mode;

  @Option(names = "--episodes", paramLabel = "N", defaultValue = "20",
      description = "Episodes per thread for each row (default: ${DEFAULT-VALUE}).")
  private int episodes;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for the all-cores rows (default: the number of cores).")
  private Integer threads;

  @Option(names = "--bot", paramLabel = "SPEC", defaultValue = "arena_bot(level=3)",
      description = "The agent of every seat (default: ${DEFAULT-VALUE}).")
  private String bot;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() {
    int cores = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (episodes < 1 || cores < 1 || cores > 1024) {
      throw usage("--episodes and --threads must be at least 1, got " + episodes + " and " + cores);
    }
    Game game;
    try {
      game = Games.create("arena(mode=" + mode + ")");
    } catch (SpecException e) {
      throw usage(e.getMessage());
    }
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    out.printf(Locale.ROOT, "Arena: %s, %d episodes per thread per row, bots %s; %d core(s), Java %s.%n",
        game.spec(), episodes, bot, Runtime.getRuntime().availableProcessors(), Runtime.version());
    err.println("warming up...");
    ArenaSpeed.physics(game, 1, Math.max(2, episodes / 4), seed);
    ArenaSpeed.bots(game, bot, 1, Math.max(2, episodes / 4), false, seed);
    Table table = new Table("MEASURE", "THREADS", "VALUE", "TARGET", "MET");
    boolean soccer = mode.equals("soccer");
    for (int t : cores == 1 ? new int[] {1} : new int[] {1, cores}) {
      err.println("physics on " + t + " thread(s)...");
      ArenaSpeed.Run physics = ArenaSpeed.physics(game, t, episodes, seed);
      table.add("physics steps/s (random motor actions)", String.valueOf(t), si(physics.physicsStepsPerSecond()),
          soccer && t == 1 ? ">= 100k per core" : "-", soccer && t == 1 ? met(physics.physicsStepsPerSecond() >= 100_000) : "-");
      err.println("bots on " + t + " thread(s)...");
      ArenaSpeed.Run whole = ArenaSpeed.bots(game, bot, t, episodes, false, seed);
      ArenaSpeed.Run lean = ArenaSpeed.bots(game, bot, t, episodes, true, seed);
      table.add("decisions/s: whole observation + bot", String.valueOf(t), si(whole.decisionsPerSecond()),
          soccer && t == 1 ? ">= 20k per core" : "-", soccer && t == 1 ? met(whole.decisionsPerSecond() >= 20_000) : "-");
      table.add("decisions/s: tensor + bot", String.valueOf(t), si(lean.decisionsPerSecond()), "-", "-");
      table.add("wall s per 120 s game time, whole observations", String.valueOf(t),
          String.format(Locale.ROOT, "%.3f s (%.0fx real time)", whole.secondsPer120(t), whole.realTimeFactor(t)),
          soccer && t == 1 ? "< 0.4 s" : "-", soccer && t == 1 ? met(whole.secondsPer120(t) < 0.4) : "-");
      table.add("wall s per 120 s game time, tensors", String.valueOf(t),
          String.format(Locale.ROOT, "%.3f s (%.0fx real time)", lean.secondsPer120(t), lean.realTimeFactor(t)),
          "-", "-");
    }
    err.println("one recorded match...");
    ArenaSpeed.Recorded recorded = ArenaSpeed.recorded(game, bot, seed);
    table.add("recorded match (match runner), per 120 s game time", "1",
        String.format(Locale.ROOT, "%.3f s", recorded.wallSeconds() * 120 / recorded.gameSeconds()), "-", "-");
    table.add("record of that match (%.1f s, %d steps)".formatted(recorded.gameSeconds(), recorded.steps()), "-",
        String.format(Locale.ROOT, "%s B full, %s B compact", si(recorded.fullBytes()), si(recorded.compactBytes())),
        "-", "-");
    table.print(out);
    return CommandLine.ExitCode.OK;
  }

  private static String met(boolean met) {
    return met ? "yes" : "NO";
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(command.commandLine(), message);
  }
}
