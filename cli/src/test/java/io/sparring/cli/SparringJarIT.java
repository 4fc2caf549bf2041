package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.rpc.environment.Sessions;
import io.sparring.rpc.security.ClientSecurity;
import io.sparring.rpc.security.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged runnable jar in its own JVM, as ./sparring does. */
class SparringJarIT {
  private static final Path JAR = Path.of("target", "sparring.jar");

  record Result(int exitCode, String out, String err) {}

  private static Process start(String... args) throws IOException {
    assertTrue(Files.exists(JAR), "package the league module first: " + JAR.toAbsolutePath());
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    String webShopCache = System.getProperty("sparring.webshop.cache"); // the pom's: in target/, not ~/.cache
    if (webShopCache != null) {
      command.add("-Dsparring.webshop.cache=" + webShopCache);
    }
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  private static Result run(String input, String... args) throws IOException, InterruptedException {
    Process process = start(args);
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sparring " + List.of(args) + " did not finish");
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void versionAndGamesWorkFromTheShadedJar() throws Exception {
    Result version = run("", "--version");
    assertEquals(0, version.exitCode(), version.err());
    assertTrue(version.out().startsWith("sparring "), version.out());
    // Both games listed proves the shaded jar merged META-INF/services.
    Result games = run("", "games");
    assertEquals(0, games.exitCode(), games.err());
    assertTrue(games.out().contains("tic_tac_toe") && games.out().contains("kuhn_poker"),
        games.out());
    assertEquals("", games.err(), "nothing should be logged at the default level");
  }

  @Test
  void playsThroughStdinIncludingABadMove() throws Exception {
    Result play = run("nonsense\n0\n1\n2\n3\n4\n5\n6\n7\n8\n", "play", "tic_tac_toe", "--vs",
        "random", "--seed", "2026");
    assertEquals(0, play.exitCode(), play.err());
    assertTrue(play.out().contains("'nonsense' is not a legal action"), play.out());
    assertTrue(play.out().contains("Game over."), play.out());
  }

  @Test
  void unknownCommandExitsWithTwo() throws Exception {
    Result bad = run("", "teleport");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("'teleport'"), bad.err());
  }

  @Test
  void serveAnswersClientsLogsSessionsAndStopsGracefullyOnSigterm() throws Exception {
    Process server = start("--log-level", "debug", "serve", "--port", "0", "--session-ttl", "1m");
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    });
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      Matcher listening = Pattern.compile("sparring serve: listening on 127\\.0\\.0\\.1:(\\d+), protocol sparring\\.v1 "
          + Pattern.quote(Sessions.PROTOCOL_VERSION))
          .matcher(String.valueOf(first));
      assertTrue(listening.find(), "first line: " + first + "\n" + (server.isAlive() ? "" : stderr.join()));
      assertTrue(out.readLine().startsWith("games: "));
      int port = Integer.parseInt(listening.group(1));

      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        assertEquals(ServingStatus.SERVING,
            HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus());
        var env = EnvironmentGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        CreateSessionResponse created = env.createSession(
            CreateSessionRequest.newBuilder().setGame("tic_tac_toe").setSeed(9).addSeats(0).build());
        env.joinSession(JoinSessionRequest.newBuilder().setSessionId(created.getSessionId()).build());
        String id = created.getSessionId();

        server.toHandle().destroy(); // SIGTERM, leaving our ends of its pipes open to read the log
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
        assertEquals(143, server.exitValue(), "exit status after SIGTERM");
        String log = stderr.get(5, TimeUnit.SECONDS);
        assertTrue(log.contains("session " + id + " created: tic_tac_toe, owner seats [0]"), log);
        assertTrue(!log.contains("seed 9") && !log.contains(", seed "), "the log never shows a seed: " + log);
        assertTrue(log.contains("session " + id + ": seats [1] joined"), log);
        assertTrue(log.contains("shutting down (signal received)"), log);
        assertTrue(log.contains("session " + id + " closed because the server shut down (1 episode)"), log);
        assertTrue(log.contains("server stopped"), log);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      server.destroyForcibly();
    }
  }

  /**
   * TLS and tokens as a user turns them on: `serve` started with a certificate, a key and a tokens
   * file, answering a client that trusts the CA and sends a token, and refusing one without it.
   */
  @Test
  void serveWithTlsAndTokensFromTheCommandLineAnswersOnlyInvitedClients(@TempDir Path dir) throws Exception {
    TestCertificates.Authority ca = TestCertificates.authority(dir, "test-ca");
    TestCertificates.Pem server = ca.issue("server");
    Path tokens = Files.writeString(dir.resolve("tokens.txt"), "alice s3cret-token-of-alice\n");
    Process serve = start("serve", "--port", "0", "--tls-cert", server.certificate().toString(),
        "--tls-key", server.key().toString(), "--tokens", tokens.toString());
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      Matcher listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(first));
      assertTrue(listening.find(), "first line: " + first);
      String target = "127.0.0.1:" + listening.group(1);

      ClientSecurity trusted = new ClientSecurity(true, ca.certificate(), null, null, null);
      ManagedChannel invited = Grpc.newChannelBuilder(target, trusted.withToken("s3cret-token-of-alice").credentials())
          .build();
      ManagedChannel stranger = Grpc.newChannelBuilder(target, trusted.credentials()).build();
      ManagedChannel plaintext = NettyChannelBuilder.forTarget(target).usePlaintext().build();
      try {
        CreateSessionRequest create = CreateSessionRequest.newBuilder().setGame("kuhn_poker").addSeats(0).build();
        CreateSessionResponse created = EnvironmentGrpc.newBlockingStub(invited)
            .withDeadlineAfter(10, TimeUnit.SECONDS).createSession(create);
        assertTrue(!created.getSessionId().isEmpty());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> EnvironmentGrpc
            .newBlockingStub(stranger).withDeadlineAfter(10, TimeUnit.SECONDS).createSession(create));
        assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode(), refused.toString());
        StatusRuntimeException clear = assertThrows(StatusRuntimeException.class, () -> EnvironmentGrpc
            .newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS).createSession(create));
        assertEquals(Status.Code.UNAVAILABLE, clear.getStatus().getCode(), "plaintext meets TLS: " + clear);
      } finally {
        for (ManagedChannel channel : List.of(invited, stranger, plaintext)) {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    } finally {
      serve.destroyForcibly();
    }
  }
}
