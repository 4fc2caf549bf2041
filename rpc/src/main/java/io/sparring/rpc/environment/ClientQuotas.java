package io.sparring.rpc.environment;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The limits per client ({@link ClientIdentity}): sessions owned at once, and requests per second. */
final class ClientQuotas {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private final ServerConfig config;
  private final ConcurrentHashMap<String, Integer> sessionsOf = new ConcurrentHashMap<>();
  /** The owner of each session, so closing it frees the owner's share. */
  private final ConcurrentHashMap<String, String> ownerOf = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  ClientQuotas(ServerConfig config) {
    this.config = config;
  }

  /** Counts a session {@code client} is about to create; {@link #created} or {@link #unreserve} follows. */
  void reserveSession(String client) {
    int max = config.maxSessionsPerClient();
    boolean[] room = new boolean[1];
    sessionsOf.compute(client, (name, owned) -> {
      int now = owned == null ? 0 : owned;
      room[0] = now < max;
      return room[0] ? now + 1 : owned;
    });
    if (!room[0]) {
      throw Errors.resourceExhausted(
          ("client %s already owns %d session%s, the most one client may own (the server's max sessions per"
                  + " client); close sessions you no longer need (CloseSession)")
              .formatted(Errors.echo(client), max, max == 1 ? "" : "s"));
    }
  }

  void unreserve(String client) {
    sessionsOf.computeIfPresent(client, (name, owned) -> owned == 1 ? null : owned - 1);
  }

  void created(String sessionId, String client) {
    ownerOf.put(sessionId, client);
  }

  void closed(String sessionId) {
    String client = ownerOf.remove(sessionId);
    if (client != null) {
      unreserve(client);
    }
  }

  /** Takes one request from {@code client}'s allowance: a second's worth at most, refilled steadily. */
  void admit(String client) {
    if (!buckets.computeIfAbsent(client, name -> new Bucket(config.maxRequestsPerSecond())).take()) {
      throw Errors.resourceExhausted(
          "client %s sent more than %d requests per second (the server's max requests per second); slow down and retry"
              .formatted(Errors.echo(client), config.maxRequestsPerSecond()));
    }
  }

  /** Forgets clients quiet for a second: their allowance is full again, as a new one's would be. */
  void sweep() {
    long now = System.nanoTime();
    buckets.values().removeIf(bucket -> bucket.quietSince(now - SECOND));
  }

  /** A token bucket holding up to a second's worth of requests. */
  private static final class Bucket {
    private final int perSecond;
    private double tokens;
    private long lastNanos = System.nanoTime();

    Bucket(int perSecond) {
      this.perSecond = perSecond;
      this.tokens = perSecond;
    }

    synchronized boolean take() {
      long now = System.nanoTime();
      tokens = Math.min(perSecond, tokens + (double) (now - lastNanos) * perSecond / SECOND);
      lastNanos = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    synchronized boolean quietSince(long cutoffNanos) {
      return lastNanos - cutoffNanos < 0;
    }
  }
}
