package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.rpc.security.ServerSecurity;
import io.sparring.rpc.security.ServerTls;
import io.sparring.rpc.security.TestCertificates;
import io.sparring.rpc.security.Tokens;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client over mutual TLS with a bearer token (clients/python/tests/test_tls.py) against
 * a server with certificates made by the test. Like PythonClientTest, it fails on CI and is
 * skipped elsewhere when Python's grpc is missing.
 */
class PythonTlsClientTest {
  private static final Path CLIENT = Path.of("..", "clients", "python").toAbsolutePath().normalize();
  private static final String TOKEN = "py-token-7e2b9d41";

  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  @TempDir Path dir;

  @Test
  void thePythonClientPlaysOverMutualTlsWithAToken() throws Exception {
    String python = SystemPython.requireGrpc();
    TestCertificates.Authority ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Pem server = ca.issue("server");
    TestCertificates.Pem client = ca.issue("python");
    ServerSecurity security = new ServerSecurity(
        new ServerTls(server.certificate(), server.key(), ca.certificate()), Tokens.of(Map.of("python", TOKEN)));
    NettyServerBuilder builder = security.intercept(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), security.credentials()));
    EnvironmentServer running = grpc.register(new EnvironmentServer(builder, TestSessions.sessions()).start());
    // and a plaintext server with the same token: the client sends it by an interceptor there
    ServerSecurity tokensOnly = new ServerSecurity(null, Tokens.of(Map.of("python", TOKEN)));
    EnvironmentServer plain = grpc.register(new EnvironmentServer(tokensOnly.intercept(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))), TestSessions.sessions()).start());

    ProcessBuilder process = new ProcessBuilder(python, "-m", "unittest", "tests.test_tls", "-v")
        .directory(CLIENT.toFile())
        .redirectErrorStream(true);
    Map<String, String> environment = process.environment();
    environment.put("SPARRING_TLS_SERVER", "localhost:" + running.port());
    environment.put("SPARRING_TLS_CA", ca.certificate().toString());
    environment.put("SPARRING_TLS_CERT", client.certificate().toString());
    environment.put("SPARRING_TLS_KEY", client.key().toString());
    environment.put("SPARRING_TOKEN", TOKEN);
    environment.put("SPARRING_PLAIN_TOKEN_SERVER", "127.0.0.1:" + plain.port());
    environment.put("PYTHONPATH", CLIENT.toString());
    environment.put("PYTHONDONTWRITEBYTECODE", "1");
    Process started = process.start();
    String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(started.waitFor(120, TimeUnit.SECONDS), "the Python TLS tests did not finish:\n" + output);
    assertEquals(0, started.exitValue(), "the Python TLS tests failed:\n" + output);
    Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(output);
    assertTrue(ran.find() && Integer.parseInt(ran.group(1)) == 5, "not every Python TLS test ran:\n" + output);
    assertTrue(output.contains("\nOK") && !output.contains("skipped"), output);
  }
}
