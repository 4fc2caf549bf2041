package io.sparring.cli;

import static io.sparring.cli.BenchGamesCommand.si;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.cli.bench.SelfSignedTls;
import io.sparring.cli.bench.ServeLoad;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.league.report.Table;
import io.sparring.proto.v1.ObservationView;
import io.sparring.rpc.environment.EnvironmentServer;
import io.sparring.rpc.environment.ServerConfig;
import io.sparring.rpc.security.ClientSecurity;
import io.sparring.rpc.security.ServerSecurity;
import io.sparring.rpc.security.Tokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparring bench serve}: a server under many concurrent sessions. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Load a local server with many concurrent sessions and report memory, steps/s and errors.",
      "A server as `sparring serve` runs it, loaded by --sessions concurrent sessions from clients in",
      "the same JVM on loopback: each session holds every seat and keeps one step in flight (random",
      "legal moves; a finished episode is reset). Reports the heap retained per session (used heap",
      "after garbage collection, before and after creating them, divided by their number; client",
      "bookkeeping of about 100 bytes a session included), steps/s, step latency and errors."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring bench serve",
      "  ./sparring bench serve --sessions 1000 --seconds 20 --security tls+token",
      "  ./sparring bench serve --game 'kuhn_poker(players=3)'"
    })
final class BenchServeCommand implements Callable<Integer> {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Option(names = "--sessions", paramLabel = "N", defaultValue = "1000",
      description = "Concurrent sessions (default: ${DEFAULT-VALUE}).")
  private int sessions;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
      description = "Measured seconds (default: ${DEFAULT-VALUE}).")
  private double seconds;

  @Option(names = "--warmup", paramLabel = "S", defaultValue = "3",
      description = "Warm-up seconds of load before measuring (default: ${DEFAULT-VALUE}).")
  private double warmupSeconds;

  @Option(names = "--game", paramLabel = "SPEC", defaultValue = "tic_tac_toe",
      description = "Game spec (default: ${DEFAULT-VALUE}).")
  private String game;

  @Option(names = "--channels", paramLabel = "N", defaultValue = "4",
      description = "Client connections the sessions share, round robin (default: ${DEFAULT-VALUE}).")
  private int channels;

  @Option(names = "--security", paramLabel = "KIND", defaultValue = "plain",
      description = "plain, tls (self-signed, from the JDK's keytool), token or tls+token (default: ${DEFAULT-VALUE}).")
  private String security;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (sessions < 1 || sessions > 100_000) {
      throw usage("--sessions must be between 1 and 100000, got " + sessions);
    }
    if (!(seconds > 0) || warmupSeconds < 0) {
      throw usage("--seconds must be > 0 and --warmup >= 0, got " + seconds + " and " + warmupSeconds);
    }
    if (channels < 1 || channels > 64) {
      throw usage("--channels must be between 1 and 64, got " + channels);
    }
    String kind = security.strip().toLowerCase(Locale.ROOT);
    if (!List.of("plain", "tls", "token", "tls+token").contains(kind)) {
      throw usage("--security must be plain, tls, token or tls+token, got '" + security + "'");
    }
    Game created = Games.create(game); // a bad spec fails here, as a usage error
    if (created.facts().textActions().accepted()) {
      throw usage(created.spec().name() + " takes text actions, and bench serve plays random indexed moves;"
          + " measure the web shop with 'sparring bench webshop'");
    }
    String spec = created.spec().toString();
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    out.printf(Locale.ROOT, "sparring serve under load: %s, %d sessions over %d connection(s), %s; %.1f s after a"
        + " %.1f s warm-up; %d core(s), Java %s, max heap %d MiB.%n", spec, sessions, channels, kind, seconds,
        warmupSeconds, Runtime.getRuntime().availableProcessors(), Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20);

    ServerCredentials serverCredentials = InsecureServerCredentials.create();
    ChannelCredentials clientCredentials = InsecureChannelCredentials.create();
    if (kind.startsWith("tls")) {
      SelfSignedTls tls = SelfSignedTls.create();
      serverCredentials = tls.server();
      clientCredentials = tls.client();
    }
    Tokens tokens = null;
    if (kind.endsWith("token")) {
      byte[] secret = new byte[24];
      new SecureRandom().nextBytes(secret);
      String value = HexFormat.of().formatHex(secret);
      tokens = Tokens.of(Map.of("bench", value));
      clientCredentials = CompositeChannelCredentials.create(clientCredentials, new ClientSecurity.BearerToken(value));
    }
    ServerConfig config = ServerConfig.defaults().withSparringVersion("bench")
        .withMaxSessions(Math.max(sessions, ServerConfig.DEFAULT_MAX_SESSIONS));
    NettyServerBuilder builder = new ServerSecurity(null, tokens).intercept(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), serverCredentials).directExecutor());
    ServeLoad.Report report;
    try (EnvironmentServer server = new EnvironmentServer(builder, config).start()) {
      List<ManagedChannel> open = new ArrayList<>();
      try {
        for (int i = 0; i < channels; i++) {
          open.add(Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), clientCredentials)
              .directExecutor().build());
        }
        err.println("creating " + sessions + " sessions, then stepping all of them ...");
        err.flush();
        report = new ServeLoad(spec, created.numPlayers(), ObservationView.OBSERVATION_VIEW_SEAT, seed)
            .run(open, sessions, Duration.ofNanos((long) (warmupSeconds * 1e9)), Duration.ofNanos((long) (seconds * 1e9)));
      } finally {
        for (ManagedChannel channel : open) {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }
    Table table = new Table("MEASURE", "VALUE");
    table.add("sessions created", String.valueOf(report.sessions()));
    table.add("create, all sessions", String.format(Locale.ROOT, "%.2f s", report.createSeconds()));
    table.add("heap after GC, before / after creating", String.format(Locale.ROOT, "%.1f / %.1f MiB",
        report.heapBeforeBytes() / 1048576.0, report.heapAfterBytes() / 1048576.0));
    table.add("retained per session", String.format(Locale.ROOT, "%.1f KiB", report.retainedPerSessionBytes() / 1024));
    table.add("steps/s, all sessions", si(report.stepsPerSecond()));
    table.add("step latency p50 / p99", String.format(Locale.ROOT, "%.2f / %.2f ms", report.quantileMillis(0.5),
        report.quantileMillis(0.99)));
    table.add("resets (not counted as steps)", String.valueOf(report.resets()));
    table.add("errors", report.errorCount() == 0 ? "0"
        : report.errorCount() + " " + new TreeMap<>(report.errors()));
    table.print(out);
    return report.errorCount() == 0 ? 0 : 1;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(command.commandLine(), message);
  }
}
