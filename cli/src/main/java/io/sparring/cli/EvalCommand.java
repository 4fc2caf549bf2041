package io.sparring.cli;

import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.agents.SeatView;
import io.sparring.agents.StochasticAgent;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Games;
import io.sparring.core.game.Policy;
import io.sparring.core.spec.Spec;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.Evaluation;
import io.sparring.league.engine.League;
import io.sparring.league.run.RunDirectories;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.PlayerRow;
import io.sparring.league.store.PlayerKind;
import io.sparring.training.SnapshotId;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparring eval}: how good a trained player (or any agent) is. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate the latest snapshot of each learner of a run, or any agent spec.",
      "Small poker games: exact exploitability (NashConv / players). Two-player board games: wins,",
      "draws and losses against minimax (random tie-breaks) or MCTS, as either seat. The games are",
      "seeded as the league seeds its own evaluations (a run's seed and the snapshot's batch)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring eval runs/league-20261123-101500 --game kuhn_poker",
      "  ./sparring eval --agent 'solver(kind=cfr)' --game leduc_poker",
      "  ./sparring eval --agent 'mcts(simulations=200)' --game tic_tac_toe --games 50",
      "  ./sparring eval runs/tic-tac-toe --greedy"
    })
final class EvalCommand implements Callable<Integer> {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Parameters(paramLabel = "RUN_DIR", arity = "0..1", description = "A league run directory.")
  private Path runDirectory;

  @Option(names = "--agent", paramLabel = "SPEC", description = "An agent spec to evaluate instead of a run.")
  private String agentSpec;

  @Option(names = "--game", paramLabel = "GAME", description = "The game (default: the run's).")
  private String gameSpec;

  @Option(names = "--opponent", paramLabel = "SPEC", defaultValue = "auto",
      description = "Opponent in board games: auto = minimax where the game is small, else mcts(simulations=1000).")
  private String opponent;

  @Option(names = "--games", paramLabel = "N", defaultValue = "100", description = "Games per seat (default: ${DEFAULT-VALUE}).")
  private int games;

  @Option(names = "--greedy", description = "Play a run's snapshots greedily (their most probable action) instead of sampling.")
  private boolean greedy;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of the games (default: for a run, the one its league evaluated the snapshot's batch with; else 0).")
  private Long seed;

  /** What is evaluated: an agent spec, the seed of its games and the rules it plays under. */
  private record Evaluated(String spec, long seed, ViolationPolicy violationPolicy) {}

  @Override
  public Integer call() throws SQLException {
    if ((runDirectory == null) == (agentSpec == null)) {
      throw new CommandLine.ParameterException(command.commandLine(), "give a RUN_DIR or --agent SPEC (not both)");
    }
    if (runDirectory != null) {
      for (Path dir : RunDirectories.of(runDirectory)) { // each game's league of a multi-game run
        evaluateRun(dir);
      }
      return CommandLine.ExitCode.OK;
    }
    if (gameSpec == null) {
      throw new CommandLine.ParameterException(command.commandLine(), "--agent needs --game");
    }
    evaluateAll(Games.create(gameSpec), Map.of(agentSpec,
        new Evaluated(agentSpec, seed == null ? 0 : seed, ViolationPolicy.defaultPolicy())));
    return CommandLine.ExitCode.OK;
  }

  /** Evaluates the latest snapshot of each learning player of one league run. */
  private void evaluateRun(Path runDirectory) throws SQLException {
    Map<String, Evaluated> agents = new LinkedHashMap<>();
    LeagueConfig config = League.config(runDirectory);
    String gameName = gameSpec != null ? gameSpec : config.game();
    ViolationPolicy violations = ViolationPolicy.parse(config.violationPolicy());
    try (LeagueStore store = LeagueStore.openReadOnly(runDirectory)) {
      for (PlayerRow p : store.players()) {
        if (p.kind() == PlayerKind.SNAPSHOT) {
          Path directory = League.snapshotDirectory(runDirectory, p).toAbsolutePath();
          if (!Files.isDirectory(directory)) { // a failure of the run, not of the command line
            throw new IllegalStateException("snapshot " + p.id() + " of " + runDirectory + " is missing: it"
                + " should be at " + directory);
          }
          agents.put(SnapshotId.nameOf(p.id()), new Evaluated( // later ones replace
              "policy(path='" + directory + "'" + (greedy ? ", play=greedy" : "") + ")",
              seed != null ? seed : Evaluation.seed(config.seed(), p.batch()), violations));
        }
      }
    }
    if (agents.isEmpty()) {
      throw new IllegalStateException(runDirectory + " has no snapshot yet");
    }
    evaluateAll(Games.create(gameName), agents);
  }

  private void evaluateAll(Game game, Map<String, Evaluated> agents) {
    PrintWriter out = command.commandLine().getOut();
    for (var entry : agents.entrySet()) {
      out.printf("%s (%s) at %s%n", entry.getKey(), entry.getValue().spec(), game.spec());
      evaluate(game, entry.getValue(), out);
    }
    out.flush();
  }

  private void evaluate(Game game, Evaluated evaluated, PrintWriter out) {
    String spec = evaluated.spec();
    Evaluation evaluation = new Evaluation(game, evaluated.violationPolicy());
    if (evaluation.measuresExploitability()) {
      Agent agent = Agents.create(spec, game, 1);
      if (!(agent instanceof StochasticAgent stochastic)) {
        throw new IllegalArgumentException(spec + " does not state its action probabilities, so its"
            + " exploitability cannot be computed exactly; evaluate a policy(path=...) or solver agent");
      }
      Policy policy = (state, player) -> stochastic.actionProbabilities(new SeatView(game,
          state.observation(player), List.of(), random -> state.copy(), t -> state.parseAction(player, t)));
      double exploitability = evaluation.exploitability(policy);
      out.printf(Locale.ROOT, "  exploitability %.5f  (NashConv %.5f; uniform random: %.5f)%n",
          exploitability, exploitability * game.numPlayers(), evaluation.exploitability(Policy.uniform()));
      return;
    }
    if (game.numPlayers() != 2) {
      throw new IllegalArgumentException("eval plays two-player games or measures poker exploitability; "
          + game.spec() + " is neither");
    }
    GameType type = game.type();
    String against = opponent.equals("auto")
        ? type.information() == GameType.Information.PERFECT && game.maxGameLength() <= 12
            ? "solver" : "mcts(simulations=1000)"
        : opponent;
    for (Evaluation.SeatRecord r : evaluation.against(Spec.parse(against),
        agentSeed -> Agents.create(spec, game, agentSeed), games, evaluated.seed())) {
      out.printf("  as seat %d against %s: %d wins, %d draws, %d losses in %d games%n", r.seat(), against,
          r.wins(), r.draws(), r.losses(), r.games());
    }
  }
}
