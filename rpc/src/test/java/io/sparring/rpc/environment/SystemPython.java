package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's system Python with its grpc packages, for tests that run Python clients and agents (the
 * pyenv {@code python3} first on PATH cannot see Debian's packages). Shipped in this module's
 * test-jar so every module's Python tests find and check it the same way.
 */
public final class SystemPython {
  public static final String INSTALL =
      "apt-get install python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc";

  private SystemPython() {}

  /**
   * The interpreter ({@code SPARRING_PYTHON}, else /usr/bin/python3) when it imports grpc and
   * protobuf. Otherwise the calling test fails on CI (CI=true) and is skipped elsewhere, saying
   * what to install.
   */
  public static String requireGrpc() throws InterruptedException {
    return require("import grpc, google.protobuf", INSTALL);
  }

  /** As {@link #requireGrpc()}, for Python trainers: grpc, protobuf and torch. */
  public static String requireTorch() throws InterruptedException {
    return require("import grpc, google.protobuf, torch", INSTALL + " python3-torch");
  }

  private static String require(String imports, String install) throws InterruptedException {
    String python = System.getenv().getOrDefault("SPARRING_PYTHON", "/usr/bin/python3");
    String missing = problem(python, imports);
    if (missing != null) {
      String message = "Python cannot '" + imports + "' (" + missing + "); " + install;
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message + ". Skipped because CI is not set.");
    }
    return python;
  }

  /** Null when {@code python} runs {@code imports}, else what went wrong. */
  private static String problem(String python, String imports) throws InterruptedException {
    if (!Files.isExecutable(Path.of(python))) {
      return python + " does not exist";
    }
    try {
      Process check = new ProcessBuilder(List.of(python, "-c", imports))
          .redirectErrorStream(true).start();
      String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!check.waitFor(30, TimeUnit.SECONDS)) {
        check.destroyForcibly();
        return python + " did not answer";
      }
      return check.exitValue() == 0 ? null : output.strip();
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
