package io.sparring.cli;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.league.engine.LearnerFactory;
import io.sparring.rpc.security.ServerSecurity;
import io.sparring.rpc.security.ServerTls;
import io.sparring.rpc.security.Tokens;
import io.sparring.rpc.trainer.ExperienceServer;
import io.sparring.rpc.trainer.TrainerHub;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code league run} and {@code league resume}'s options for serving external trainers: with
 * {@code --serve-experience}, the league's {@code external(...)} learners are fed by an {@link
 * ExperienceServer} that runs as long as the league (docs/trainers.md).
 */
final class ExperienceServing {
  static final int DEFAULT_PORT = 50061;

  @Option(names = "--serve-experience", paramLabel = "PORT", arity = "0..1", fallbackValue = "" + DEFAULT_PORT,
      description = "Serve the experience of external(...) learners to trainers and take the versions they publish,"
          + " on --experience-host:PORT (default port " + DEFAULT_PORT + "; 0: a free one).")
  Integer port;

  @Option(names = "--experience-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "The address to serve trainers on (default: ${DEFAULT-VALUE}); another than loopback needs"
          + " --experience-token-env.")
  String host;

  @Option(names = "--experience-token-env", paramLabel = "VAR",
      description = "Require the bearer token held in environment variable VAR from trainers.")
  String tokenEnv;

  @Option(names = "--experience-tls-cert", paramLabel = "FILE",
      description = "Serve trainers over TLS with this PEM certificate chain; needs --experience-tls-key.")
  Path tlsCert;

  @Option(names = "--experience-tls-key", paramLabel = "FILE", description = "The PEM private key of --experience-tls-cert.")
  Path tlsKey;

  @Option(names = "--experience-tls-client-ca", paramLabel = "FILE",
      description = "Mutual TLS: require trainer certificates signed by the CA(s) in this PEM file.")
  Path tlsClientCa;

  @Option(names = "--experience-drain", paramLabel = "SECONDS", defaultValue = "60",
      description = "When the run ends, how long to wait for trainers to acknowledge the last batches"
          + " (default: ${DEFAULT-VALUE}).")
  int drainSeconds;

  /** The learners' factory: bound to a started server, or the registry's without --serve-experience. */
  Started start(CommandLine commandLine, PrintWriter out) {
    if (port == null) {
      return new Started(null, LearnerFactory.REGISTRY);
    }
    if ((tlsCert == null) != (tlsKey == null) || (tlsClientCa != null && tlsCert == null)) {
      throw new CommandLine.ParameterException(commandLine, "--experience-tls-cert and --experience-tls-key go"
          + " together, and --experience-tls-client-ca needs them");
    }
    ServerSecurity security;
    try {
      ServerTls tls = tlsCert == null ? null : new ServerTls(tlsCert, tlsKey, tlsClientCa);
      if (tls != null) {
        tls.credentials(); // reads and checks the files now, as a usage error
      }
      security = new ServerSecurity(tls, tokenEnv == null ? null : Tokens.fromEnvironment(tokenEnv, System.getenv()));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, "--serve-experience: " + e.getMessage());
    }
    if (!ServerSecurity.isLoopback(host) && security.isOpen()) {
      throw new CommandLine.ParameterException(commandLine, "--experience-host " + host + " is reachable from other"
          + " machines: add --experience-token-env VAR (and TLS: --experience-tls-cert, --experience-tls-key) so that"
          + " only your trainers can take experience and publish versions");
    }
    TrainerHub hub = new TrainerHub();
    try {
      ExperienceServer server = ExperienceServer.start(hub, NettyServerBuilder.forAddress(
          new InetSocketAddress(host, port), security.credentials()), host, security);
      out.printf(Locale.ROOT, "Serving experience to trainers on %s (sparring.v1.ExperienceService, PolicyService;"
          + " %s).%n", server.target(), security.describe());
      out.flush();
      return new Started(server, hub);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(commandLine, "--serve-experience: cannot listen on " + host + ":"
          + port + ": " + e.getMessage());
    }
  }

  /** A started server (null without one) and the factory for the league's learners. */
  record Started(ExperienceServer server, LearnerFactory learners) implements AutoCloseable {

    /** After the run: waits for trainers to acknowledge what was sent, then stops the server. */
    void finish(PrintWriter out, int drainSeconds) throws InterruptedException {
      if (server == null) {
        return;
      }
      if (!server.hub().awaitDrained(drainSeconds * 1000L)) {
        out.printf(Locale.ROOT, "Trainers did not acknowledge every batch within %d s; a resumed run sends the"
            + " rest again.%n", drainSeconds);
      }
    }

    @Override
    public void close() throws InterruptedException {
      if (server != null) {
        server.close();
      }
    }
  }
}
