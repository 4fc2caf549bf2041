package io.sparring.rpc.environment;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The limits of an environment server.
 *
 * @param maxSessions the most sessions held at once; creating more is RESOURCE_EXHAUSTED
 * @param sessionTtl how long a session may go without a request before it is closed
 * @param maxMessageBytes the largest request message accepted (and echo payload answered)
 * @param sparringVersion the release reported by GetServerInfo
 * @param maxBatchItems the most resets and steps one BatchStep may carry
 * @param maxBatchResponseBytes the largest BatchStep response, estimated before anything is applied
 * @param maxSessionsPerClient the most sessions one client identity may own at once
 * @param maxRequestsPerSecond the steady request rate of one client identity (bursts up to one second's worth)
 * @param maxSessionLifetime how long a session may live however busy it is
 */
public record ServerConfig(
    int maxSessions,
    Duration sessionTtl,
    int maxMessageBytes,
    String sparringVersion,
    int maxBatchItems,
    int maxBatchResponseBytes,
    int maxSessionsPerClient,
    int maxRequestsPerSecond,
    Duration maxSessionLifetime,
    Optional<Path> gameFiles) {
  public static final int DEFAULT_MAX_SESSIONS = 1000;
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 << 20;
  public static final int DEFAULT_MAX_BATCH_ITEMS = 4096;
  /** What gRPC clients accept by default, so a default client can always read the answer. */
  public static final int DEFAULT_MAX_BATCH_RESPONSE_BYTES = 4 << 20;
  /** As many as the server holds: one client on its own may use them all, as the tests and bench do. */
  public static final int DEFAULT_MAX_SESSIONS_PER_CLIENT = DEFAULT_MAX_SESSIONS;
  /** Ten times the fastest `bench grpc` row (a Play stream, about 113k steps/s on 2 cores). */
  public static final int DEFAULT_MAX_REQUESTS_PER_SECOND = 1_000_000;
  public static final Duration DEFAULT_MAX_SESSION_LIFETIME = Duration.ofHours(24);

  public ServerConfig {
    checkArgument(maxSessions >= 1, "maxSessions must be >= 1, got %s", maxSessions);
    requireNonNull(sessionTtl, "sessionTtl");
    checkArgument(
        sessionTtl.compareTo(Duration.ofMillis(1)) >= 0, "sessionTtl must be >= 1ms, got %s", sessionTtl);
    checkArgument(
        maxMessageBytes >= 1024, "maxMessageBytes must be >= 1024, got %s", maxMessageBytes);
    requireNonNull(sparringVersion, "sparringVersion");
    requireNonNull(gameFiles, "gameFiles");
    checkArgument(maxBatchItems >= 1, "maxBatchItems must be >= 1, got %s", maxBatchItems);
    checkArgument(maxBatchResponseBytes >= 1024,
        "maxBatchResponseBytes must be >= 1024, got %s", maxBatchResponseBytes);
    checkArgument(maxSessionsPerClient >= 1,
        "maxSessionsPerClient must be >= 1, got %s", maxSessionsPerClient);
    checkArgument(maxRequestsPerSecond >= 1,
        "maxRequestsPerSecond must be >= 1, got %s", maxRequestsPerSecond);
    requireNonNull(maxSessionLifetime, "maxSessionLifetime");
    checkArgument(maxSessionLifetime.compareTo(Duration.ofMillis(1)) >= 0,
        "maxSessionLifetime must be >= 1ms, got %s", maxSessionLifetime);
  }

  /**
   * 1000 sessions, a 10 minute time to live, 4 MiB messages, batches of 4096 items and 4 MiB, 1000
   * sessions and 1,000,000 requests per second per client, sessions living at most 24 hours.
   */
  public static ServerConfig defaults() {
    return new ServerConfig(
        DEFAULT_MAX_SESSIONS, DEFAULT_SESSION_TTL, DEFAULT_MAX_MESSAGE_BYTES, "unknown",
        DEFAULT_MAX_BATCH_ITEMS, DEFAULT_MAX_BATCH_RESPONSE_BYTES, DEFAULT_MAX_SESSIONS_PER_CLIENT,
        DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_MAX_SESSION_LIFETIME, Optional.empty());
  }

  public ServerConfig withMaxSessions(int value) {
    return new ServerConfig(value, sessionTtl, maxMessageBytes, sparringVersion, maxBatchItems,
        maxBatchResponseBytes, maxSessionsPerClient, maxRequestsPerSecond, maxSessionLifetime, gameFiles);
  }

  public ServerConfig withSessionTtl(Duration value) {
    return new ServerConfig(maxSessions, value, maxMessageBytes, sparringVersion, maxBatchItems,
        maxBatchResponseBytes, maxSessionsPerClient, maxRequestsPerSecond, maxSessionLifetime, gameFiles);
  }

  public ServerConfig withMaxMessageBytes(int value) {
    return new ServerConfig(maxSessions, sessionTtl, value, sparringVersion, maxBatchItems,
        maxBatchResponseBytes, maxSessionsPerClient, maxRequestsPerSecond, maxSessionLifetime, gameFiles);
  }

  public ServerConfig withSparringVersion(String value) {
    return new ServerConfig(maxSessions, sessionTtl, maxMessageBytes, value, maxBatchItems,
        maxBatchResponseBytes, maxSessionsPerClient, maxRequestsPerSecond, maxSessionLifetime, gameFiles);
  }

  public ServerConfig withMaxBatchItems(int value) {
    return new ServerConfig(maxSessions, sessionTtl, maxMessageBytes, sparringVersion, value,
        maxBatchResponseBytes, maxSessionsPerClient, maxRequestsPerSecond, maxSessionLifetime, gameFiles);
  }

  public ServerConfig withMaxBatchResponseBytes(int value) {
    return new ServerConfig(maxSessions, sessionTtl, maxMessageBytes, sparringVersion, maxBatchItems,
        value, maxSessionsPerClient, maxRequestsPerSecond, maxSessionLifetime, gameFiles);
  }

  public ServerConfig withMaxSessionsPerClient(int value) {
    return new ServerConfig(maxSessions, sessionTtl, maxMessageBytes, sparringVersion, maxBatchItems,
        maxBatchResponseBytes, value, maxRequestsPerSecond, maxSessionLifetime, gameFiles);
  }

  public ServerConfig withMaxRequestsPerSecond(int value) {
    return new ServerConfig(maxSessions, sessionTtl, maxMessageBytes, sparringVersion, maxBatchItems,
        maxBatchResponseBytes, maxSessionsPerClient, value, maxSessionLifetime, gameFiles);
  }

  public ServerConfig withMaxSessionLifetime(Duration value) {
    return new ServerConfig(maxSessions, sessionTtl, maxMessageBytes, sparringVersion, maxBatchItems,
        maxBatchResponseBytes, maxSessionsPerClient, maxRequestsPerSecond, value, gameFiles);
  }

  /**
   * The folder whose files clients may name in a game spec's path arguments (a web-shop catalog);
   * without one, the server refuses every such argument.
   */
  public ServerConfig withGameFiles(Path folder) {
    return new ServerConfig(maxSessions, sessionTtl, maxMessageBytes, sparringVersion, maxBatchItems,
        maxBatchResponseBytes, maxSessionsPerClient, maxRequestsPerSecond, maxSessionLifetime, Optional.of(folder));
  }
}
