package io.sparring.cli;

import static io.sparring.cli.BenchGamesCommand.si;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.cli.bench.GrpcSpeed;
import io.sparring.cli.bench.GrpcSpeed.Result;
import io.sparring.cli.bench.GrpcSpeed.StepSizes;
import io.sparring.cli.bench.SelfSignedTls;
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
import java.util.HexFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparring bench grpc}: the step API's latency and throughput, beside a plain echo. */
@Command(
    name = "grpc",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the gRPC step API's latency and throughput on this machine.",
      "The gRPC step API on this machine: a server as `sparring serve` runs it and a client in the",
      "same JVM on loopback. Unary step round trips (p50/p99) beside an echo of the same request and",
      "response sizes on the same server (the ratio is the overhead the step API adds), steps/s over",
      "one Play stream with --sessions steps in flight, steps/s with BatchStep of --sessions sessions,",
      "and the unary loop in process (in-process transport; the session API without gRPC).",
      "Random legal moves; a session is reset when its episode ends (resets are not counted).",
      "With several views (--view full,seat) every measure is taken for each, in adjacent rows.",
      "A second table sets plaintext beside TLS (a self-signed certificate from the JDK's keytool),",
      "bearer tokens and both (--security): unary steps and the Play stream over the socket."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring bench grpc",
      "  ./sparring bench grpc --seconds 5 --game 'kuhn_poker(players=3)' --view compact",
      "  ./sparring bench grpc --view full,seat",
      "  ./sparring bench grpc --security plain,tls,token,tls+token"
    })
