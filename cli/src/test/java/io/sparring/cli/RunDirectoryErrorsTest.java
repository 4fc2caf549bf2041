package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path that is no run directory is named, with what is wrong, and exits with 1. */
class RunDirectoryErrorsTest {
  @TempDir Path dir;

  private static void fails(String expected, String... args) {
    CliRun run = CliRun.of("", args);
    assertEquals(1, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains(expected), run.err());
  }

  @Test
  void eachCommandNamesWhatIsWrongWithTheRunDirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "not a run");
    fails(file + " is a file, not a run directory", "league", "standings", file.toString());
    fails(file + " is a file, not a run directory", "league", "resume", file.toString());
    fails(file + " is a file, not a run directory", "eval", file.toString());
    Path missing = dir.resolve("missing");
    fails("no run directory at " + missing, "league", "resume", missing.toString());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    fails(empty + " has no config.yaml: is it a run directory?", "league", "standings", empty.toString());
    fails(empty + " has no config.yaml: is it a run directory?", "eval", empty.toString());
  }

  @Test
  void aStoreUrlWithAPasswordIsAUsageErrorBeforeAnythingIsMade() {
    Path run = dir.resolve("run");
    CliRun refused = CliRun.of("", "league", "run", "--run-dir", run.toString(), "--store",
        "jdbc:postgresql://league:hunter2@127.0.0.1/sparring", "--set", "game=kuhn_poker");
    assertEquals(2, refused.exitCode(), refused.out());
    assertTrue(refused.err().contains("use ?user="), refused.err());
    assertTrue(!refused.err().contains("hunter2"), refused.err());
    assertTrue(!Files.exists(run));
  }
}
