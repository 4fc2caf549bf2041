package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchServeCommandTest {

  @Test
  void aThousandConcurrentSessionsWithoutErrors() {
    CliRun run = CliRun.of("", "bench", "serve", "--sessions", "1000", "--seconds", "1", "--warmup", "0.2");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String out = run.out();
    assertTrue(out.contains("sessions created") && out.matches("(?s).*sessions created\\s+1000\\n.*"), out);
    assertTrue(out.matches("(?s).*retained per session\\s+[0-9.]+ KiB\\n.*"), out);
    assertTrue(out.matches("(?s).*steps/s, all sessions\\s+[0-9.]+[kM]?\\n.*"), out);
    assertTrue(out.matches("(?s).*errors\\s+0\\n.*"), out);
  }

  @Test
  void overTlsWithATokenToo() {
    CliRun run = CliRun.of("", "bench", "serve", "--sessions", "50", "--seconds", "0.3", "--warmup", "0",
        "--security", "tls+token");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().matches("(?s).*errors\\s+0\\n.*"), run.out());
  }

  @Test
  void badOptionsAreUsageErrors() {
    CliRun kind = CliRun.of("", "bench", "serve", "--security", "ssl");
    assertEquals(2, kind.exitCode());
    assertTrue(kind.err().contains("--security must be plain, tls, token or tls+token, got 'ssl'"), kind.err());
    CliRun sessions = CliRun.of("", "bench", "serve", "--sessions", "0");
    assertEquals(2, sessions.exitCode());
    CliRun text = CliRun.of("", "bench", "serve", "--game", "word_chain");
    assertEquals(2, text.exitCode());
    assertTrue(text.err().contains("word_chain takes text actions"), text.err());
  }
}
