package io.sparring.rpc.environment;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shuts down the channels and servers a test registers, newest first, after each test; grpc-java
 * ships this only as a JUnit 4 rule. Use as {@code @RegisterExtension final GrpcCleanupExtension
 * grpc = new GrpcCleanupExtension();}.
 */
public final class GrpcCleanupExtension implements AfterEachCallback {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  public <T extends ManagedChannel> T register(T channel) {
    resources.push(() -> {
      channel.shutdownNow();
      if (!channel.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("channel did not terminate within " + TIMEOUT);
      }
    });
    return channel;
  }

  public <T extends Server> T register(T server) {
    resources.push(() -> {
      server.shutdownNow();
      if (!server.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("server did not terminate within " + TIMEOUT);
      }
    });
    return server;
  }

  public EnvironmentServer register(EnvironmentServer server) {
    resources.push(() -> server.shutDown(Duration.ofMillis(100)));
    return server;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
