package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the packaged runnable jar in its own JVM, as ./sparring does. */
class SparringJarIT {
  private static final Path JAR = Path.of("target", "sparring.jar");

  record Result(int exitCode, String out, String err) {}

  private static Result run(String input, String... args) throws IOException, InterruptedException {
    assertTrue(Files.exists(JAR), "package the league module first: " + JAR.toAbsolutePath());
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sparring " + command + " did not finish");
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void versionAndGamesWorkFromTheShadedJar() throws Exception {
    Result version = run("", "--version");
    assertEquals(0, version.exitCode(), version.err());
    assertTrue(version.out().startsWith("sparring "), version.out());
    // Both games listed proves the shaded jar merged META-INF/services.
    Result games = run("", "games");
    assertEquals(0, games.exitCode(), games.err());
    assertTrue(games.out().contains("tic_tac_toe") && games.out().contains("kuhn_poker"),
        games.out());
    assertEquals("", games.err(), "nothing should be logged at the default level");
  }

  @Test
  void playsThroughStdinIncludingABadMove() throws Exception {
    Result play = run("nonsense\n0\n1\n2\n3\n4\n5\n6\n7\n8\n", "play", "tic_tac_toe", "--vs",
        "random", "--seed", "2026");
    assertEquals(0, play.exitCode(), play.err());
    assertTrue(play.out().contains("'nonsense' is not a legal action"), play.out());
    assertTrue(play.out().contains("Game over."), play.out());
  }

  @Test
  void unknownCommandExitsWithTwo() throws Exception {
    Result bad = run("", "teleport");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("'teleport'"), bad.err());
  }
}
