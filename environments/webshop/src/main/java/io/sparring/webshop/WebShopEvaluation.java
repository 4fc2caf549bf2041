package io.sparring.webshop;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.agents.Agents;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.core.spec.Spec;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays an agent on the goals of a split and reports WebShop's numbers: score (100 × mean reward),
 * success rate (share of episodes with reward 1) and the mean of each reward part. Episode {@code
 * i} plays seed {@code i}, which in the test and dev splits is goal {@code i}. Matches run under
 * the match runner's default violation policy; an episode that ends without a purchase scores 0 in
 * every part.
 */
public final class WebShopEvaluation {
  private WebShopEvaluation() {}

  /**
   * The outcome of an evaluation.
   *
   * @param purchases episodes that ended by buying
   * @param forfeits episodes ended by a violation (an agent error or an illegal indexed action)
   * @param score 100 × the mean reward
   * @param successRate the share of episodes with reward 1
   * @param type the mean r_type
   * @param attribute the mean share of goal attributes matched
   * @param option the mean share of goal options matched, over episodes whose goal has options
   * @param price the share of episodes whose purchase was within the price bound
   */
  public record Result(int episodes, int purchases, int forfeits, double score, double successRate,
      double type, double attribute, double option, double price) {}

  /** Hears each finished episode, for a progress bar. */
  @FunctionalInterface
  public interface Progress {
    /** {@code purchase} is null when the episode ended without one. */
    void episodeDone(int done, int total, Purchase purchase);
  }

  /**
   * Plays {@code agentSpec} on {@code episodes} goals of {@code gameSpec} (a {@code webshop(...)}
   * spec; 0 or less plays every goal of its split once), {@code threads} episodes at a time.
   */
  public static Result evaluate(String gameSpec, String agentSpec, int episodes, int threads, Progress progress) {
    Game game = Games.create(gameSpec);
    checkArgument(game instanceof WebShop.ShopGame, "not a webshop game: %s", gameSpec);
    WebShop.ShopGame shop = (WebShop.ShopGame) game;
    Agents.registry().arguments(Spec.parse(agentSpec)); // a bad agent spec fails before any episode
    int total = episodes > 0 ? episodes : shop.shop().catalog().split(shop.split()).size();
    checkArgument(threads >= 1, "threads must be at least 1, got %s", threads);
    List<Outcome> outcomes = new ArrayList<>();
    AtomicInteger done = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        long seed = i;
        futures.add(pool.submit(() -> {
          Outcome outcome = play(game, seed, agentSpec);
          progress.episodeDone(done.incrementAndGet(), total, outcome.purchase());
          return outcome;
        }));
      }
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("an episode failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the evaluation", e);
    }
    return summarize(outcomes);
  }

  private record Outcome(Purchase purchase, boolean forfeit, boolean goalHasOptions) {}

  private static Outcome play(Game game, long seed, String agentSpec) {
    State[] last = new State[1];
    Trajectory record = MatchRunner.play(MatchConfig.of(game, seed, List.of(Seating.of(0, agentSpec))),
        (state, step) -> last[0] = state);
    ShopState end = last[0] == null ? null : (ShopState) last[0];
    Goal goal = end != null ? end.goal() : ((ShopState) game.newInitialState(seed)).goal();
    return new Outcome(end == null ? null : end.purchase(), record.getEndReason() == EndReason.END_REASON_FORFEIT,
        !goal.options().isEmpty());
  }

  private static Result summarize(List<Outcome> outcomes) {
    double reward = 0;
    int successes = 0;
    int purchases = 0;
    int forfeits = 0;
    double type = 0;
    double attribute = 0;
    double option = 0;
    int withOptions = 0;
    double price = 0;
    for (Outcome o : outcomes) {
      forfeits += o.forfeit() ? 1 : 0;
      withOptions += o.goalHasOptions() ? 1 : 0;
      Purchase p = o.purchase();
      if (p == null) {
        continue;
      }
      purchases++;
      reward += p.reward();
      successes += p.reward() == 1.0 ? 1 : 0;
      type += p.typeReward();
      attribute += p.attributePart();
      option += o.goalHasOptions() ? p.optionPart() : 0;
      price += p.pricePart();
    }
    int n = outcomes.size();
    return new Result(n, purchases, forfeits, 100 * reward / n, (double) successes / n, type / n,
        attribute / n, withOptions == 0 ? Double.NaN : option / withOptions, price / n);
  }
}
