package io.sparring.rpc.environment;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.sparring.proto.v1.EchoGrpc;
import io.sparring.proto.v1.EnvironmentGrpc;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment server: the Environment and Echo services, the standard health service, and
 * server reflection (v1 and v1alpha) so generic tools can list and call it. It takes a {@code
 * ServerBuilder<?>}, so the same server runs on a socket (Netty) or in process (tests). Its
 * handlers never block, so a direct executor suits it.
 *
 * <pre>{@code
 * EnvironmentServer server = new EnvironmentServer(
 *     NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 50051)), ServerConfig.defaults());
 * server.start();
 * ...
 * server.shutDown(Duration.ofSeconds(5));
 * }</pre>
 */
public final class EnvironmentServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EnvironmentServer.class);
  private final Sessions sessions;
  private final EnvironmentService environment;
  private final HealthStatusManager health = new HealthStatusManager();
  private final Server server;

  /** Adds the services and the message size limit to {@code builder}; {@link #start()} serves. */
  public EnvironmentServer(ServerBuilder<?> builder, ServerConfig config) {
    this(builder, new Sessions(config));
  }

  /** A server over the given sessions (tests pass sessions of their own games). */
  @SuppressWarnings("deprecation")
  EnvironmentServer(ServerBuilder<?> builder, Sessions sessions) {
    ServerConfig config = sessions.config();
    this.sessions = sessions;
    this.environment = new EnvironmentService(sessions);
    this.server =
        builder
            // Each service reads its own requests: bytes that do not parse are INVALID_ARGUMENT.
            .addService(RequestParsing.checked(environment.bindService()))
            .addService(RequestParsing.checked(new EchoService(config.maxMessageBytes()).bindService()))
            .addService(RequestParsing.checked(health.getHealthService().bindService()))
            .addService(RequestParsing.checked(ProtoReflectionServiceV1.newInstance().bindService()))
            // v1alpha reflection (deprecated in grpc-java): older tools only speak it
            .addService(RequestParsing.checked(ProtoReflectionService.newInstance().bindService()))
            .maxInboundMessageSize(config.maxMessageBytes())
            // Added last so it runs first: interceptors added before may name the client instead.
            .intercept(ClientIdentity.fromPeerAddress())
            .build();
  }

  public EnvironmentServer start() throws IOException {
    server.start();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(EnvironmentGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(EchoGrpc.SERVICE_NAME, ServingStatus.SERVING);
    log.info("serving {} on port {}", EnvironmentGrpc.SERVICE_NAME, server.getPort());
    return this;
  }

  /** The port bound (useful after asking for port 0), or -1 for an in-process server. */
  public int port() {
    return server.getPort();
  }

  /** The services served, as registered (the fuzz tests call every method of each). */
  java.util.List<io.grpc.ServerServiceDefinition> services() {
    return server.getServices();
  }

  /** The sessions, for monitoring and in-process use. */
  public Sessions sessions() {
    return sessions;
  }

  /**
   * Shuts down gracefully: health turns NOT_SERVING, no new calls are accepted, every session is
   * closed (its waiting calls end with UNAVAILABLE), Play streams end with UNAVAILABLE, and calls
   * in progress get up to {@code grace} to finish before they are cancelled.
   */
  public void shutDown(Duration grace) {
    health.enterTerminalState();
    server.shutdown();
    sessions.close();
    environment.shutDownStreams();
    try {
      if (!server.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        log.warn("calls still running after {}; cancelling them", Durations.format(grace));
        server.shutdownNow();
        server.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.info("server stopped");
  }

  /** Blocks until the server has stopped. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** {@link #shutDown} with 5 seconds of grace. */
  @Override
  public void close() {
    shutDown(Duration.ofSeconds(5));
  }
}
