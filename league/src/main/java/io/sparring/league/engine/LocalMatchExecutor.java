package io.sparring.league.engine;

import io.sparring.agents.Agent;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.game.Game;
import io.sparring.core.spec.Spec;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.league.store.PlayerKind;
import io.sparring.proto.v1.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Plays matches in this process on a pool made for each batch: {@code threads} platform threads,
 * or, with more matches in flight than threads, that many virtual threads (which wait on batched
 * inference for free). Players resolve to the league's in-memory policies through {@link Players}.
 */
final class LocalMatchExecutor implements MatchExecutor {
  /** The agent that plays a named player in one match. */
  @FunctionalInterface
  interface Players {
    Agent agent(MatchJob.Player player, long seed);
  }

  private final Game game;
  private final ViolationPolicy violationPolicy;
  private final int threads;
  private final int inFlight;
  private final Players players;

  LocalMatchExecutor(Game game, ViolationPolicy violationPolicy, int threads, int inFlight, Players players) {
    this.game = game;
    this.violationPolicy = violationPolicy;
    this.threads = threads;
    this.inFlight = inFlight;
    this.players = players;
  }

  @Override
  public void play(List<MatchJob> jobs, Consumer<MatchRow> played) {
    ExecutorService pool = inFlight > threads
        ? Executors.newFixedThreadPool(inFlight, Thread.ofVirtual().name("match-", 0).factory())
        : Executors.newFixedThreadPool(threads);
    try {
      List<Future<MatchRow>> futures = new ArrayList<>();
      for (MatchJob job : jobs) {
        futures.add(pool.submit(() -> play(job)));
      }
      for (Future<MatchRow> future : futures) {
        played.accept(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the league was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a match failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private MatchRow play(MatchJob job) {
    List<Seating> seatings = new ArrayList<>();
    List<MatchJob.Player> seats = job.seats();
    for (int seat = 0; seat < seats.size(); seat++) {
      MatchJob.Player player = seats.get(seat);
      seatings.add(new Seating(List.of(seat), Spec.of(player.id()),
          player.kind() == PlayerKind.SNAPSHOT ? player.id() : ""));
    }
    MatchConfig match = new MatchConfig(game, job.seed(), seatings, violationPolicy, Optional.empty(),
        String.valueOf(job.index()), job.agentSeeds(), job.groupMember());
    Trajectory trajectory = MatchRunner.play(match, (state, step) -> {},
        (spec, g, seed) -> players.agent(seatOf(seats, spec.name()), seed));
    List<String> names = trajectory.getSeatsList().stream().map(s -> s.getPlayer()).toList();
    return new MatchRow(job.index(), job.batch(), names, trajectory.getReturnsList(), trajectory);
  }

  private static MatchJob.Player seatOf(List<MatchJob.Player> seats, String id) {
    for (MatchJob.Player player : seats) {
      if (player.id().equals(id)) {
        return player;
      }
    }
    throw new IllegalStateException("no seat of the match is '" + id + "'");
  }
}
