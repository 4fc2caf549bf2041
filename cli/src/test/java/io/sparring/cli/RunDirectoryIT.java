package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.sparring.league.store.RunLock;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory as a user moves it between working directories and machines, with the packaged
 * jar in its own processes: it is made with a relative --run-dir, moved, and then evaluated, shown
 * and resumed from another working directory; a second writer is refused while the first runs;
 * damage is reported with exit code 1.
 */
class RunDirectoryIT {
  private static final Path JAR = Path.of("target", "sparring.jar").toAbsolutePath();
  private static final List<String> KUHN = List.of("--set", "game=kuhn_poker", "--set", "matches=600",
      "--set", "batch_matches=200", "--set", "threads=1", "--set", "players.0.learner=tabular(learning_rate=0.5)",
      "--set", "players.0.snapshot_every=1", "--set", "evaluation.every=1", "--set", "ratings.bootstrap=0");
  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  private static Process start(Path workingDirectory, List<String> args) throws IOException {
    assertTrue(Files.exists(JAR), "package the cli module first: " + JAR);
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-jar", JAR.toString()));
    command.addAll(args);
    return new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectInput(
        ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }

  private static Result run(Path workingDirectory, List<String> args) throws Exception {
    Process process = start(workingDirectory, args);
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "sparring " + args + " did not finish");
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  private static List<String> args(String... first) {
    return List.of(first);
  }

  @Test
  void aRunMovedElsewhereEvaluatesShowsAndResumesFromAnotherWorkingDirectory() throws Exception {
    Path made = Files.createDirectories(dir.resolve("made"));
    List<String> start = new ArrayList<>(List.of("league", "run", "--run-dir", "kuhn-run"));
    start.addAll(KUHN);
    Result first = run(made, start);
    assertEquals(0, first.exitCode(), first.err());

    Path moved = dir.resolve("archive").resolve("kuhn-run");
    Files.createDirectories(moved.getParent());
    Files.move(made.resolve("kuhn-run"), moved);
    MoreFiles.deleteRecursively(made, RecursiveDeleteOption.ALLOW_INSECURE); // nothing left where it was made
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

    Result eval = run(elsewhere, args("eval", moved.toString()));
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().contains("main (policy(path='" + moved.resolve("snapshots").resolve("main-b3")), eval.out());
    Result standings = run(elsewhere, args("league", "standings", moved.toString()));
    assertEquals(0, standings.exitCode(), standings.err());
    assertTrue(standings.out().contains("600 matches, 3 of 3 batches complete"), standings.out());

    Path config = moved.resolve("config.yaml");
    Files.writeString(config, Files.readString(config).replace("matches: 600", "matches: 800"));
    Result resumed = run(elsewhere, args("league", "resume", moved.toString()));
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("batch 4/4"), resumed.out());

    Files.writeString(config, Files.readString(config).replace("seed: 1", "seed: 7"));
    Result edited = run(elsewhere, args("league", "resume", moved.toString()));
    assertEquals(2, edited.exitCode(), edited.out());
    assertTrue(edited.err().contains("changed since the run started: seed."), edited.err());

    MoreFiles.deleteRecursively(moved.resolve("snapshots").resolve("main-b4"), RecursiveDeleteOption.ALLOW_INSECURE);
    Result missing = run(elsewhere, args("eval", moved.toString()));
    assertEquals(1, missing.exitCode(), missing.out());
    assertTrue(missing.err().contains("snapshot main-b4 of " + moved + " is missing"), missing.err());

    Path db = moved.resolve("league.db");
    try (FileChannel channel = FileChannel.open(db, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() / 2);
    }
    Result corrupt = run(elsewhere, args("league", "standings", moved.toString()));
    assertEquals(1, corrupt.exitCode(), corrupt.out());
    assertTrue(corrupt.err().contains(db + " is corrupt or truncated"), corrupt.err());
  }

  @Test
  void aSecondWriterIsRefusedNamingTheFirstAndReadersAreNot() throws Exception {
    List<String> start = new ArrayList<>(List.of("league", "run", "--run-dir", "long-run"));
    start.addAll(KUHN);
    start.addAll(List.of("--set", "matches=2000000", "--set", "batch_matches=500"));
    Process writer = start(dir, start);
    try {
      Path lock = dir.resolve("long-run").resolve("league.lock");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(Files.exists(lock) && Files.readString(lock).contains("pid=" + writer.pid()))
          || !Files.exists(dir.resolve("long-run").resolve("config.yaml"))) {
        assertTrue(System.nanoTime() < deadline, "the run did not start");
        Thread.sleep(100);
      }
      Result second = run(dir, args("league", "resume", "long-run"));
      assertEquals(1, second.exitCode(), second.out());
      assertTrue(second.err().contains("in use by process " + writer.pid()), second.err());
      Result standings = run(dir, args("league", "standings", "long-run"));
      assertEquals(0, standings.exitCode(), standings.err());
    } finally {
      writer.destroyForcibly();
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
    }
    // killed with SIGKILL, it left its lock file but holds no lock: the next writer gets it
    try (RunLock next = RunLock.acquire(dir.resolve("long-run"))) {
      assertTrue(Files.readString(dir.resolve("long-run").resolve("league.lock"))
          .contains("pid=" + ProcessHandle.current().pid()));
    }
  }
}
