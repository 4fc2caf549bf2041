package io.sparring.rpc.security;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS tests, made with BouncyCastle into a directory as PEM files: a CA, and
 * server or client certificates it signs (for localhost and 127.0.0.1), valid now or expired.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate (PEM) and its PKCS#8 key (PEM). */
  public record Pem(Path certificate, Path key) {}

  /** A CA that signs certificates. */
  public static final class Authority {
    private final String name;
    private final KeyPair keys;
    private final X509CertificateHolder certificate;
    private final Path directory;
    private final Pem pem;

    private Authority(Path directory, String name) throws Exception {
      this.directory = directory;
      this.name = name;
      this.keys = keyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=" + name);
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
          keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      this.certificate = builder.build(signer(keys.getPrivate()));
      this.pem = new Pem(write(directory.resolve(name + ".crt"), certificate), writeKey(directory.resolve(name + ".key"), keys.getPrivate()));
    }

    /** The CA's certificate (PEM file). */
    public Path certificate() {
      return pem.certificate();
    }

    /** A certificate valid now for localhost and 127.0.0.1. */
    public Pem issue(String subject) throws Exception {
      Instant now = Instant.now();
      return issue(subject, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /** A certificate that expired yesterday. */
    public Pem issueExpired(String subject) throws Exception {
      Instant now = Instant.now();
      return issue(subject, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));
    }

    private Pem issue(String subject, Instant from, Instant to) throws Exception {
      KeyPair leaf = keyPair();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), serial(),
          Date.from(from), Date.from(to), new X500Name("CN=" + subject), leaf.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      X509CertificateHolder holder = builder.build(signer(keys.getPrivate()));
      return new Pem(write(directory.resolve(subject + ".crt"), holder),
          writeKey(directory.resolve(subject + ".key"), leaf.getPrivate()));
    }
  }

  private TestCertificates() {}

  /** A new CA named {@code name} writing its files into {@code directory}. */
  public static Authority authority(Path directory, String name) throws Exception {
    return new Authority(directory, name);
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
  }

  private static Path write(Path file, X509CertificateHolder certificate) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(certificate);
    }
    return file;
  }

  private static Path writeKey(Path file, PrivateKey key) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(new JcaPKCS8Generator(key, null));
    }
    return file;
  }
}
