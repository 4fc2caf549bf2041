package io.sparring.rpc.security;

import static java.util.Objects.requireNonNull;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A server's TLS: its certificate chain and private key (PEM; the key unencrypted PKCS#8, as
 * {@code openssl genpkey} writes it), and for mutual TLS the CA whose certificates clients must
 * present. Uses grpc-java's own {@link TlsServerCredentials}.
 *
 * @param certificateChain PEM certificates, the server's first
 * @param privateKey the PEM private key of the first certificate
 * @param clientCa PEM CA certificate(s) that sign client certificates; null for TLS without client
 *     certificates
 */
public record ServerTls(Path certificateChain, Path privateKey, Path clientCa) {
  public ServerTls {
    requireNonNull(certificateChain, "certificateChain");
    requireNonNull(privateKey, "privateKey");
  }

  /** Whether clients must present a certificate signed by {@link #clientCa()}. */
  public boolean mutual() {
    return clientCa != null;
  }

  /**
   * The credentials for {@code Grpc.newServerBuilderForPort} or {@code
   * NettyServerBuilder.forAddress(address, credentials)}.
   *
   * @throws IllegalArgumentException when a file is missing or not PEM (the message names it)
   */
  public ServerCredentials credentials() {
    readable(certificateChain, "certificate");
    readable(privateKey, "private key");
    certificates(certificateChain, "certificate");
    TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder();
    try {
      builder.keyManager(certificateChain.toFile(), privateKey.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot use certificate %s with key %s: %s (the key must be an"
          + " unencrypted PEM 'PRIVATE KEY', as 'openssl genpkey' writes it)"
          .formatted(certificateChain, privateKey, e.getMessage()), e);
    }
    if (clientCa != null) {
      readable(clientCa, "client CA");
      certificates(clientCa, "client CA");
      try {
        builder.trustManager(clientCa.toFile());
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot use client CA %s: %s".formatted(clientCa, e.getMessage()), e);
      }
      builder.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return builder.build();
  }

  /**
   * A warning when the server's certificate is not valid at {@code now} (expired or not yet
   * valid): clients will refuse it.
   */
  public Optional<String> validityWarning(Instant now) {
    X509Certificate first = certificates(certificateChain, "certificate").get(0);
    if (now.isAfter(first.getNotAfter().toInstant())) {
      return Optional.of("the certificate in %s expired at %s; clients will refuse it"
          .formatted(certificateChain, first.getNotAfter().toInstant()));
    }
    if (now.isBefore(first.getNotBefore().toInstant())) {
      return Optional.of("the certificate in %s is not valid before %s; clients will refuse it"
          .formatted(certificateChain, first.getNotBefore().toInstant()));
    }
    return Optional.empty();
  }

  /** The certificates of a PEM file, or IllegalArgumentException naming the file. */
  static List<X509Certificate> certificates(Path file, String what) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> list = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        list.add((X509Certificate) c);
      }
      if (list.isEmpty()) {
        throw new IllegalArgumentException(what + " file " + file + " holds no PEM certificate");
      }
      return list;
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException("cannot read the %s file %s: %s".formatted(what, file, e.getMessage()), e);
    }
  }

  static void readable(Path file, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException("the " + what + " file " + file + " does not exist or is not readable");
    }
  }
}
