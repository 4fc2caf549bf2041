package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the Python client's test suite (clients/python/tests) with Debian's system Python against a
 * server on a free port. When Python's grpc is missing the test fails on CI (CI=true) and is
 * skipped elsewhere, saying what to install.
 */
class PythonClientTest {
  private static final Path CLIENT = Path.of("..", "clients", "python").toAbsolutePath().normalize();

  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  @Test
  void thePythonSuitePassesAgainstALiveServer() throws Exception {
    String python = SystemPython.requireGrpc();
    EnvironmentServer server = grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), TestSessions.sessions()).start());

    ProcessBuilder builder = new ProcessBuilder(python, "-m", "unittest", "discover", "-s", "tests", "-v")
        .directory(CLIENT.toFile())
        .redirectErrorStream(true);
    builder.environment().put("SPARRING_SERVER", "127.0.0.1:" + server.port());
    builder.environment().put("PYTHONPATH", CLIENT.toString());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    // unittest reports on stderr, merged into stdout here; read it all before waiting.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the Python suite did not finish:\n" + output);
    assertEquals(0, process.exitValue(), "the Python suite failed:\n" + output);
    Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(output);
    assertTrue(ran.find() && Integer.parseInt(ran.group(1)) >= 10, "too few Python tests ran:\n" + output);
    assertTrue(output.contains("\nOK"), output);
    assertEquals(0, server.sessions().size(), "the Python tests left sessions behind:\n" + output);
    System.out.println("Python client suite against 127.0.0.1:" + server.port() + ":\n" + output);
  }
}
