package io.sparring.rpc.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.GetServerInfoRequest;
import io.sparring.rpc.environment.ClientIdentity;
import io.sparring.rpc.environment.EnvironmentServer;
import io.sparring.rpc.environment.GrpcCleanupExtension;
import io.sparring.rpc.environment.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * TLS, mutual TLS and bearer tokens over a real socket, with certificates made by the test
 * (BouncyCastle): who is let in, who is refused, and that a token never reaches the log.
 */
class SecureServerTest {
  private static final String TOKEN = "s3cret-TOKEN-4f9a1c0e7d";

  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  @TempDir Path dir;

  @Test
  void tlsWorksEndToEnd() throws Exception {
    TestCertificates.Authority ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Pem server = ca.issue("server");
    int port = start(new ServerSecurity(new ServerTls(server.certificate(), server.key(), null), null));

    assertEquals("test", info(port, new ClientSecurity(true, ca.certificate(), null, null, null)));
    // a plaintext client cannot talk to a TLS server
    assertEquals(Status.Code.UNAVAILABLE, refused(port, ClientSecurity.plaintext()).getStatus().getCode());
  }

  @Test
  void aClientTrustingAnotherCaRefusesTheServer() throws Exception {
    TestCertificates.Authority ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Authority other = TestCertificates.authority(dir, "other");
    TestCertificates.Pem server = ca.issue("server");
    int port = start(new ServerSecurity(new ServerTls(server.certificate(), server.key(), null), null));

    StatusRuntimeException e = refused(port, new ClientSecurity(true, other.certificate(), null, null, null));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
  }

  @Test
  void anExpiredServerCertificateIsRefused() throws Exception {
    TestCertificates.Authority ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Pem expired = ca.issueExpired("server");
    int port = start(new ServerSecurity(new ServerTls(expired.certificate(), expired.key(), null), null));

    StatusRuntimeException e = refused(port, new ClientSecurity(true, ca.certificate(), null, null, null));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    String warning = new ServerTls(expired.certificate(), expired.key(), null)
        .validityWarning(java.time.Instant.now()).orElseThrow();
    assertTrue(warning.contains("expired"), warning);
  }

  @Test
  void mutualTlsAcceptsOnlyClientsCertifiedByItsCa() throws Exception {
    TestCertificates.Authority ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Authority clients = TestCertificates.authority(dir, "clients");
    TestCertificates.Authority stranger = TestCertificates.authority(dir, "stranger");
    TestCertificates.Pem server = ca.issue("server");
    TestCertificates.Pem alice = clients.issue("alice");
    TestCertificates.Pem mallory = stranger.issue("mallory");
    int port = start(new ServerSecurity(
        new ServerTls(server.certificate(), server.key(), clients.certificate()), null));

    assertEquals("test", info(port,
        new ClientSecurity(true, ca.certificate(), alice.certificate(), alice.key(), null)));
    StatusRuntimeException none = refused(port, new ClientSecurity(true, ca.certificate(), null, null, null));
    assertEquals(Status.Code.UNAVAILABLE, none.getStatus().getCode(), none.toString());
    StatusRuntimeException other = refused(port,
        new ClientSecurity(true, ca.certificate(), mallory.certificate(), mallory.key(), null));
    assertEquals(Status.Code.UNAVAILABLE, other.getStatus().getCode(), other.toString());
  }

  @Test
  void tokensAreRequiredAndNameTheClient() throws Exception {
    List<String> identities = new CopyOnWriteArrayList<>();
    Tokens tokens = Tokens.of(Map.of("alice", TOKEN));
    int port = start(new ServerSecurity(null, tokens), identities);

    StatusRuntimeException missing = refused(port, ClientSecurity.plaintext());
    assertEquals(Status.Code.UNAUTHENTICATED, missing.getStatus().getCode());
    assertEquals(BearerTokenInterceptor.MISSING, missing.getStatus().getDescription());
    StatusRuntimeException wrong = refused(port, ClientSecurity.plaintext().withToken(TOKEN + "x"));
    assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
    assertEquals(BearerTokenInterceptor.WRONG, wrong.getStatus().getDescription());
    assertTrue(identities.isEmpty(), "a refused call reached the services: " + identities);

    assertEquals("test", info(port, ClientSecurity.plaintext().withToken(TOKEN)));
    assertEquals(List.of("alice"), identities);
  }

