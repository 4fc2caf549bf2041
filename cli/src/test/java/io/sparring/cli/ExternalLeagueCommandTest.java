package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.proto.v1.ExperienceBatch;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code league run --serve-experience}: what it prints, what it refuses, and what it records. */
class ExternalLeagueCommandTest {
  @TempDir Path dir;

  @Test
  void aLeagueWithAnExternalPlayerServesAndRecordsEachVersionItPlayed() throws Exception {
    Path run = dir.resolve("run");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // No trainer connects: a queue as long as the run lets the league finish, the experience unsent.
    CliRun league = CliRun.of("", "league", "run", "--run-dir", run.toString(), "--set", "game=kuhn_poker",
        "--set", "matches=300", "--set", "batch_matches=100", "--set", "threads=1",
        "--set", "players.0.learner=external(max_staleness=-1, queue=3)",
        "--serve-experience", String.valueOf(port), "--experience-drain", "1");
    assertEquals(0, league.exitCode(), league.err());
    assertTrue(league.out().contains("Serving experience to trainers on 127.0.0.1:" + port), league.out());
    assertTrue(league.out().contains("Trainers did not acknowledge every batch within 1 s"), league.out());
    assertTrue(Files.isDirectory(run.resolve("snapshots/main-b0")), "version 0 became a snapshot");

    Path file = dir.resolve("experience.pb");
    assertEquals(0, CliRun.of("", "experience", "export", run.toString(), "--out", file.toString()).exitCode());
    List<ExperienceBatch> batches = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (ExperienceBatch b; (b = ExperienceBatch.parseDelimitedFrom(in)) != null; ) {
        batches.add(b);
      }
    }
    assertEquals(3, batches.size());
    batches.forEach(b -> b.getTurnsList().forEach(turn -> assertEquals("main@0", turn.getPolicyLabel())));
  }

  @Test
  void refusalsSayWhatIsWrong() throws Exception {
    CliRun noServer = CliRun.of("", "league", "run", "--run-dir", dir.resolve("a").toString(), "--set",
        "game=kuhn_poker", "--set", "players.0.learner=external");
    assertEquals(2, noServer.exitCode(), noServer.out() + noServer.err());
    assertTrue(noServer.err().contains("--serve-experience"), noServer.err());
    assertFalse(Files.exists(dir.resolve("a")), "a refused run leaves no run directory");

    CliRun open = CliRun.of("", "league", "run", "--run-dir", dir.resolve("b").toString(), "--set",
        "game=kuhn_poker", "--set", "players.0.learner=external", "--serve-experience", "0",
        "--experience-host", "0.0.0.0");
    assertEquals(2, open.exitCode());
    assertTrue(open.err().contains("--experience-token-env"), open.err());

    CliRun model = CliRun.of("", "league", "run", "--run-dir", dir.resolve("c").toString(), "--set",
        "game=kuhn_poker", "--set", "players.0.learner=external(policy=model)", "--serve-experience", "0");
    assertEquals(2, model.exitCode());
    assertTrue(model.err().contains("'{model}'"), model.err());

    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun busy = CliRun.of("", "league", "run", "--run-dir", dir.resolve("d").toString(), "--set",
          "game=kuhn_poker", "--set", "players.0.learner=external", "--serve-experience",
          String.valueOf(taken.getLocalPort()));
      assertEquals(2, busy.exitCode());
      assertTrue(busy.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), busy.err());
    }
  }
}