final class BenchGrpcCommand implements Callable<Integer> {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
      description = "Measured seconds per row (default: ${DEFAULT-VALUE}).")
  private double seconds;

  @Option(names = "--warmup", paramLabel = "S", defaultValue = "4",
      description = "Warm-up seconds before each row, so the JIT has compiled the paths measured"
          + " (default: ${DEFAULT-VALUE}).")
  private double warmupSeconds;

  @Option(names = "--game", paramLabel = "SPEC", defaultValue = "tic_tac_toe",
      description = "Game spec to step (default: ${DEFAULT-VALUE}).")
  private String game;

  @Option(names = "--sessions", paramLabel = "N", defaultValue = "64",
      description = "Sessions in flight on the Play stream and per BatchStep (default: ${DEFAULT-VALUE}).")
  private int sessions;

  @Option(names = "--view", paramLabel = "VIEW", split = ",", defaultValue = "full",
      description = "Observations in responses: full (seat_observation and the older text, tensor and names),"
          + " seat (seat_observation only) or compact; several, comma-separated, are measured side by side"
          + " (default: ${DEFAULT-VALUE}).")
  private List<String> views;

  @Option(names = "--security", paramLabel = "KIND", split = ",", defaultValue = "plain,tls,token",
      description = "Transports compared in the security table: plain, tls, token, tls+token; 'plain' alone"
          + " skips the table (default: ${DEFAULT-VALUE}).")
  private List<String> security;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (seconds <= 0) {
      throw new CommandLine.ParameterException(command.commandLine(), "--seconds must be > 0, got " + seconds);
    }
    if (warmupSeconds < 0) {
      throw new CommandLine.ParameterException(command.commandLine(), "--warmup must be >= 0, got " + warmupSeconds);
    }
    if (sessions < 1 || sessions > 1000) {
      throw new CommandLine.ParameterException(command.commandLine(),
          "--sessions must be between 1 and 1000, got " + sessions);
    }
    Map<String, ObservationView> observationViews = new LinkedHashMap<>();
    for (String view : views) {
      String name = view.toLowerCase(Locale.ROOT);
      observationViews.put(name, switch (name) {
        case "full" -> ObservationView.OBSERVATION_VIEW_FULL;
        case "seat" -> ObservationView.OBSERVATION_VIEW_SEAT;
        case "compact" -> ObservationView.OBSERVATION_VIEW_COMPACT;
        default -> throw new CommandLine.ParameterException(command.commandLine(),
            "--view must be full, seat or compact, got '" + view + "'");
      });
    }
    List<String> kinds = new ArrayList<>();
    for (String kind : security) {
      String name = kind.strip().toLowerCase(Locale.ROOT);
      if (!List.of("plain", "tls", "token", "tls+token").contains(name)) {
        throw new CommandLine.ParameterException(command.commandLine(),
            "--security must be plain, tls, token or tls+token, got '" + kind + "'");
      }
      if (!kinds.contains(name)) {
        kinds.add(name);
      }
    }
    String spec = Games.create(game).spec().toString(); // a bad spec fails here, as a usage error
    Duration duration = Duration.ofNanos((long) (seconds * 1e9));
    Duration warmUp = Duration.ofNanos((long) (warmupSeconds * 1e9));
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    out.printf(Locale.ROOT,
        "gRPC step API, %s, %s observations; %.1f s per row after a %.1f s warm-up; %d core(s), Java %s.%n",
        spec, String.join(" and ", observationViews.keySet()), seconds, warmupSeconds,
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    ServerConfig config = ServerConfig.defaults().withSparringVersion("bench");
    List<Measured> measured = new ArrayList<>();
    for (Map.Entry<String, ObservationView> view : observationViews.entrySet()) {
      String label = observationViews.size() > 1 ? ", " + view.getKey() : "";
      GrpcSpeed speed = new GrpcSpeed(spec, view.getValue(), seed);
      Measured m = measure(speed, label, config, warmUp, duration, err);
      if (kinds.stream().anyMatch(k -> !k.equals("plain"))) {
        for (String kind : kinds) {
          m.secured().put(kind, secured(kind, speed, label, config, warmUp, duration, err));
        }
      }
      measured.add(m);
    }
    Table table = new Table("MEASURE", "OPS/S", "P50 US", "P99 US", "VS ECHO P50", "VS ECHO P99");
    // Measure by measure, each view's row beside the others'.
    for (Measured m : measured) {
      Result echoes = m.unary().echoes();
      StepSizes sizes = m.unary().sizes();
      table.add("echo, unary, socket (" + sizes.requestBytes() + " B / " + sizes.responseBytes() + " B)" + m.label(),
          si(echoes.perSecond()), micros(echoes.quantileMicros(0.5)), micros(echoes.quantileMicros(0.99)),
          "1.00", "1.00");
    }
    for (Measured m : measured) {
      Result steps = m.unary().steps();
      Result echoes = m.unary().echoes();
      table.add("step, unary, socket" + m.label(), si(steps.perSecond()),
          micros(steps.quantileMicros(0.5)), micros(steps.quantileMicros(0.99)),
          ratio(steps.quantileMicros(0.5) / echoes.quantileMicros(0.5)),
          ratio(steps.quantileMicros(0.99) / echoes.quantileMicros(0.99)));
    }
    for (Measured m : measured) {
      table.add("step, Play stream, " + sessions + " in flight" + m.label(), si(m.stream().perSecond()),
          "-", "-", "-", "-");
    }
    for (Measured m : measured) {
      Result batches = m.batches();
      table.add("step, BatchStep of " + sessions + " (latency per batch)" + m.label(), si(batches.perSecond()),
          micros(batches.quantileMicros(0.5)), micros(batches.quantileMicros(0.99)), "-", "-");
    }
    for (Measured m : measured) {
      table.add("step, unary, in-process transport" + m.label(), si(m.transport().perSecond()),
          micros(m.transport().quantileMicros(0.5)), micros(m.transport().quantileMicros(0.99)), "-", "-");
    }
    for (Measured m : measured) {
      table.add("step, session API, no gRPC" + m.label(), si(m.direct().perSecond()),
          micros(m.direct().quantileMicros(0.5)), micros(m.direct().quantileMicros(0.99)), "-", "-");
    }
    table.print(out);
    out.println("OPS/S: steps (echoes) per second; latencies in microseconds; VS ECHO: step / echo.");
    if (kinds.stream().anyMatch(k -> !k.equals("plain"))) {
      out.println();
      Table secured = new Table("SECURITY, SOCKET", "UNARY STEPS/S", "P50 US", "P99 US", "VS PLAIN P50",
          "PLAY STREAM STEPS/S");
      for (Measured m : measured) {
        Secured plain = m.secured().get("plain");
        Result plainSteps = plain != null ? plain.steps() : m.unary().steps();
        for (Map.Entry<String, Secured> e : m.secured().entrySet()) {
          Result steps = e.getValue().steps();
          secured.add(title(e.getKey()) + m.label(), si(steps.perSecond()), micros(steps.quantileMicros(0.5)),
              micros(steps.quantileMicros(0.99)), ratio(steps.quantileMicros(0.5) / plainSteps.quantileMicros(0.5)),
              si(e.getValue().stream().perSecond()));
        }
      }
      secured.print(out);
      out.println("Each row on its own server, measured the same way, one after another; VS PLAIN: p50 / plain p50"
          + " (without a plain row: the step row above).");
      out.println("TLS: TLS 1.3, EC P-256 self-signed certificate; token: 'authorization: Bearer' checked on"
          + " every call.");
    }
    return 0;
  }

  private static String title(String kind) {
    return switch (kind) {
      case "tls" -> "TLS";
      case "tls+token" -> "TLS + token";
      default -> kind;
    };
  }

  /** Unary steps and the Play stream over one protected socket. */
  private record Secured(Result steps, Result stream) {}

  /** Measures unary steps and the Play stream over a socket protected as {@code kind} says. */
  private Secured secured(String kind, GrpcSpeed speed, String label, ServerConfig config, Duration warmUp,
      Duration duration, PrintWriter err) throws IOException, InterruptedException {
    boolean tls = kind.startsWith("tls");
    boolean token = kind.endsWith("token");
    SelfSignedTls certificate = tls ? SelfSignedTls.create() : null;
    ServerCredentials serverCredentials = tls ? certificate.server() : InsecureServerCredentials.create();
    ChannelCredentials clientCredentials = tls ? certificate.client() : InsecureChannelCredentials.create();
    Tokens tokens = null;
    if (token) {
      byte[] secret = new byte[24];
      new SecureRandom().nextBytes(secret);
      String value = HexFormat.of().formatHex(secret);
      tokens = Tokens.of(Map.of("bench", value));
      clientCredentials = CompositeChannelCredentials.create(clientCredentials, new ClientSecurity.BearerToken(value));
    }
    ServerSecurity security = new ServerSecurity(null, tokens);
    NettyServerBuilder builder = security.intercept(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), serverCredentials).directExecutor());
    try (EnvironmentServer server = new EnvironmentServer(builder, config).start()) {
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), clientCredentials)
          .directExecutor().build();
      try {
        progress(err, "unary steps and the Play stream, " + title(kind) + label);
        Result steps = speed.unarySteps(GrpcSpeed.over(channel), warmUp, duration, null);
        Result stream = speed.playStream(channel, sessions, warmUp, duration);
        return new Secured(steps, stream);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** One view's measurements; {@code label} ends its rows' names (empty for a single view). */
  private record Measured(String label, GrpcSpeed.BesideEcho unary, Result stream, Result batches,
      Result transport, Result direct, Map<String, Secured> secured) {}

  private Measured measure(GrpcSpeed speed, String label, ServerConfig config, Duration warmUp, Duration duration,
      PrintWriter err) throws IOException, InterruptedException {
    GrpcSpeed.BesideEcho unary;
    Result stream;
    Result batches;
    try (EnvironmentServer socketServer = new EnvironmentServer(ServeCommand.socket("127.0.0.1", 0), config).start()) {
      ManagedChannel socket = NettyChannelBuilder.forAddress("127.0.0.1", socketServer.port())
          .usePlaintext().directExecutor().build();
      try {
        progress(err, "unary steps beside echoes of the same sizes, over the socket" + label);
        unary = speed.unaryStepsBesideEchoes(socket, warmUp, duration);
        progress(err, "Play stream, " + sessions + " in flight" + label);
        stream = speed.playStream(socket, sessions, warmUp, duration);
        progress(err, "BatchStep of " + sessions + " sessions" + label);
        batches = speed.batches(socket, sessions, warmUp, duration);
      } finally {
        socket.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }

    String name = InProcessServerBuilder.generateName();
    try (EnvironmentServer inProcess =
        new EnvironmentServer(InProcessServerBuilder.forName(name).directExecutor(), config).start()) {
      ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
      try {
        progress(err, "unary steps in process" + label);
        Result transport = speed.unarySteps(GrpcSpeed.over(channel), warmUp, duration, null);
        progress(err, "the session API without gRPC" + label);
        Result direct = speed.unarySteps(GrpcSpeed.over(inProcess.sessions()), warmUp, duration, null);
        return new Measured(label, unary, stream, batches, transport, direct, new LinkedHashMap<>());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static void progress(PrintWriter err, String what) {
    err.println("measuring " + what + " ...");
    err.flush();
  }

  private static String micros(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
  }

  private static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
