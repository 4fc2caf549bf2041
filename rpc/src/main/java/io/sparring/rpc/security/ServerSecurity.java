package io.sparring.rpc.security;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import java.util.Locale;
import java.util.Set;

/**
 * A server's protections: TLS (null for plaintext) and bearer tokens (null for none).
 *
 * <pre>{@code
 * ServerSecurity security = new ServerSecurity(new ServerTls(cert, key, null), Tokens.fromFile(file));
 * ServerBuilder<?> builder = security.intercept(
 *     NettyServerBuilder.forAddress(address, security.credentials()));
 * }</pre>
 */
public record ServerSecurity(ServerTls tls, Tokens tokens) {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "[::1]", "localhost");

  public static ServerSecurity none() {
    return new ServerSecurity(null, null);
  }

  /** TLS credentials, or plaintext ones. */
  public ServerCredentials credentials() {
    return tls == null ? InsecureServerCredentials.create() : tls.credentials();
  }

  /** Adds the token check to {@code builder} (every service) when there are tokens. */
  public <T extends ServerBuilder<T>> T intercept(T builder) {
    return tokens == null ? builder : builder.intercept(new BearerTokenInterceptor(tokens));
  }

  /** Whether neither TLS nor tokens protect the server. */
  public boolean isOpen() {
    return tls == null && tokens == null;
  }

  /** Whether {@code host} is a loopback address only this machine reaches. */
  public static boolean isLoopback(String host) {
    return LOOPBACK.contains(host.strip().toLowerCase(Locale.ROOT));
  }

  /** One line for a server's start-up message; names tokens, never shows them. */
  public String describe() {
    String transport = tls == null ? "plaintext" : tls.mutual() ? "mutual TLS" : "TLS";
    String auth = tokens == null ? "no tokens" : "bearer tokens for " + String.join(", ", tokens.names());
    return transport + ", " + auth;
  }
}