  @Test
  void tlsWithATokenAndAClientCertificate() throws Exception {
    TestCertificates.Authority ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Pem server = ca.issue("server");
    TestCertificates.Pem bob = ca.issue("bob");
    int port = start(new ServerSecurity(new ServerTls(server.certificate(), server.key(), ca.certificate()),
        Tokens.of(Map.of("bob", TOKEN))));
    ClientSecurity client = new ClientSecurity(true, ca.certificate(), bob.certificate(), bob.key(), null);

    assertEquals(Status.Code.UNAUTHENTICATED, refused(port, client).getStatus().getCode());
    assertEquals("test", info(port, client.withToken(TOKEN)));
  }

  @Test
  void theTokenNeverReachesTheLog() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.ALL);
    try {
      int port = start(new ServerSecurity(null, Tokens.of(Map.of("alice", TOKEN))));
      info(port, ClientSecurity.plaintext().withToken(TOKEN));
      refused(port, ClientSecurity.plaintext().withToken(TOKEN + "wrong"));
      refused(port, ClientSecurity.plaintext());
    } finally {
      root.setLevel(before);
      root.detachAppender(appender);
    }
    assertFalse(appender.list.isEmpty(), "nothing was logged: the capture is broken");
    for (ILoggingEvent event : appender.list) {
      String text = event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
      assertFalse(text.contains(TOKEN), "the token was logged by " + event.getLoggerName() + ": " + text);
    }
  }

  @Test
  void tokensFilesAreReadAndCheckedWithoutEchoingTokens() throws Exception {
    Path file = dir.resolve("tokens");
    java.nio.file.Files.writeString(file, "# clients\nalice abc123\n\nbob  def456\n");
    Tokens tokens = Tokens.fromFile(file);
    assertEquals(List.of("alice", "bob"), tokens.names());
    assertEquals("bob", tokens.nameOf("def456").orElseThrow());
    assertTrue(tokens.nameOf("abc12").isEmpty());
    assertFalse(tokens.toString().contains("abc123"));

    java.nio.file.Files.writeString(file, "alice abc123 extra-secret\n");
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Tokens.fromFile(file));
    assertTrue(bad.getMessage().contains("line 1"), bad.getMessage());
    assertFalse(bad.getMessage().contains("abc123"), bad.getMessage());
    assertEquals("default", Tokens.fromEnvironment("T", Map.of("T", "xyz")).names().get(0));
    assertThrows(IllegalArgumentException.class, () -> Tokens.fromEnvironment("T", Map.of()));
  }

  private int start(ServerSecurity security) throws Exception {
    return start(security, null);
  }

  /** A server on a free loopback port; {@code identities} (if given) collects each call's client. */
  private int start(ServerSecurity security, List<String> identities) throws Exception {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), security.credentials());
    if (identities != null) {
      builder.intercept(new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
          identities.add(String.valueOf(ClientIdentity.current()));
          return next.startCall(call, headers);
        }
      });
    }
    // added last, so it runs first
    security.intercept(builder);
    EnvironmentServer server = grpc.register(
        new EnvironmentServer(builder, ServerConfig.defaults().withSparringVersion("test")).start());
    return server.port();
  }

  private String info(int port, ClientSecurity client) {
    ManagedChannel channel = grpc.register(
        Grpc.newChannelBuilderForAddress("localhost", port, client.credentials()).build());
    String version = EnvironmentGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getServerInfo(GetServerInfoRequest.getDefaultInstance()).getSparringVersion();
    assertNotNull(version);
    return version;
  }

  private StatusRuntimeException refused(int port, ClientSecurity client) {
    return assertThrows(StatusRuntimeException.class, () -> info(port, client));
  }
}
