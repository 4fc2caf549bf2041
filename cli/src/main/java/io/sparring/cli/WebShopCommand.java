package io.sparring.cli;

import io.sparring.agents.Agents;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecValue;
import io.sparring.league.report.Table;
import io.sparring.webshop.Purchase;
import io.sparring.webshop.Split;
import io.sparring.webshop.WebShopEvaluation;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparring webshop}: the web shop environment (WebShop's rules), evaluated from the command line. */
@Command(
    name = "webshop",
    mixinStandardHelpOptions = true,
    description = "Evaluate an agent in the web shop and print WebShop's score and success rate.",
    subcommands = {WebShopCommand.Eval.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring webshop eval --agent webshop_scripted",
      "  ./sparring webshop eval --agent 'webshop_scripted(choose_options=false)'",
      "  ./sparring webshop eval --agent webshop_scripted --catalog ~/webshop/data"
    })
final class WebShopCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(command.commandLine(), "name what to do: eval");
  }

  @Command(name = "eval", mixinStandardHelpOptions = true,
      description = {
        "Play an agent on a split's goals and print WebShop's score and success rate.",
        "Episode i plays goal i of the split (test: goals 0-499, dev: 500-1499); in",
        "train, episodes draw goals by WebShop's weights. Score is 100 x the mean",
        "reward, success the share of episodes with reward 1. Type, attribute, option",
        "and price are the means of the reward's parts (option over goals that ask for",
        "options). An episode that ends without buying scores 0. The catalog is",
        "generated (--products, --catalog-seed) unless --catalog names a folder of",
        "WebShop's data files. Its search index is cached under",
        "~/.cache/sparring/webshop. Progress goes to stderr. See docs/webshop.md."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  ./sparring webshop eval --agent webshop_scripted",
        "  ./sparring webshop eval --agent webshop_scripted --split dev --episodes 200",
        "  ./sparring webshop eval --agent 'webshop_scripted(choose_options=false)'",
        "                                           WebShop's rule baseline",
        "  ./sparring webshop eval --agent webshop_scripted --catalog ~/webshop/data \\",
        "      --max-steps 100                      WebShop's own data files"
      })
  static final class Eval implements Callable<Integer> {
    @CommandLine.Spec private CommandLine.Model.CommandSpec command;

    @Option(names = "--agent", required = true, paramLabel = "SPEC",
        description = "The agent (or team) spec, e.g. webshop_scripted.")
    private String agent;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
        description = "test, dev or train (default: ${DEFAULT-VALUE}).")
    private String split;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "0",
        description = "Episodes to play; 0 plays every goal of the split once (default: ${DEFAULT-VALUE}).")
    private int episodes;

    @Option(names = "--products", paramLabel = "N",
        description = "Products of the generated catalog (default: 1000); with --catalog, the first N of its file.")
    private Integer products;

    @Option(names = "--catalog", paramLabel = "DIR",
        description = "A folder with WebShop's items_shuffle*.json, items_ins_v2*.json and items_human_ins*.json.")
    private Path catalog;

    @Option(names = "--catalog-seed", paramLabel = "N",
        description = "Draws the generated catalog, ranged prices and price bounds (default: 0).")
    private Integer catalogSeed;

    @Option(names = "--observation", paramLabel = "MODE",
        description = "What the agent reads: text, text_rich or html (default: text).")
    private String observation;

    @Option(names = "--max-steps", paramLabel = "N",
        description = "Moves before an episode is cut off (default: 15, as verl-agent; WebShop's baselines use 100).")
    private Integer maxSteps;

    @Option(names = "--threads", paramLabel = "N",
        description = "Episodes played at once (default: all cores).")
    private Integer threads;

    @Override
    public Integer call() {
      Split chosen;
      try {
        chosen = Split.parse(split);
      } catch (IllegalArgumentException e) {
        throw usage("--split: " + e.getMessage());
      }
      if (episodes < 0) {
        throw usage("--episodes must be 0 (every goal of the split) or more, got " + episodes);
      }
      int parallel = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      if (parallel < 1) {
        throw usage("--threads must be at least 1, got " + parallel);
      }
      if (catalog != null && !Files.isDirectory(catalog)) {
        throw usage("--catalog: " + catalog + (Files.exists(catalog) ? " is not a folder" : " does not exist"));
      }
      Agents.registry().arguments(Spec.parse(agent)); // a bad agent spec fails before the catalog loads
      String game = gameSpec(chosen).toString();
      PrintWriter out = command.commandLine().getOut();
      PrintWriter err = command.commandLine().getErr();
      err.println("loading " + game + " ...");
      err.flush();
      long start = System.nanoTime();
      ProgressLine progress = new ProgressLine(err, System.console() != null);
      WebShopEvaluation.Result result = WebShopEvaluation.evaluate(game, agent, episodes, parallel, progress);
      progress.finish();
      double seconds = (System.nanoTime() - start) / 1e9;
      out.printf(Locale.ROOT, "%s on %s: %d episodes in %.1f s, %d thread(s)%n", agent, game, result.episodes(),
          seconds, parallel);
      table(result).print(out);
      out.flush();
      return CommandLine.ExitCode.OK;
    }

    /** The game spec, with only the parameters given on the command line besides the split. */
    private Spec gameSpec(Split chosen) {
      Map<String, SpecValue> arguments = new LinkedHashMap<>();
      if (catalog != null) {
        arguments.put("catalog", new SpecValue.Text(catalog.toAbsolutePath().normalize().toString()));
      }
      if (products != null) {
        arguments.put("products", new SpecValue.Number(BigDecimal.valueOf(products)));
      }
      if (catalogSeed != null) {
        arguments.put("catalog_seed", new SpecValue.Number(BigDecimal.valueOf(catalogSeed)));
      }
      arguments.put("split", new SpecValue.Word(chosen.specName()));
      if (observation != null) { // a word, as the spec takes it; anything else fails there with its message
        arguments.put("observation", observation.matches("[A-Za-z_][A-Za-z0-9_]*")
            ? new SpecValue.Word(observation) : new SpecValue.Text(observation));
      }
      if (maxSteps != null) {
        arguments.put("max_steps", new SpecValue.Number(BigDecimal.valueOf(maxSteps)));
      }
      return new Spec("webshop", arguments);
    }

    static Table table(WebShopEvaluation.Result r) {
      Table table = new Table("RESULT", "VALUE");
      table.add("score", String.format(Locale.ROOT, "%.1f", r.score()));
      table.add("success rate", String.format(Locale.ROOT, "%.1f%%", 100 * r.successRate()));
      table.add("type", part(r.type()));
      table.add("attribute", part(r.attribute()));
      table.add("option", Double.isNaN(r.option()) ? "- (no goal asks for options)" : part(r.option()));
      table.add("price", part(r.price()));
      table.add("purchases", r.purchases() + " of " + r.episodes());
      table.add("forfeits", String.valueOf(r.forfeits()));
      return table;
    }

    private static String part(double value) {
      return String.format(Locale.ROOT, "%.3f", value);
    }

    private CommandLine.ParameterException usage(String message) {
      return new CommandLine.ParameterException(command.commandLine(), message);
    }
  }

  /**
   * Episodes done and the running score on stderr: on a terminal a bar redrawn in place, else a
   * line at each tenth of the episodes.
   */
  static final class ProgressLine implements WebShopEvaluation.Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private double rewards;
    private int done; // episodes finish on several threads, so their own counts may arrive out of order
    private int lastTenth;
    private boolean drawn;

    ProgressLine(PrintWriter err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    @Override
    public synchronized void episodeDone(int ignored, int total, Purchase purchase) {
      done++;
      rewards += purchase == null ? 0 : purchase.reward();
      String counts = String.format(Locale.ROOT, "%d/%d episodes  score %.1f", done, total, 100 * rewards / done);
      if (terminal) {
        int filled = (int) ((long) WIDTH * done / total);
        err.printf("\r  [%s%s] %s", "#".repeat(filled), ".".repeat(WIDTH - filled), counts);
        drawn = true;
        err.flush();
        return;
      }
      int tenth = (int) (10L * done / total);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        err.println("  " + counts);
        err.flush();
      }
    }

    /** Ends the bar's line. */
    synchronized void finish() {
      if (drawn) {
        err.println();
        err.flush();
      }
    }
  }
}
