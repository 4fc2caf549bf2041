package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchGrpcCommandTest {

  @Test
  void printsEveryRowWithTheRatioToTheEcho() {
    CliRun run = CliRun.of("", "bench", "grpc", "--seconds", "0.05", "--warmup", "0.05", "--sessions", "4");
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().split("\n");
    assertTrue(lines[0].startsWith("gRPC step API, tic_tac_toe, full observations"), lines[0]);
    assertTrue(lines[1].matches("MEASURE\\s+OPS/S\\s+P50 US\\s+P99 US\\s+VS ECHO P50\\s+VS ECHO P99"), lines[1]);
    assertTrue(lines[2].matches("echo, unary, socket \\(\\d+ B / \\d+ B\\)\\s+[0-9.]+[kM]?\\s+[0-9.]+\\s+[0-9.]+\\s+1\\.00\\s+1\\.00"),
        lines[2]);
    assertTrue(lines[3].matches("step, unary, socket\\s+[0-9.]+[kM]?\\s+[0-9.]+\\s+[0-9.]+\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d"),
        lines[3]);
    assertTrue(lines[4].matches("step, Play stream, 4 in flight\\s+[0-9.]+[kM]?\\s+-.*"), lines[4]);
    assertTrue(lines[5].startsWith("step, BatchStep of 4"), lines[5]);
    assertTrue(lines[6].startsWith("step, unary, in-process transport"), lines[6]);
    assertTrue(lines[7].startsWith("step, session API, no gRPC"), lines[7]);
    // plain, TLS and token side by side, from the same run
    int table = java.util.Arrays.asList(lines).indexOf("") + 1;
    assertTrue(lines[table].matches("SECURITY, SOCKET\\s+UNARY STEPS/S\\s+P50 US\\s+P99 US\\s+VS PLAIN P50\\s+PLAY STREAM STEPS/S"),
        run.out());
    assertTrue(lines[table + 1].matches("plain\\s+[0-9.]+[kM]?\\s+[0-9.]+\\s+[0-9.]+\\s+1\\.00\\s+[0-9.]+[kM]?"), run.out());
    assertTrue(lines[table + 2].matches("TLS\\s+[0-9.]+[kM]?\\s+[0-9.]+\\s+[0-9.]+\\s+\\d+\\.\\d\\d\\s+[0-9.]+[kM]?"), run.out());
    assertTrue(lines[table + 3].matches("token\\s+[0-9.]+[kM]?\\s+[0-9.]+\\s+[0-9.]+\\s+\\d+\\.\\d\\d\\s+[0-9.]+[kM]?"), run.out());
  }

  @Test
  void severalViewsAreMeasuredSideBySide() {
    CliRun run = CliRun.of("", "bench", "grpc", "--seconds", "0.05", "--warmup", "0.05", "--sessions", "2",
        "--view", "full,seat");
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().split("\n");
    assertTrue(lines[0].startsWith("gRPC step API, tic_tac_toe, full and seat observations"), lines[0]);
    Matcher full = Pattern.compile("echo, unary, socket \\(\\d+ B / (\\d+) B\\), full\\s.*").matcher(lines[2]);
    Matcher seat = Pattern.compile("echo, unary, socket \\(\\d+ B / (\\d+) B\\), seat\\s.*").matcher(lines[3]);
    assertTrue(full.matches(), lines[2]);
    assertTrue(seat.matches(), lines[3]);
    assertTrue(Integer.parseInt(seat.group(1)) < Integer.parseInt(full.group(1)), lines[2] + "\n" + lines[3]);
    assertTrue(lines[6].startsWith("step, Play stream, 2 in flight, full"), lines[6]);
    assertTrue(lines[7].startsWith("step, Play stream, 2 in flight, seat"), lines[7]);
    assertTrue(lines[13].startsWith("step, session API, no gRPC, seat"), lines[13]);
  }

  @Test
  void badOptionsAreUsageErrors() {
    CliRun view = CliRun.of("", "bench", "grpc", "--view", "huge");
    assertEquals(2, view.exitCode());
    assertTrue(view.err().contains("--view must be full, seat or compact, got 'huge'"), view.err());
    CliRun sessions = CliRun.of("", "bench", "grpc", "--sessions", "0");
    assertEquals(2, sessions.exitCode());
    assertTrue(sessions.err().contains("--sessions must be between 1 and 1000, got 0"), sessions.err());
    CliRun kind = CliRun.of("", "bench", "grpc", "--security", "plain,ssl");
    assertEquals(2, kind.exitCode());
    assertTrue(kind.err().contains("--security must be plain, tls, token or tls+token, got 'ssl'"), kind.err());
    CliRun game = CliRun.of("", "bench", "grpc", "--game", "chess");
    assertEquals(2, game.exitCode());
    assertTrue(game.err().contains("unknown game 'chess'"), game.err());
  }
}
