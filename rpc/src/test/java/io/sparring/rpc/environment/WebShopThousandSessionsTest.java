package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.ObservationView;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 1,000 web shop sessions at once over gRPC on a real loopback socket, all on the default
 * 1,000-product catalog: each searches its instruction, opens the first result, reads its
 * description and goes back. Every call succeeds, all 1,000 are alive together, and they share
 * one catalog and index: each holds under a twentieth of what one more catalog of the same size
 * takes (so no session holds a copy), and under 50 KB. Nothing here is timed; the timeout only stops a
 * hang.
 */
class WebShopThousandSessionsTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 125;
  private static final Pattern INSTRUCTION = Pattern.compile("Instruction: \\[SEP] (.*?)(?:, and price lower than [0-9.]+ dollars)? \\[SEP]");

  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  /** One session as its client keeps it: no observations, so the client side holds little. */
  private record Open(String id, String token) {}

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aThousandSessionsShareOneCatalogAndIndex() throws Exception {
    EnvironmentServer server = grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), TestSessions.sessions()).start());
    ManagedChannel channel = grpc.register(NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build());
    // The default catalog is loaded (its index opened or built) before the baseline is taken.
    var warm = EnvironmentGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.MINUTES);
    CreateSessionResponse first = warm.createSession(CreateSessionRequest.newBuilder().setGame("webshop").addSeats(0).build());
    warm.closeSession(CloseSessionRequest.newBuilder().setSessionId(first.getSessionId()).setToken(first.getToken()).build());
    long before = usedHeap();

    List<String> failures = new CopyOnWriteArrayList<>();
    long[] heldAtPeak = new long[2];
    CyclicBarrier allPlayed = new CyclicBarrier(THREADS, () -> {
      heldAtPeak[0] = server.sessions().size();
      heldAtPeak[1] = usedHeap();
    });
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> closed = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        closed.add(pool.submit(() -> {
          var env = EnvironmentGrpc.newBlockingStub(channel).withDeadlineAfter(4, TimeUnit.MINUTES);
          List<Open> mine = new ArrayList<>();
          for (int i = 0; i < PER_THREAD; i++) {
            CreateSessionResponse s = env.createSession(CreateSessionRequest.newBuilder().setGame("webshop")
                .setSeed(thread * 1000L + i).addSeats(0).setView(ObservationView.OBSERVATION_VIEW_SEAT).build());
            Open open = new Open(s.getSessionId(), s.getToken());
            mine.add(open);
            Matcher instruction = INSTRUCTION.matcher(s.getObservations(0).getSeatObservation().getText());
            if (!instruction.find()) {
              failures.add(open.id() + ": no instruction on the first page");
              continue;
            }
            StepResponse results = step(env, open, Action.newBuilder().setText("search[" + instruction.group(1) + "]"));
            if (results.getNoOp() || !results.getObservations(0).getLegalActionsList().contains(7)) {
              failures.add(open.id() + ": the search '" + instruction.group(1) + "' found nothing");
              continue;
            }
            // By the shop's fixed indices: 7 the first result, 3 description, 2 < prev.
            for (int click : new int[] {7, 3, 2}) {
              StepResponse r = step(env, open, Action.newBuilder().setIndex(click));
              if (r.getNoOp() || r.getStatus().getEndStatus() != EndStatus.END_STATUS_RUNNING) {
                failures.add(open.id() + ": click " + click + " answered " + r.getStatus());
              }
            }
          }
          allPlayed.await(4, TimeUnit.MINUTES);
          for (Open open : mine) {
            env.closeSession(CloseSessionRequest.newBuilder().setSessionId(open.id()).setToken(open.token()).build());
          }
          return mine.size();
        }));
      }
      int total = 0;
      for (Future<Integer> f : closed) {
        total += f.get(5, TimeUnit.MINUTES);
      }
      assertEquals(THREADS * PER_THREAD, total);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), failures);
    assertEquals(1000, heldAtPeak[0], "all 1,000 sessions were alive at once");
    assertEquals(0, server.sessions().size(), "every session was closed");

    // What one more catalog of the same size takes: a generated 1,000-product catalog of another seed.
    long beforeCatalog = usedHeap();
    Game another = Games.create("webshop(catalog_seed=1)");
    another.newInitialState(0); // waits for its index
    long oneCatalog = usedHeap() - beforeCatalog;
    long perSession = (heldAtPeak[1] - before) / 1000;
    System.out.printf("1,000 web shop sessions held %d KB in all (%d bytes each, server and client);"
        + " one 1,000-product catalog takes %d KB%n", (heldAtPeak[1] - before) >> 10, perSession, oneCatalog >> 10);
    assertTrue(another != null && oneCatalog > 100_000, "a catalog takes some room: " + oneCatalog + " bytes");
    // Measured: about 4.4 KB a session (its page, 50 results, the server's session and tokens, the
    // client's stub), 1.5-1.8 MB a catalog. A session with its own catalog would hold more than one.
    assertTrue(perSession * 20 < oneCatalog,
        "a session holds " + perSession + " bytes, not a twentieth of a catalog (" + oneCatalog + " bytes)");
    assertTrue(perSession < 50_000, "a session holds " + perSession + " bytes, more than the 50 KB aimed at");
  }

  private static StepResponse step(EnvironmentGrpc.EnvironmentBlockingStub env, Open open, Action.Builder action) {
    return env.step(StepRequest.newBuilder().setSessionId(open.id()).setToken(open.token()).setAction(action)
        .setView(ObservationView.OBSERVATION_VIEW_COMPACT).build());
  }

  /** The heap in use after full collections, in bytes. */
  private static long usedHeap() {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
