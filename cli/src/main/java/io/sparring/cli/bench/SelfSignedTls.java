package io.sparring.cli.bench;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway self-signed certificate for 127.0.0.1, made by the running JDK's {@code keytool}
 * (an EC P-256 key, as a server would use), for benchmarks only: the server's TLS credentials and
 * a client's that trusts exactly that certificate.
 */
public record SelfSignedTls(ServerCredentials server, ChannelCredentials client) {
  private static final char[] PASSWORD = "bench-only".toCharArray();

  /** Made with {@code keytool} of {@code java.home}; IllegalStateException saying why when it cannot. */
  public static SelfSignedTls create() {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IllegalStateException(keytool + " is missing (a JRE without keytool)");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("sparring-bench-tls");
      Path store = dir.resolve("bench.p12");
      Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "bench",
          "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
          "-dname", "CN=sparring bench", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool failed: " + output.strip());
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, PASSWORD);
      }
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PASSWORD);
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("bench", keys.getCertificate("bench"));
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trusted);
      return new SelfSignedTls(
          TlsServerCredentials.newBuilder().keyManager(keyManagers.getKeyManagers()).build(),
          TlsChannelCredentials.newBuilder().trustManager(trustManagers.getTrustManagers()).build());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a bench certificate: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making a bench certificate", e);
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind holds only a throwaway key
    }
  }
}
