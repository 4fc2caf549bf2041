package io.sparring.rpc.environment;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The limits of an environment server.
 *
 * @param maxSessions the most sessions held at once; creating more is RESOURCE_EXHAUSTED
 * @param sessionTtl how long a session may go without a request before it is closed
 * @param maxMessageBytes the largest request message accepted (and echo payload answered)
 * @param sparringVersion the release reported by GetServerInfo
 */
public record ServerConfig(
    int maxSessions, Duration sessionTtl, int maxMessageBytes, String sparringVersion) {
  public static final int DEFAULT_MAX_SESSIONS = 1000;
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 << 20;

  public ServerConfig {
    checkArgument(maxSessions >= 1, "maxSessions must be >= 1, got %s", maxSessions);
    requireNonNull(sessionTtl, "sessionTtl");
    checkArgument(
        sessionTtl.compareTo(Duration.ofMillis(1)) >= 0, "sessionTtl must be >= 1ms, got %s", sessionTtl);
    checkArgument(
        maxMessageBytes >= 1024, "maxMessageBytes must be >= 1024, got %s", maxMessageBytes);
    requireNonNull(sparringVersion, "sparringVersion");
  }

  /** 1000 sessions, a 10 minute time to live, 4 MiB messages. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        DEFAULT_MAX_SESSIONS, DEFAULT_SESSION_TTL, DEFAULT_MAX_MESSAGE_BYTES, "unknown");
  }

  public ServerConfig withMaxSessions(int value) {
    return new ServerConfig(value, sessionTtl, maxMessageBytes, sparringVersion);
  }

  public ServerConfig withSessionTtl(Duration value) {
    return new ServerConfig(maxSessions, value, maxMessageBytes, sparringVersion);
  }

  public ServerConfig withMaxMessageBytes(int value) {
    return new ServerConfig(maxSessions, sessionTtl, value, sparringVersion);
  }

  public ServerConfig withSparringVersion(String value) {
    return new ServerConfig(maxSessions, sessionTtl, maxMessageBytes, value);
  }
}
