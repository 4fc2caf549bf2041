package io.sparring.rpc.trainer;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.sparring.rpc.environment.RequestParsing;
import io.sparring.rpc.security.ServerSecurity;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server a league started with {@code --serve-experience} runs beside itself: {@code
 * sparring.v1.ExperienceService} and {@code PolicyService} over a {@link TrainerHub}, on loopback
 * unless told otherwise, with the same TLS and tokens as {@code sparring serve}.
 */
public final class ExperienceServer implements AutoCloseable {
  /** Large enough for a 1 MiB weights chunk and a big batch of experience. */
  private static final int MAX_MESSAGE = 64 << 20;
  private final Server server;
  private final TrainerHub hub;
  private final String host;

  private ExperienceServer(Server server, TrainerHub hub, String host) {
    this.server = server;
    this.hub = hub;
    this.host = host;
  }

  /**
   * Starts serving {@code hub} with {@code builder} (bound to {@code host}, with its transport's
   * credentials; the CLI gives a Netty one), checking tokens as {@code security} says.
   */
  public static <T extends ServerBuilder<T>> ExperienceServer start(TrainerHub hub, T builder, String host,
      ServerSecurity security) throws IOException {
    builder.maxInboundMessageSize(MAX_MESSAGE)
        .addService(RequestParsing.checked(new ExperienceService(hub).bindService()))
        .addService(RequestParsing.checked(new PolicyService(hub).bindService()));
    Server server = security.intercept(builder).build().start();
    return new ExperienceServer(server, hub, host);
  }

  public TrainerHub hub() {
    return hub;
  }

  /** The services served (with the reflection-free definitions gRPC holds), for tests that call them all. */
  public List<ServerServiceDefinition> services() {
    return server.getServices();
  }

  public int port() {
    return server.getPort();
  }

  /** {@code HOST:PORT}, as trainers pass it. */
  public String target() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  @Override
  public void close() throws InterruptedException {
    hub.endSubscriptions(); // trainers see the stream end normally, not a lost connection
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
  }
}
