package io.sparring.agents.solver;

import io.sparring.agents.Agent;
import io.sparring.agents.AgentProvider;
import io.sparring.agents.Decision;
import io.sparring.agents.Role;
import io.sparring.agents.SeatView;
import io.sparring.agents.StochasticAgent;
import io.sparring.agents.TurnContext;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Policy;
import io.sparring.core.solvers.Cfr;
import io.sparring.core.solvers.Minimax;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code solver} backend. {@code kind=minimax}: alpha-beta search with random tie-breaks among
 * optimal moves, for two-player zero-sum perfect-information games (to a depth, if given).
 * {@code kind=cfr}: the CFR+ average policy after {@code iterations}, for small imperfect-information
 * games such as Kuhn and Leduc poker, computed once per game and shared. {@code kind=auto} picks by
 * the game's type.
 */
public final class SolverAgents implements AgentProvider {
  private static final Map<String, Policy> CFR_POLICIES = new ConcurrentHashMap<>();
  /**
   * Minimax searches by game and depth, one set per thread: a search's transposition table is not
   * thread-safe, and keeping it across matches spares re-solving the same positions every match.
   */
  private static final ThreadLocal<Map<String, Minimax>> MINIMAX_SEARCHES =
      ThreadLocal.withInitial(java.util.HashMap::new);

  @Override
  public String name() {
    return "solver";
  }

  @Override
  public String description() {
    return "exact play: minimax (perfect information) or a CFR+ equilibrium (small poker games)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.word("kind", "auto", "auto, minimax or cfr"),
        Parameter.integer("depth", 0, 0, 1000, "minimax depth limit in plies (0: to the end)"),
        Parameter.integer("iterations", 1000, 1, 10_000_000, "CFR+ iterations"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    String kind = arguments.getString("kind");
    boolean perfect = game.type().information() == GameType.Information.PERFECT;
    if (kind.equals("auto")) {
      kind = perfect ? "minimax" : "cfr";
    }
    SplittableRandom random = new SplittableRandom(seed);
    Policy policy = switch (kind) {
      case "minimax" -> minimaxPolicy(game, arguments.getInt("depth"));
      case "cfr" -> cfrPolicy(game, arguments.getInt("iterations"));
      default -> throw new IllegalArgumentException(
          "solver kind must be auto, minimax or cfr, got '" + kind + "'");
    };
    return new PolicyAgent(kind, policy, random);
  }

  /** Plays a policy on the worlds its seat cannot tell apart. */
  private record PolicyAgent(String method, Policy policy, SplittableRandom random)
      implements StochasticAgent {

    @Override
    public Map<Integer, Double> actionProbabilities(SeatView view) {
      // A world consistent with the seat's information: the state itself under perfect
      // information, and the same information state (all the policy reads) otherwise.
      return policy.actionProbabilities(view.worlds().sample(random), view.seat());
    }

    @Override
    public Decision decide(SeatView view, TurnContext context) {
      if (context.role() == Role.STRATEGIST) {
        return Decision.text("");
      }
      if (context.role() == Role.VERIFIER) {
        throw new IllegalStateException("solver plays; to check proposals use the check verifier");
      }
      Map<Integer, Double> probabilities = actionProbabilities(view);
      double u = random.nextDouble();
      int action = -1;
      for (Map.Entry<Integer, Double> entry : probabilities.entrySet()) {
        action = entry.getKey();
        u -= entry.getValue();
        if (u < 0) {
          break;
        }
      }
      return Decision.action(action)
          .withLogProbability(Math.log(probabilities.get(action)))
          .withText(method + ": " + describe(view, probabilities));
    }
  }

  /** Minimax play that searches with the calling thread's table for the game. */
  private static Policy minimaxPolicy(Game game, int depth) {
    String key = game.spec() + "@" + depth;
    Function<String, Minimax> create = k -> minimax(game, depth);
    MINIMAX_SEARCHES.get().computeIfAbsent(key, create); // fails here, saying why, if it cannot play
    return (state, player) ->
        MINIMAX_SEARCHES.get().computeIfAbsent(key, create).policy().actionProbabilities(state, player);
  }

  /** Minimax for a game it can solve, or an error that says why not. */
  public static Minimax minimax(Game game, int depth) {
    GameType type = game.type();
    if (type.information() != GameType.Information.PERFECT || game.numPlayers() != 2
        || type.utility() != GameType.Utility.ZERO_SUM && type.utility() != GameType.Utility.CONSTANT_SUM) {
      throw new IllegalArgumentException(
          "minimax needs a two-player zero-sum perfect-information game; " + game.spec() + " is not");
    }
    Minimax.Builder builder = Minimax.builder().transpositionKey(Minimax.observationKey());
    if (depth > 0) {
      builder.depthLimit(depth);
    }
    return builder.build();
  }

  private static Policy cfrPolicy(Game game, int iterations) {
    if (game.type().dynamics() != GameType.Dynamics.SEQUENTIAL) {
      throw new IllegalArgumentException("cfr here needs a sequential game; " + game.spec() + " is not");
    }
    return CFR_POLICIES.computeIfAbsent(game.spec() + "@" + iterations, key -> {
      Cfr cfr = Cfr.plus(game);
      cfr.iterate(iterations);
      return cfr.averagePolicy();
    });
  }

  private static String describe(SeatView view, Map<Integer, Double> probabilities) {
    StringBuilder text = new StringBuilder();
    List<Integer> legal = view.observation().legalActions();
    for (int i = 0; i < legal.size(); i++) {
      double p = probabilities.getOrDefault(legal.get(i), 0.0);
      if (p > 0) {
        text.append(text.isEmpty() ? "" : ", ").append(view.observation().legalActionNames().get(i))
            .append(String.format(Locale.ROOT, " %.3f", p));
      }
    }
    return text.toString();
  }
}
