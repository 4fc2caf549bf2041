package io.sparring.league.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path run;

  private static final String PID = "process " + ProcessHandle.current().pid() + " ";

  @Test
  void aSecondAcquireInThisJvmIsRefusedNamingTheHolder() {
    try (RunLock lock = RunLock.acquire(run)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunLock.acquire(run));
      assertTrue(e.getMessage().startsWith(run + " is in use by " + PID + "on host "), e.getMessage());
      assertTrue(e.getMessage().endsWith("; stop that process first (standings and eval do not need the lock)"),
          e.getMessage());
    }
  }

  @Test
  void afterCloseItCanBeAcquiredAgain() {
    RunLock.acquire(run).close();
    try (RunLock again = RunLock.acquire(run)) {
      assertTrue(Files.exists(run.resolve(RunLock.FILE)));
    }
  }

  @Test
  void aLockFileLeftByADeadProcessIsTakenOver() throws Exception {
    Files.writeString(run.resolve(RunLock.FILE), "pid=999999999\nhost=elsewhere\nsince=2026-01-01T00:00:00Z\n");
    try (RunLock lock = RunLock.acquire(run)) {
      assertTrue(Files.readString(run.resolve(RunLock.FILE)).startsWith("pid=" + ProcessHandle.current().pid()));
    }
  }

  @Test
  void anotherProcessHoldsItUntilKilled() throws Exception {
    Process child = holder(run);
    try {
      assertEquals("locked", firstLine(child));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunLock.acquire(run));
      assertTrue(e.getMessage().contains("in use by process " + child.pid() + " on host "), e.getMessage());

      child.destroyForcibly(); // like kill -9: the child never releases the lock itself
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not exit");
      try (RunLock lock = RunLock.acquire(run)) {
        assertTrue(Files.readString(run.resolve(RunLock.FILE)).startsWith("pid=" + ProcessHandle.current().pid()));
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  // POSIX record locks are dropped when the process closes any descriptor of the file: a refused
  // second acquire in the holder's JVM must not release the holder's lock on the way out.
  @Test
  void aRefusedAcquireInTheHoldersJvmKeepsOtherProcessesOut() throws Exception {
    try (RunLock lock = RunLock.acquire(run)) {
      assertThrows(IllegalStateException.class, () -> RunLock.acquire(run));
      Process child = holder(run);
      try {
        assertTrue(firstLine(child).startsWith("refused: " + run + " is in use by " + PID));
      } finally {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** A child JVM running {@link RunLockHolder} on the run directory. */
  private static Process holder(Path run) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        RunLockHolder.class.getName(), run.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static String firstLine(Process child) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    return CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).get(30, TimeUnit.SECONDS);
  }
}
