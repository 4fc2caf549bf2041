package io.sparring.cli;

import com.google.common.base.Throwables;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.rpc.environment.Durations;
import io.sparring.rpc.environment.EnvironmentServer;
import io.sparring.rpc.environment.ServerConfig;
import io.sparring.rpc.environment.Sessions;
import io.sparring.rpc.security.ServerSecurity;
import io.sparring.rpc.security.ServerTls;
import io.sparring.rpc.security.Tokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code sparring serve}: the gRPC environment server. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the games over gRPC to clients in any language.",
      "Serve every registered game over gRPC (protocol sparring.v1, see docs/protocol.md): sessions",
      "that clients in any language create, join and play, with health and server reflection.",
      "Listens on loopback unless --host says otherwise; another host needs TLS",
      "(--tls-cert, --tls-key) or tokens (--tokens, --token-env), or --insecure.",
      "Session and episode events are logged at debug (--log-level debug).",
      "Stops gracefully on SIGTERM or Ctrl-C: sessions close, calls in progress may finish."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring serve                                    127.0.0.1:50051",
      "  ./sparring serve --port 0                           any free port (printed)",
      "  ./sparring serve --host 0.0.0.0 --max-sessions 200 --session-ttl 30s \\",
      "      --tls-cert server.crt --tls-key server.key --tokens tokens.txt",
      "  ./sparring serve --host 0.0.0.0 --tls-cert server.crt --tls-key server.key \\",
      "      --tls-client-ca clients-ca.crt                  mutual TLS",
      "  SPARRING_TOKEN=... ./sparring serve --token-env SPARRING_TOKEN",
      "  /usr/bin/python3 clients/python/examples/play.py --create tic_tac_toe",
      "                                                      play from Python (see clients/python)"
    })
