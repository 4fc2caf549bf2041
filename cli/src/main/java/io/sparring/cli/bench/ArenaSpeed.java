package io.sparring.cli.bench;

import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.agents.TurnContext;
import io.sparring.agents.Worlds;
import io.sparring.agents.match.CompactRecords;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.SeatViews;
import io.sparring.agents.match.Seating;
import io.sparring.agents.SeatView;
import io.sparring.core.game.Game;
import io.sparring.core.game.Observation;
import io.sparring.core.game.State;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecValue;
import io.sparring.proto.v1.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Measures the arena: physics steps per second under random motor actions (no observations),
 * decisions per second of observation plus scripted bot, whole bot episodes (physics, observations
 * and bots), and recorded matches through the match runner, on one thread or several.
 */
public final class ArenaSpeed {
  private ArenaSpeed() {}

  /** Totals over threads: simulated physics steps, decisions, game seconds, and wall or decision time. */
  public record Run(long episodes, long physicsSteps, long decisions, double gameSeconds, double wallSeconds,
      double decisionSeconds) {
    public double physicsStepsPerSecond() {
      return physicsSteps / wallSeconds;
    }

    public double decisionsPerSecond() {
      return decisions / decisionSeconds;
    }

    /** Wall seconds per 120 s of game time, per thread. */
    public double secondsPer120(int threads) {
      return 120 * wallSeconds * threads / gameSeconds;
    }

    public double realTimeFactor(int threads) {
      return gameSeconds / (wallSeconds * threads);
    }
  }

  /** Episodes of random motor actions: the physics and the rules, nothing observed. */
  public static Run physics(Game game, int threads, int episodesPerThread, long seed) {
    return parallel(threads, t -> {
      SplittableRandom random = new SplittableRandom(seed + t);
      long steps = 0;
      double seconds = 0;
      long start = System.nanoTime();
      for (int e = 0; e < episodesPerThread; e++) {
        State state = game.newInitialState(random.nextLong());
        List<Integer> joint = new ArrayList<>();
        int decisions = 0;
        while (!state.isTerminal()) {
          joint.clear();
          for (int seat : state.actingPlayers()) {
            List<Integer> legal = state.legalActions(seat);
            joint.add(legal.get(random.nextInt(legal.size())));
          }
          state.applyJoint(joint);
          decisions++;
        }
        steps += physicsSteps(state, decisions);
        seconds += physicsSteps(state, decisions) / 60.0;
      }
      double wall = (System.nanoTime() - start) / 1e9;
      return new Run(episodesPerThread, steps, 0, seconds, wall, 0);
    });
  }

  /**
   * Bot episodes: each decision builds the seat's observation (the whole one agents get, text
   * included, or with {@code tensorOnly} just the tensor and legal actions a bot or network reads)
   * and asks the agent; the time of those calls is the decision time.
   */
  public static Run bots(Game game, String agentSpec, int threads, int episodesPerThread, boolean tensorOnly,
      long seed) {
    return parallel(threads, t -> {
      SplittableRandom random = new SplittableRandom(seed + t);
      long decisions = 0;
      long steps = 0;
      double seconds = 0;
      long decisionNanos = 0;
      long start = System.nanoTime();
      for (int e = 0; e < episodesPerThread; e++) {
        State state = game.newInitialState(random.nextLong());
        List<Agent> agents = new ArrayList<>();
        for (int seat = 0; seat < game.numPlayers(); seat++) {
          agents.add(Agents.create(agentSpec, game, random.nextLong()));
        }
        List<Integer> joint = new ArrayList<>();
        int moves = 0;
        while (!state.isTerminal()) {
          joint.clear();
          long before = System.nanoTime();
          for (int seat : state.actingPlayers()) {
            SeatView view = tensorOnly ? lean(state, seat) : SeatViews.of(state, seat, List.of());
            joint.add(agents.get(seat).decide(view, TurnContext.alone()).action());
          }
          decisionNanos += System.nanoTime() - before;
          decisions += joint.size();
          state.applyJoint(joint);
          moves++;
        }
        steps += physicsSteps(state, moves);
        seconds += physicsSteps(state, moves) / 60.0;
      }
      double wall = (System.nanoTime() - start) / 1e9;
      return new Run(episodesPerThread, steps, decisions, seconds, wall, decisionNanos / 1e9);
    });
  }

  private static SeatView lean(State state, int seat) {
    List<Integer> legal = state.legalActions(seat);
    Observation observation = new Observation(seat, "", state.observationTensor(seat), legal, List.of(),
        state.legalActionMask(seat));
    Worlds none = random -> {
      throw new UnsupportedOperationException("a scripted bot does not search");
    };
    return new SeatView(state.game(), observation, List.of(), none, text -> state.parseAction(seat, text));
  }

  /** A recorded match: its full and compact record sizes and its wall time. */
  public record Recorded(int fullBytes, int compactBytes, double wallSeconds, double gameSeconds, int steps) {}

  /** One match through the match runner, every seat's bot, recorded as the league records it. */
  public static Recorded recorded(Game game, String agentSpec, long seed) {
    List<Seating> seatings = new ArrayList<>();
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      seatings.add(new Seating(List.of(seat), Spec.parse(agentSpec), ""));
    }
    long start = System.nanoTime();
    Trajectory record = MatchRunner.play(MatchConfig.of(game, seed, seatings));
    double wall = (System.nanoTime() - start) / 1e9;
    Trajectory compact = CompactRecords.compact(record);
    int decisions = record.getStepsCount();
    double seconds = Math.min(decisions * decisionSteps(game), physicsLimit(game)) / 60.0;
    return new Recorded(record.getSerializedSize(), compact.getSerializedSize(), wall, seconds, decisions);
  }

  private static long physicsSteps(State state, int decisions) {
    // the last decision may stop early, at a goal or the end of a skirmish
    return Math.min((long) decisions * decisionSteps(state.game()), physicsLimit(state.game()));
  }

  private static int decisionSteps(Game game) {
    return number(game, "decision_steps");
  }

  private static int physicsLimit(Game game) {
    return 60 * number(game, "seconds");
  }

  private static int number(Game game, String parameter) {
    return ((SpecValue.Number) game.spec().arguments().get(parameter)).value().intValueExact();
  }

  private static Run parallel(int threads, LongFunction<Run> work) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Run>> runs = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        long thread = t;
        runs.add(pool.submit(() -> work.apply(thread)));
      }
      long episodes = 0;
      long steps = 0;
      long decisions = 0;
      double seconds = 0;
      double decisionSeconds = 0;
      for (Future<Run> run : runs) {
        Run r = run.get();
        episodes += r.episodes();
        steps += r.physicsSteps();
        decisions += r.decisions();
        seconds += r.gameSeconds();
        decisionSeconds += r.decisionSeconds() / threads; // decision time per thread, in parallel
      }
      double wall = (System.nanoTime() - start) / 1e9;
      return new Run(episodes, steps, decisions, seconds, wall, decisionSeconds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("an arena episode failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
