package io.sparring.rpc.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.engine.BatchReport;
import io.sparring.league.engine.League;
import io.sparring.proto.v1.ExperienceBatch;
import io.sparring.proto.v1.ExperienceTurn;
import io.sparring.rpc.security.ServerSecurity;
import io.sparring.agents.llm.FakeChatServer;
import io.sparring.training.AgentPolicy;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Snapshots;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A league with an external learner and a trainer in Java over loopback: versions published and
 * played in order, refused publishes that change nothing, back-pressure, a trainer that restarts,
 * and a league that resumes.
 */
@Timeout(120)
class ExternalLearnerTest {
  private static final Game KUHN = Games.create("kuhn_poker");
  private static final int INPUTS = KUHN.informationStateTensorShape().stream().reduce(1, Math::multiplyExact);

  @TempDir Path dir;
  private final ExecutorService background = Executors.newCachedThreadPool();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    background.shutdownNow();
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  static LeagueConfig kuhn(int batches, int batchMatches, String learner) {
    return ConfigLoader.load(null, List.of("game=kuhn_poker", "match_seeds=public", "threads=1",
        "matches=" + batches * batchMatches, "batch_matches=" + batchMatches, "evaluation.every=0",
        "players.0.learner=" + learner, "baseline_rate=0.2"));
  }

  /** A hub served on a free loopback port, and a channel to it. */
  private record Served(TrainerHub hub, ManagedChannel channel) {}

