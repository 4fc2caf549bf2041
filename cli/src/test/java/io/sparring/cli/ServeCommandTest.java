package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The serve command's options; the running server is tested end to end in SparringJarIT. */
class ServeCommandTest {

  @Test
  void helpShowsTheOptionsAndExamples() {
    CliRun run = CliRun.of("", "serve", "--help");
    assertEquals(0, run.exitCode());
    for (String option : new String[] {"--host", "--port", "--max-sessions", "--session-ttl", "--max-message-size"}) {
      assertTrue(run.out().contains(option), option + " missing:\n" + run.out());
    }
    assertTrue(run.out().contains("Examples:"), run.out());
    assertTrue(run.out().contains("./sparring serve --port 0"), run.out());
    assertTrue(CliRun.of("", "--help").out().contains("./sparring serve"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--port|70000|--port must be between 0 and 65535, got 70000",
    "--max-sessions|0|--max-sessions must be >= 1, got 0",
    "--session-ttl|soon|--session-ttl: 'soon' is not a duration; write a number and a unit, for example 250ms, 30s, 10m or 1h",
    "--session-ttl|0s|--session-ttl must be at least 1ms, got 0s",
    "--max-message-size|12q|--max-message-size must be a size between 1k and 2047m, such as 65536, 512k or 4m; got '12q'",
    "--max-message-size|100|--max-message-size must be a size between 1k and 2047m",
    "--shutdown-grace|later|--shutdown-grace: 'later' is not a duration",
    "--game-files|/no/such/folder|--game-files must be a folder, got /no/such/folder"
  })
  void badOptionsAreUsageErrors(String option, String value, String message) {
    CliRun run = CliRun.of("", "serve", option, value);
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains(message), run.err());
  }

  @Test
  void aPortInUseIsAnErrorThatSaysWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("", "serve", "--port", String.valueOf(taken.getLocalPort()));
      assertEquals(1, run.exitCode(), run.out() + run.err());
      assertTrue(run.err().contains("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()), run.err());
      assertTrue(run.err().contains("choose another --port or --host"), run.err());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "0.0.0.0", "192.168.1.20", "::"
  })
  void anOpenServerBeyondLoopbackIsRefused(String host) {
    CliRun run = CliRun.of("", "serve", "--host", host, "--port", "0");
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("without TLS or tokens: add --tls-cert FILE --tls-key FILE and/or --tokens FILE"
        + " (or --token-env VAR), or --insecure"), run.err());
  }

  @Test
  void insecureIsAllowedWithAWarning() throws Exception {
    // a port in use stops the server after the check, so the test does not serve forever
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      CliRun run = CliRun.of("", "serve", "--host", "0.0.0.0", "--insecure", "--port",
          String.valueOf(taken.getLocalPort()));
      assertEquals(1, run.exitCode(), run.out() + run.err());
      assertTrue(run.err().contains("warning: --insecure: serving 0.0.0.0 without TLS or tokens"), run.err());
      assertTrue(run.err().contains("cannot listen on"), run.err());
    }
  }

  @Test
  void tlsAndTokenOptionsAreChecked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    CliRun keyless = CliRun.of("", "serve", "--tls-cert", dir.resolve("a.crt").toString());
    assertEquals(2, keyless.exitCode());
    assertTrue(keyless.err().contains("--tls-cert and --tls-key go together"), keyless.err());
    CliRun missing = CliRun.of("", "serve", "--tls-cert", dir.resolve("a.crt").toString(),
        "--tls-key", dir.resolve("a.key").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("the certificate file " + dir.resolve("a.crt") + " does not exist"),
        missing.err());
    CliRun mutualOnly = CliRun.of("", "serve", "--tls-client-ca", dir.resolve("ca.crt").toString());
    assertEquals(2, mutualOnly.exitCode());
    assertTrue(mutualOnly.err().contains("--tls-client-ca (mutual TLS) needs TLS"), mutualOnly.err());
    java.nio.file.Path tokens = java.nio.file.Files.writeString(dir.resolve("tokens"), "alice secret-one two\n");
    CliRun bad = CliRun.of("", "serve", "--tokens", tokens.toString());
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("line 1: expected 'NAME TOKEN'"), bad.err());
    assertTrue(!bad.err().contains("secret-one"), bad.err());
    CliRun unset = CliRun.of("", "serve", "--token-env", "SPARRING_TEST_UNSET_TOKEN_VARIABLE");
    assertEquals(2, unset.exitCode());
    assertTrue(unset.err().contains("environment variable SPARRING_TEST_UNSET_TOKEN_VARIABLE is not set"), unset.err());
  }
}
