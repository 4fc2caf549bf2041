package io.sparring.league.engine;

import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Policy;
import io.sparring.core.game.Seeds;
import io.sparring.core.solvers.BestResponse;
import io.sparring.core.solvers.GameTree;
import io.sparring.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How good a policy is, measured the same way by the league (after its batches) and by {@code
 * sparring eval}: exact exploitability where the game tree is small, and games against a fixed
 * opponent (minimax, MCTS) in every seat.
 *
 * <p>Where the two used to differ, the league's rules won, because its numbers are stored in every
 * run's database (and the golden run) and must stay comparable: exploitability only for
 * sequential, zero-sum, imperfect-information games whose tree has at most {@value #TREE_LIMIT}
 * nodes; game {@code g} in seat {@code s} takes the seed {@code mix(seed, s * gamesPerSeat + g)}
 * (every agent's randomness derives from it) rather than fixed small numbers, so that different
 * evaluations play different games; and a game is lost when any other seat's return is higher,
 * won when every other seat's is lower, else drawn, which holds for any number of players.
 */
public final class Evaluation {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);
  /** Games whose tree is at most this big get exact exploitability. */
  public static final int TREE_LIMIT = 2_000_000;
  private static final Spec EVALUATED = Spec.of("evaluated");

  private final Game game;
  private final ViolationPolicy violationPolicy;
  private final Optional<GameTree> tree;

  public Evaluation(Game game, ViolationPolicy violationPolicy) {
    this.game = game;
    this.violationPolicy = violationPolicy;
    this.tree = tree(game);
  }

  /** Wins, draws and losses of the evaluated player in one seat. */
  public record SeatRecord(int seat, int wins, int draws, int losses) {
    public int games() {
      return wins + draws + losses;
    }
  }

  /** The seed of the league's evaluation games after {@code batch} of a run seeded {@code runSeed}. */
  public static long seed(long runSeed, int batch) {
    return Seeds.derive(runSeed, -1_000_000L - batch);
  }

  /** Whether {@link #exploitability} can measure this game. */
  public boolean measuresExploitability() {
    return tree.isPresent();
  }

  /** NashConv divided by the number of players: 0 for a Nash equilibrium. */
  public double exploitability(Policy policy) {
    GameTree gameTree = tree.orElseThrow(() -> new IllegalStateException(
        "no exact exploitability for " + game.spec() + " (not a small sequential zero-sum imperfect-information game)"));
    return BestResponse.nashConv(gameTree, policy) / game.numPlayers();
  }

  /**
   * Plays {@code gamesPerSeat} games with the evaluated agent in each seat and {@code opponent} in
   * every other seat.
   *
   * @param evaluated the evaluated agent for a game, given the agent seed
   * @return one record per seat, seat 0 first
   */
  public List<SeatRecord> against(Spec opponent, LongFunction<Agent> evaluated, int gamesPerSeat, long seed) {
    List<SeatRecord> records = new ArrayList<>();
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      int wins = 0;
      int draws = 0;
      int losses = 0;
      for (int g = 0; g < gamesPerSeat; g++) {
        List<Seating> seatings = new ArrayList<>();
        for (int s = 0; s < game.numPlayers(); s++) {
          seatings.add(new Seating(List.of(s), s == seat ? EVALUATED : opponent, ""));
        }
        long gameSeed = Seeds.derive(seed, (long) seat * gamesPerSeat + g);
        double[] returns = MatchRunner.play(new MatchConfig(game, gameSeed, seatings, violationPolicy,
            Optional.empty(), "evaluation"), (state, step) -> {}, (player, g2, agentSeed) ->
            player == EVALUATED ? evaluated.apply(agentSeed) : Agents.create(player, g2, agentSeed))
            .getReturnsList().stream().mapToDouble(Double::doubleValue).toArray();
        boolean beaten = false;
        boolean beatAll = true;
        for (int s = 0; s < returns.length; s++) {
          beaten |= s != seat && returns[s] > returns[seat];
          beatAll &= s == seat || returns[s] < returns[seat];
        }
        if (beaten) {
          losses++;
        } else if (beatAll) {
          wins++;
        } else {
          draws++;
        }
      }
      records.add(new SeatRecord(seat, wins, draws, losses));
    }
    return records;
  }

  /** The share of all games lost. */
  public static double lossRate(List<SeatRecord> records) {
    return (double) records.stream().mapToInt(SeatRecord::losses).sum()
        / records.stream().mapToInt(SeatRecord::games).sum();
  }

  private static Optional<GameTree> tree(Game game) {
    GameType type = game.type();
    if (type.information() != GameType.Information.IMPERFECT
        || type.dynamics() != GameType.Dynamics.SEQUENTIAL
        || type.utility() != GameType.Utility.ZERO_SUM) {
      return Optional.empty();
    }
    try {
      return Optional.of(GameTree.build(game, TREE_LIMIT));
    } catch (IllegalArgumentException | IllegalStateException tooBig) {
      LOG.info("no exploitability for {}: {}", game.spec(), tooBig.getMessage());
      return Optional.empty();
    }
  }
}