  private Served serve() throws Exception {
    TrainerHub hub = new TrainerHub();
    ExperienceServer server = ExperienceServer.start(hub,
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), "127.0.0.1", ServerSecurity.none());
    open.add(server);
    ManagedChannel channel = NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return new Served(hub, channel);
  }

  private Future<List<BatchReport>> play(League league, long batches) {
    return background.submit(() -> league.run().limit(batches).toList());
  }

  @Test
  void eachBatchPlaysTheNewestVersionAndARefusedPublishChangesNothing() throws Exception {
    Served served = serve();
    League league = League.start(kuhn(4, 40, "external(max_staleness=0)"), dir.resolve("run"), Optional.empty(),
        UnaryOperator.identity(), served.hub());
    open.add(league);
    Future<List<BatchReport>> run = play(league, 4);
    JavaTrainer trainer = new JavaTrainer(served.channel(), "main", 0, 1);
    for (int batch = 1; batch <= 4; batch++) {
      ExperienceBatch received = trainer.next();
      assertEquals(batch, received.getBatch());
      assertFalse(received.getTurnsList().isEmpty());
      for (ExperienceTurn turn : received.getTurnsList()) {
        assertEquals(batch - 1, turn.getPolicyVersion(), "batch " + batch + " plays version " + (batch - 1));
        assertEquals("main@" + (batch - 1), turn.getPolicyLabel());
        assertEquals(INPUTS, turn.getInformationState().getFloat32Le().size() / 4);
        assertFalse(turn.getLegalActionsList().isEmpty());
      }
      trainer.ack(received.getSequence());
      if (batch == 2) { // every refusal leaves version 2 the one to play next
        byte[] good = JavaTrainer.linearPolicy(INPUTS, 0, 1);
        assertRefused(Status.Code.NOT_FOUND, () -> JavaTrainer.publish(served.channel(), "nobody", 2, good));
        assertRefused(Status.Code.FAILED_PRECONDITION, () -> JavaTrainer.publish(served.channel(), "main", 1, good));
        assertRefused(Status.Code.INVALID_ARGUMENT, () -> JavaTrainer.publish(served.channel(), "main", 2, good,
            "0".repeat(64), 1 << 20));
        assertRefused(Status.Code.INVALID_ARGUMENT, () -> JavaTrainer.publish(served.channel(), "main", 2,
            JavaTrainer.linearPolicy(INPUTS + 1, 0, 1)));
        assertRefused(Status.Code.INVALID_ARGUMENT, () -> JavaTrainer.publish(served.channel(), "main", 2,
            JavaTrainer.linearPolicy(INPUTS, 0, 1, 2)));
        assertRefused(Status.Code.INVALID_ARGUMENT, () -> JavaTrainer.publish(served.channel(), "main", 2,
            "{\"network\": ".getBytes()));
        assertRefused(Status.Code.FAILED_PRECONDITION, () -> JavaTrainer.publishModel(served.channel(), "main", 2,
            "policy"));
      }
      if (batch < 4) {
        // version b: bet (action 1) with probability 1 / (1 + e^-b), chunked in pieces of 100 bytes
        byte[] weights = JavaTrainer.linearPolicy(INPUTS, 0, batch);
        assertEquals(batch, JavaTrainer.publish(served.channel(), "main", batch, weights,
            com.google.common.hash.Hashing.sha256().hashBytes(weights).toString(), 100).getVersion());
        trainer.grant(1);
      }
    }
    List<BatchReport> reports = run.get(60, TimeUnit.SECONDS);
    assertEquals(4, reports.size());
    for (int version = 0; version < 4; version++) {
      Path snapshot = dir.resolve("run/snapshots/main-b" + version);
      LearnedPolicy policy = Snapshots.load(snapshot);
      Map<Integer, Double> p = policy.probabilities("", new float[INPUTS], List.of(0, 1));
      assertEquals(1 / (1 + Math.exp(-version)), p.get(1), 1e-6, "snapshot main-b" + version + " is version " + version);
      assertEquals(Optional.of(String.valueOf(version)), league.store().meta("version.main-b" + version));
    }
    assertEquals(0, trainer.duplicates);
    trainer.close();
  }

  private static void assertRefused(Status.Code code, org.junit.jupiter.api.function.Executable publish) {
    ExecutionException e = assertThrows(ExecutionException.class, publish);
    StatusRuntimeException status = (StatusRuntimeException) e.getCause();
    assertEquals(code, status.getStatus().getCode(), status.getStatus().getDescription());
    assertFalse(status.getStatus().getDescription().isBlank());
  }

  @Test
  void aSlowTrainerSlowsTheLeagueInsteadOfGrowingItsQueue() throws Exception {
    Served served = serve();
    League league = League.start(kuhn(12, 20, "external(max_staleness=-1, queue=2)"), dir.resolve("run"),
        Optional.empty(), UnaryOperator.identity(), served.hub());
    open.add(league);
    Future<List<BatchReport>> run = play(league, 12);
    AtomicInteger mostQueued = new AtomicInteger();
    Future<?> watch = background.submit(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        mostQueued.accumulateAndGet(served.hub().queued("main"), Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    JavaTrainer trainer = new JavaTrainer(served.channel(), "main", 0, 0);
    Set<Long> sequences = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      Thread.sleep(100); // one batch per 100 ms, granted one at a time
      long played = league.store().matchCount();
      assertTrue(played <= (i + 2 + 1) * 20L, "the league ran ahead of its queue: " + played + " matches with "
          + i + " batches acknowledged");
      trainer.grant(1);
      ExperienceBatch batch = trainer.next();
      assertTrue(sequences.add(batch.getSequence()));
      trainer.ack(batch.getSequence());
    }
    run.get(60, TimeUnit.SECONDS);
    watch.cancel(true);
    assertTrue(mostQueued.get() <= 2, "queued " + mostQueued.get() + " batches, the bound is 2");
    assertTrue(mostQueued.get() >= 1);
    assertEquals(12, sequences.size());
    trainer.close();
  }

  @Test
  void aRestartedTrainerGetsEveryBatchOnceAndAResumedLeagueSendsWhatWasNotAcknowledged() throws Exception {
    Served first = serve();
    Path run = dir.resolve("run");
    League league = League.start(kuhn(6, 20, "external(max_staleness=-1, queue=3)"), run, Optional.empty(),
        UnaryOperator.identity(), first.hub());
    List<BatchReport> reports = play(league, 3).get(60, TimeUnit.SECONDS); // three batches queued, no trainer yet
    assertEquals(3, reports.size());

    JavaTrainer trainer = new JavaTrainer(first.channel(), "main", 0, 10);
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      got.add(trainer.next().getSequence());
    }
    trainer.ack(got.get(0)); // the trainer processed one batch, then died
    trainer.close();
    JavaTrainer restarted = new JavaTrainer(first.channel(), "main", got.get(0), 10);
    assertEquals(got.subList(1, 3), List.of(restarted.next().getSequence(), restarted.next().getSequence()));
    restarted.ack(got.get(1));
    awaitAcknowledged(first.hub(), 1);
    league.close(); // the league stops (as if killed after its last batch) with batch 3 unacknowledged

    Served second = serve();
    League resumed = League.resume(run, false, UnaryOperator.identity(), second.hub());
    open.add(resumed);
    Future<List<BatchReport>> rest = play(resumed, 3);
    JavaTrainer again = new JavaTrainer(second.channel(), "main", 0, 10);
    List<Long> after = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ExperienceBatch batch = again.next();
      after.add(batch.getSequence());
      again.ack(batch.getSequence());
    }
    assertEquals(List.of(got.get(2), 4L, 5L, 6L), after, "batch 3 again, then the new ones, each once");
    assertEquals(3, rest.get(60, TimeUnit.SECONDS).size());
    again.close();
  }

  @Test
  void anLlmTeamPlaysEachPublishedModelInWholeGamesAndEveryRoleRecordsIt() throws Exception {
    Served served = serve();
    FakeChatServer chat = FakeChatServer.start();
    open.add(chat);
    String llm = "llm(url='" + chat.url() + "', model='{model}', retries=0)";
    String learner = "external(policy=model, max_staleness=0, publish_timeout=1, model=policy, endpoint='" + chat.url()
        + "', agent=team(strategist=" + llm + ", generator=" + llm + ", verifier=" + llm + "))";
    League league = League.start(kuhn(3, 4, learner), dir.resolve("run"), Optional.empty(), UnaryOperator.identity(),
        served.hub());
    open.add(league);
    Future<List<BatchReport>> run = play(league, 3);
    JavaTrainer trainer = new JavaTrainer(served.channel(), "main", 0, 1);
    for (int version = 1; version <= 3; version++) {
      ExperienceBatch batch = trainer.next();
      trainer.ack(batch.getSequence());
      if (version == 3) {
        break;
      }
      long next = version;
      // the endpoint does not list policy@N yet: refused within publish_timeout, the league keeps the last version
      assertRefused(Status.Code.UNAVAILABLE, () -> JavaTrainer.publishModel(served.channel(), "main", next, "policy"));
      chat.serve("policy@" + version);
      assertEquals("policy@" + version, JavaTrainer.publishModel(served.channel(), "main", version, "policy").getModel());
      trainer.grant(1);
    }
    run.get(60, TimeUnit.SECONDS);
    Set<String> models = new HashSet<>();
    for (int batch = 1; batch <= 3; batch++) {
      String model = batch == 1 ? "model='policy'" : "model='policy@" + (batch - 1) + "'";
      for (var row : league.store().matches(batch)) {
        int roles = 0;
        for (int seat = 0; seat < row.seats().size(); seat++) {
          if (!row.seats().get(seat).equals("main")) {
            continue;
          }
          for (var step : row.trajectory().getStepsList()) {
            for (var turn : step.getTurnsList()) {
              if (turn.getSeat() == seat) {
                for (var role : turn.getRolesList()) {
                  assertTrue(role.getAgent().contains(model), "batch " + batch + " plays " + model + ": " + role.getAgent());
                  roles++;
                }
              }
            }
          }
        }
        assertTrue(roles > 0 || !row.seats().contains("main"));
      }
    }
    chat.requests().forEach(request -> models.add(request.body().path("model").asText()));
    assertEquals(Set.of("policy", "policy@1", "policy@2"), models);
    assertEquals(AgentPolicy.class, Snapshots.load(dir.resolve("run/snapshots/main-b2")).getClass());
    trainer.close();
  }

  @Test
  void withTokensATrainerWithoutTheTokenCanNeitherSubscribeNorPublish() throws Exception {
    TrainerHub hub = new TrainerHub();
    hub.create("main", io.sparring.core.spec.Spec.parse("external"), KUHN, 1);
    ServerSecurity security = new ServerSecurity(null, io.sparring.rpc.security.Tokens.of(Map.of("trainer", "s3cret")));
    ExperienceServer server = ExperienceServer.start(hub,
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), "127.0.0.1", security);
    open.add(server);
    ManagedChannel anonymous = NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
    open.add(() -> anonymous.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    JavaTrainer trainer = new JavaTrainer(anonymous, "main", 0, 1);
    Throwable refused = trainer.ended.get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAUTHENTICATED, Status.fromThrowable(refused).getCode());
    assertRefused(Status.Code.UNAUTHENTICATED, () -> JavaTrainer.publish(anonymous, "main", 1,
        JavaTrainer.linearPolicy(INPUTS, 0, 1)));

    ManagedChannel withToken = io.grpc.Grpc.newChannelBuilder(server.target(),
        io.sparring.rpc.security.ClientSecurity.plaintext().withToken("s3cret").credentials()).build();
    open.add(() -> withToken.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    assertEquals(1, JavaTrainer.publish(withToken, "main", 1, JavaTrainer.linearPolicy(INPUTS, 0, 1)).getVersion());
  }

  private static void awaitAcknowledged(TrainerHub hub, int queued) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hub.queued("main") != queued && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(queued, hub.queued("main"));
  }
}
