package io.sparring.cli;

import io.sparring.agents.malt.Expansion;
import io.sparring.agents.malt.MaltRecords;
import io.sparring.agents.malt.Nodes;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.spec.Spec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparring expand}: MALT's labelled generator/verifier/refiner data from game states. */
@Command(
    name = "expand",
    mixinStandardHelpOptions = true,
    description = {
      "Expand MALT trees from sampled states of a game and write them as JSON lines.",
      "From sampled states of GAME, the team's generator makes N proposals,",
      "its verifier N critiques of each, its refiner N refinements of each critique; every",
      "refinement is played to the end, and values propagate up (a refinement's is the acting",
      "seat's return scaled to [0, 1], a parent's the mean of its children's; positive above 0.5).",
      "Writes one JSON line per node and per preference pair of siblings (docs/llm.md)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring expand tic_tac_toe --team 'team(generator=random, verifier=check, refiner=mcts)' \\",
      "      --branches 3 --states 10 --out malt.jsonl"
    })
final class ExpandCommand implements Callable<Integer> {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "GAME", description = "Game spec.")
  private String gameSpec;

  @Option(names = "--team", required = true, paramLabel = "SPEC",
      description = "team(generator=…, verifier=…, refiner=…[, strategist=…]).")
  private String team;

  @Option(names = "--playout", paramLabel = "SPEC",
      description = "Agent that plays every seat from each refinement to the end (default: the team).")
  private String playout;

  @Option(names = "--branches", paramLabel = "N", defaultValue = "3",
      description = "Branches per stage (default: ${DEFAULT-VALUE}, as in MALT).")
  private int branches;

  @Option(names = "--states", paramLabel = "N", defaultValue = "10",
      description = "States to expand (default: ${DEFAULT-VALUE}).")
  private int states;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the sampled states and every agent (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSON lines file to write.")
  private Path out;

  @Override
  public Integer call() {
    Game game = Games.create(gameSpec);
    if (branches < 1 || states < 1) {
      throw new CommandLine.ParameterException(command.commandLine(),
          "--branches and --states must be at least 1, got " + branches + " and " + states);
    }
    Spec teamSpec = Spec.parse(team);
    Expansion expansion = new Expansion(new Expansion.Config(game, teamSpec,
        playout == null ? teamSpec : Spec.parse(playout), branches, states, seed));
    PrintWriter stdout = command.commandLine().getOut();
    int[] totals = new int[3]; // nodes, positive nodes, pairs
    try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      expansion.run(tree -> {
        List<String> lines = MaltRecords.lines(tree);
        int positive = positives(tree);
        int pairs = lines.size() - tree.size(); // one line per node, then the pairs
        try {
          for (String line : lines) {
            writer.write(line);
            writer.newLine();
          }
          writer.flush();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        totals[0] += tree.size();
        totals[1] += positive;
        totals[2] += pairs;
        double best = tree.proposals().stream().mapToDouble(Nodes.Proposal::value).max().orElseThrow();
        stdout.printf(Locale.ROOT, "state %d/%d  seat %d  %d nodes, %d positive, %d pairs, best proposal %.3f%s%n",
            tree.index() + 1, states, tree.seat(), tree.size(), positive, pairs, best,
            tree.playoutFallbacks() > 0 ? "  (" + tree.playoutFallbacks() + " playout moves were random fallbacks)" : "");
        stdout.flush();
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    stdout.printf(Locale.ROOT, "%nWrote %d nodes (%d positive) and %d preference pairs to %s%n",
        totals[0], totals[1], totals[2], out);
    return CommandLine.ExitCode.OK;
  }

  private static int positives(Expansion.ExpandedState tree) {
    int count = 0;
    for (Nodes.Proposal p : tree.proposals()) {
      count += Nodes.positive(p.value()) ? 1 : 0;
      for (Nodes.Critique c : p.critiques()) {
        count += Nodes.positive(c.value()) ? 1 : 0;
        for (Nodes.Refinement r : c.refinements()) {
          count += Nodes.positive(r.value()) ? 1 : 0;
        }
      }
    }
    return count;
  }
}
