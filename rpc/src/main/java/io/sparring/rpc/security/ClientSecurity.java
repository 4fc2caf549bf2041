package io.sparring.rpc.security;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * How a client reaches a server: plaintext or TLS (trusting {@code ca}, or the system's CAs when
 * {@code tls} is set without one), a client certificate for mutual TLS, and a bearer token.
 *
 * @param tls whether to use TLS (implied by {@code ca} or a client certificate)
 * @param ca PEM CA certificate(s) to trust instead of the system's; null for the system's
 * @param certificate PEM client certificate chain for mutual TLS; null for none
 * @param key the PEM private key of {@code certificate}
 * @param token the bearer token to send on every call; null for none
 */
public record ClientSecurity(boolean tls, Path ca, Path certificate, Path key, String token) {
  public ClientSecurity {
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException("a client certificate needs its key and a key its certificate");
    }
    tls = tls || ca != null || certificate != null;
  }

  /** Plaintext, no token. */
  public static ClientSecurity plaintext() {
    return new ClientSecurity(false, null, null, null, null);
  }

  /** This with a bearer token. */
  public ClientSecurity withToken(String value) {
    return new ClientSecurity(tls, ca, certificate, key, value);
  }

  /** Channel credentials for {@code Grpc.newChannelBuilder(target, credentials)}. */
  public ChannelCredentials credentials() {
    ChannelCredentials channel;
    if (!tls) {
      channel = InsecureChannelCredentials.create();
    } else {
      TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
      try {
        if (ca != null) {
          ServerTls.readable(ca, "CA");
          builder.trustManager(ca.toFile());
        }
        if (certificate != null) {
          ServerTls.readable(certificate, "client certificate");
          ServerTls.readable(key, "client key");
          builder.keyManager(certificate.toFile(), key.toFile());
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the TLS files: " + e.getMessage(), e);
      }
      channel = builder.build();
    }
    return token == null ? channel : CompositeChannelCredentials.create(channel, new BearerToken(token));
  }

  /** Prints no token. */
  @Override
  public String toString() {
    return "ClientSecurity[tls=%s, ca=%s, certificate=%s, key=%s, token=%s]"
        .formatted(tls, ca, certificate, key, token == null ? "none" : "(set)");
  }

  /** Sends {@code authorization: Bearer TOKEN} on every call. */
  public static final class BearerToken extends CallCredentials {
    private final String header;

    public BearerToken(String token) {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("the bearer token is empty");
      }
      this.header = "Bearer " + token.strip();
      FrameLogs.keepTokensOut();
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
      Metadata metadata = new Metadata();
      metadata.put(BearerTokenInterceptor.AUTHORIZATION, header);
      applier.apply(metadata);
    }

    @Override
    public String toString() {
      return "BearerToken(hidden)";
    }
  }
}
