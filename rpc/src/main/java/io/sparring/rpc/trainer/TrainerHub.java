package io.sparring.rpc.trainer;

import io.grpc.Status;
import io.sparring.core.game.Game;
import io.sparring.core.spec.Spec;
import io.sparring.league.engine.LearnerFactory;
import io.sparring.training.Learner;
import io.sparring.training.Learners;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The external learners of the leagues one {@link ExperienceServer} serves, by player name. Given
 * to the league as its {@link LearnerFactory}: it makes {@code external(...)} learners bound to the
 * server and every other kind from the registry.
 */
public final class TrainerHub implements LearnerFactory {
  private final Map<String, ExternalPlayer> players = new ConcurrentHashMap<>();

  @Override
  public Learner create(String player, Spec spec, Game game, long seed) {
    if (!spec.name().equals("external")) {
      return LearnerFactory.REGISTRY.create(player, spec, game, seed);
    }
    var arguments = Learners.registry().arguments(spec);
    ExternalPlayer external = new ExternalPlayer(player, arguments.toSpec().toString(),
        ExternalLearners.settings(arguments), game);
    if (players.putIfAbsent(player, external) != null) {
      throw new IllegalArgumentException("two external players are named " + player
          + " in the leagues this server feeds; give each its own name");
    }
    return external;
  }

  /** The external player of that name, or NOT_FOUND naming the ones there are. */
  ExternalPlayer player(String name) {
    ExternalPlayer player = players.get(name);
    if (player == null) {
      throw Status.NOT_FOUND.withDescription("no external player '" + name + "' in this league; external players: "
          + (players.isEmpty() ? "none" : String.join(", ", players.keySet().stream().sorted().toList())))
          .asRuntimeException();
    }
    return player;
  }

  /** The names of the external players, sorted. */
  public List<String> names() {
    return players.keySet().stream().sorted().toList();
  }

  /** Unacknowledged batches of a player. */
  public int queued(String player) {
    return player(player).queued();
  }

  /** Ends every trainer's stream normally: the leagues are done. */
  void endSubscriptions() {
    players.values().forEach(ExternalPlayer::endSubscription);
  }

  /**
   * Waits up to {@code millis} in all for every trainer to acknowledge what it was offered, so a run
   * that ends leaves nothing undelivered; whether they did.
   */
  public boolean awaitDrained(long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    for (ExternalPlayer player : players.values()) {
      if (!player.awaitDrained(Math.max(0, deadline - System.currentTimeMillis()))) {
        return false;
      }
    }
    return true;
  }
}