final class ServeCommand implements Callable<Integer> {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib)");

  @ParentCommand private SparringCommand parent;
  @CommandLine.Spec private CommandSpec command;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "50051",
      description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "1000",
      description = "Most sessions at once; more are refused with RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
  private int maxSessions;

  @Option(names = "--session-ttl", paramLabel = "TIME", defaultValue = "10m",
      description = "Close a session after this long without requests: 500ms, 30s, 10m, 1h (default: ${DEFAULT-VALUE}).")
  private String sessionTtl;

  @Option(names = "--max-message-size", paramLabel = "BYTES", defaultValue = "4MiB",
      description = "Largest request message: bytes, or with k/m (1024-based) (default: ${DEFAULT-VALUE}).")
  private String maxMessageSize;

  @Option(names = "--max-sessions-per-client", paramLabel = "N", defaultValue = "1000",
      description = "Most sessions one client (peer host) may own at once; more are refused with"
          + " RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
  private int maxSessionsPerClient;

  @Option(names = "--max-requests-per-second", paramLabel = "N", defaultValue = "1000000",
      description = "Requests one client may send per second (Play stream requests count one each),"
          + " in bursts of up to a second's worth; more are RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
  private int maxRequestsPerSecond;

  @Option(names = "--max-session-lifetime", paramLabel = "TIME", defaultValue = "24h",
      description = "Close a session this long after it was created, however busy (default: ${DEFAULT-VALUE}).")
  private String maxSessionLifetime;

  @Option(names = "--game-files", paramLabel = "DIR",
      description = "A folder whose files clients may name in a game spec, such as a web-shop catalog"
          + " (webshop(catalog='DIR/...')); without it, clients name no file of this machine.")
  private Path gameFiles;

  @Option(names = "--shutdown-grace", paramLabel = "TIME", defaultValue = "5s",
      description = "On SIGTERM, how long calls in progress may run on (default: ${DEFAULT-VALUE}).")
  private String shutdownGrace;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "Serve TLS with this PEM certificate chain (the server's certificate first); needs --tls-key.")
  private Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "The PEM private key of --tls-cert (unencrypted PKCS#8, as 'openssl genpkey' writes it).")
  private Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "FILE",
      description = "Mutual TLS: require client certificates signed by the CA(s) in this PEM file.")
  private Path tlsClientCa;

  @Option(names = "--tokens", paramLabel = "FILE",
      description = "Require 'authorization: Bearer TOKEN' on every call; the file has lines 'NAME TOKEN'"
          + " (NAME is the client's identity; # starts a comment).")
  private Path tokensFile;

  @Option(names = "--token-env", paramLabel = "VAR",
      description = "Require the bearer token held in environment variable VAR (client name 'default').")
  private String tokenEnv;

  @Option(names = "--insecure",
      description = "Allow a --host other than loopback without TLS or tokens (anyone who reaches the port"
          + " can play); a warning is printed.")
  private boolean insecure;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config = config();
    ServerSecurity security = security();
    Duration grace = duration("--shutdown-grace", shutdownGrace);
    EnvironmentServer server = new EnvironmentServer(socket(host, port, security), config);
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on %s:%d: %s; choose another --port or --host"
          .formatted(host, port, rootMessage(e)), e);
    }
    Thread shutdown = new Thread(() -> {
      LoggerFactory.getLogger(ServeCommand.class).info("shutting down (signal received)");
      server.shutDown(grace);
    }, "sparring-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    PrintWriter out = parent.terminal().out();
    out.printf(Locale.ROOT, "sparring serve: listening on %s:%d, protocol sparring.v1 %s%n",
        host, server.port(), Sessions.PROTOCOL_VERSION);
    out.printf(Locale.ROOT, "games: %s%n", String.join(", ", server.sessions().serverInfo().getGamesList()));
    out.printf(Locale.ROOT, "at most %d sessions; idle sessions close after %s; messages up to %d bytes%n",
        config.maxSessions(), Durations.format(config.sessionTtl()), config.maxMessageBytes());
    out.printf(Locale.ROOT, "security: %s%n", security.describe());
    out.println("Stop with Ctrl-C (or SIGTERM).");
    out.flush();
    server.awaitTermination();
    return 0;
  }

  /** The socket server `serve` and `bench grpc` run: Netty, handlers on its event loops. */
  static NettyServerBuilder socket(String host, int port) {
    // The handlers never block (a wait for a turn holds no thread), so they run on the transport's
    // threads without a hop to an executor (docs/performance.md; the dependency notes measured 2-3x
    // the calls per second of the default executor on 2 cores).
    return NettyServerBuilder.forAddress(new InetSocketAddress(host, port)).directExecutor();
  }

  /** {@link #socket(String, int)} with TLS credentials and the token check of {@code security}. */
  static NettyServerBuilder socket(String host, int port, ServerSecurity security) {
    return security.intercept(
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port), security.credentials()).directExecutor());
  }

  /** TLS and tokens from the options; refuses an open server on a host other than loopback. */
  private ServerSecurity security() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw usage("--tls-cert and --tls-key go together: give both (the certificate chain and its private key)");
    }
    if (tlsClientCa != null && tlsCert == null) {
      throw usage("--tls-client-ca (mutual TLS) needs TLS: add --tls-cert FILE --tls-key FILE");
    }
    if (tokensFile != null && tokenEnv != null) {
      throw usage("give --tokens FILE or --token-env VAR, not both");
    }
    ServerSecurity security;
    try {
      ServerTls tls = tlsCert == null ? null : new ServerTls(tlsCert, tlsKey, tlsClientCa);
      if (tls != null) {
        tls.credentials(); // reads and checks the files now, as a usage error
      }
      Tokens tokens = tokensFile != null ? Tokens.fromFile(tokensFile)
          : tokenEnv != null ? Tokens.fromEnvironment(tokenEnv, System.getenv()) : null;
      security = new ServerSecurity(tls, tokens);
    } catch (IOException e) {
      throw usage("--tokens: cannot read " + tokensFile + ": " + rootMessage(e));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    PrintWriter err = parent.terminal().err();
    if (security.tls() != null) {
      security.tls().validityWarning(java.time.Instant.now())
          .ifPresent(warning -> err.printf(Locale.ROOT, "warning: %s%n", warning));
    }
    if (!ServerSecurity.isLoopback(host)) {
      if (security.isOpen()) {
        if (!insecure) {
          throw usage(("--host %s serves every machine that reaches it, without TLS or tokens: add --tls-cert FILE"
              + " --tls-key FILE and/or --tokens FILE (or --token-env VAR), or --insecure to serve openly anyway")
              .formatted(host));
        }
        err.printf(Locale.ROOT, "warning: --insecure: serving %s without TLS or tokens; anyone who reaches port %d"
            + " can create, join and play sessions%n", host, port);
      } else if (security.tls() == null) {
        err.printf(Locale.ROOT, "warning: tokens without TLS on %s travel in plaintext; add --tls-cert and"
            + " --tls-key%n", host);
      }
      err.flush();
    }
    return security;
  }

  private ServerConfig config() {
    if (port < 0 || port > 65535) {
      throw usage("--port must be between 0 and 65535, got " + port);
    }
    if (maxSessions < 1) {
      throw usage("--max-sessions must be >= 1, got " + maxSessions);
    }
    Duration ttl = duration("--session-ttl", sessionTtl);
    if (ttl.toMillis() < 1) {
      throw usage("--session-ttl must be at least 1ms, got " + sessionTtl);
    }
    int bytes = bytes(maxMessageSize);
    if (maxSessionsPerClient < 1) {
      throw usage("--max-sessions-per-client must be >= 1, got " + maxSessionsPerClient);
    }
    if (maxRequestsPerSecond < 1) {
      throw usage("--max-requests-per-second must be >= 1, got " + maxRequestsPerSecond);
    }
    Duration lifetime = duration("--max-session-lifetime", maxSessionLifetime);
    if (lifetime.toMillis() < 1) {
      throw usage("--max-session-lifetime must be at least 1ms, got " + maxSessionLifetime);
    }
    ServerConfig config = ServerConfig.defaults().withMaxSessions(maxSessions).withSessionTtl(ttl)
        .withMaxMessageBytes(bytes).withSparringVersion(version()).withMaxSessionsPerClient(maxSessionsPerClient)
        .withMaxRequestsPerSecond(maxRequestsPerSecond).withMaxSessionLifetime(lifetime);
    if (gameFiles != null) {
      if (!Files.isDirectory(gameFiles)) {
        throw usage("--game-files must be a folder, got " + gameFiles);
      }
      config = config.withGameFiles(gameFiles);
    }
    return config;
  }

  private Duration duration(String option, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw usage(option + ": " + e.getMessage());
    }
  }

  private int bytes(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    long value = -1;
    if (m.matches()) {
      try {
        value = Long.parseLong(m.group(1)) * switch (m.group(2)) {
          case "k", "kb", "kib" -> 1024L;
          case "m", "mb", "mib" -> 1024L * 1024;
          default -> 1L;
        };
      } catch (NumberFormatException e) {
        value = -1;
      }
    }
    if (value < 1024 || value > Integer.MAX_VALUE) {
      throw usage("--max-message-size must be a size between 1k and 2047m, such as 65536, 512k or 4m; got '"
          + text + "'");
    }
    return (int) value;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(command.commandLine(), message);
  }

  private static String version() {
    String[] lines = new SparringCommand.Version().getVersion();
    return lines[0].substring("sparring ".length());
  }

  private static String rootMessage(Throwable e) {
    Throwable root = Throwables.getRootCause(e);
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
