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
    "--shutdown-grace|later|--shutdown-grace: 'later' is not a duration"
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
}
