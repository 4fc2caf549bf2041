package io.sparring.cli.bench;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.Observation;
import io.sparring.proto.v1.ObservationView;
import io.sparring.proto.v1.ResetRequest;
import io.sparring.proto.v1.ResetResponse;
import io.sparring.proto.v1.SessionStatus;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many sessions at once on one server: each holds every seat of its game and keeps exactly one
 * step (or reset) in flight, so {@code sessions} requests are always outstanding. Measures the heap
 * retained per session and steps per second, and counts errors by status code.
 */
public final class ServeLoad {
  private final String game;
  private final int players;
  private final ObservationView view;
  private final long seed;

  public ServeLoad(String game, int players, ObservationView view, long seed) {
    this.game = game;
    this.players = players;
    this.view = view;
    this.seed = seed;
  }

  /** What one run measured. */
  public record Report(int sessions, double createSeconds, long heapBeforeBytes, long heapAfterBytes,
      long steps, long resets, double seconds, long[] latenciesNanos, Map<String, Long> errors) {
    public double retainedPerSessionBytes() {
      return (heapAfterBytes - heapBeforeBytes) / (double) sessions;
    }

    public double stepsPerSecond() {
      return steps / seconds;
    }

    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Latency quantile in milliseconds, NaN when nothing was measured. */
    public double quantileMillis(double q) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }
  }

  /**
   * Creates {@code sessions} sessions over {@code channels} (round robin), measures the heap they
   * retain, then steps all of them concurrently for {@code warmUp} and then {@code duration}.
   */
  public Report run(List<ManagedChannel> channels, int sessions, Duration warmUp, Duration duration)
      throws InterruptedException {
    Map<String, Long> errors = new ConcurrentHashMap<>();
    long heapBefore = heapAfterGc();
    long createStart = System.nanoTime();
    List<Driver> drivers = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      EnvironmentGrpc.EnvironmentBlockingStub stub = EnvironmentGrpc.newBlockingStub(channels.get(i % channels.size()));
      CreateSessionRequest.Builder request = CreateSessionRequest.newBuilder().setGame(game).setSeed(seed + i)
          .setView(view);
      for (int seat = 0; seat < players; seat++) {
        request.addSeats(seat);
      }
      try {
        CreateSessionResponse created = stub.withDeadlineAfter(30, TimeUnit.SECONDS).createSession(request.build());
        drivers.add(new Driver(EnvironmentGrpc.newStub(channels.get(i % channels.size())), created, seed + i, errors));
      } catch (RuntimeException e) {
        errors.merge("create: " + Status.fromThrowable(e).getCode(), 1L, Long::sum);
      }
    }
    double createSeconds = (System.nanoTime() - createStart) / 1e9;
    long heapAfter = heapAfterGc();

    AtomicLong steps = new AtomicLong();
    AtomicLong resets = new AtomicLong();
    long warmEnd = System.nanoTime() + warmUp.toNanos();
    long measureEnd = warmEnd + duration.toNanos();
    CountDownLatch done = new CountDownLatch(drivers.size());
    for (Driver driver : drivers) {
      driver.start(warmEnd, measureEnd, steps, resets, done);
    }
    if (!done.await(duration.plus(warmUp).toSeconds() + 60, TimeUnit.SECONDS)) {
      errors.merge("drivers still waiting 60 s after the end", (long) done.getCount(), Long::sum);
    }
    long[] latencies = drivers.stream().flatMapToLong(d -> Arrays.stream(d.latencies, 0, d.count)).toArray();
    return new Report(drivers.size(), createSeconds, heapBefore, heapAfter, steps.get(), resets.get(),
        duration.toNanos() / 1e9, latencies, Map.copyOf(errors));
  }

  /** Used heap after garbage collection has settled. */
  public static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** One session: one request in flight at a time, the next sent from the previous one's answer. */
  private final class Driver {
    private final EnvironmentGrpc.EnvironmentStub stub;
    private final String id;
    private final String token;
    private final SplittableRandom random;
    private final Map<String, Long> errors;
    private int seat;
    private int[] legal;
    private boolean over;
    long[] latencies = new long[256];
    int count;

    Driver(EnvironmentGrpc.EnvironmentStub stub, CreateSessionResponse created, long seed, Map<String, Long> errors) {
      this.stub = stub;
      this.id = created.getSessionId();
      this.token = created.getToken();
      this.random = new SplittableRandom(seed);
      this.errors = errors;
      update(created.getStatus(), created.getObservationsList());
    }

    private void update(SessionStatus status, List<Observation> observations) {
      over = status.getEndStatus() != EndStatus.END_STATUS_RUNNING;
      if (!over) {
        Observation turn = observations.stream().filter(Observation::getToAct).findFirst().orElseThrow();
        seat = turn.getSeat();
        legal = turn.getLegalActionsList().stream().mapToInt(Integer::intValue).toArray();
      }
    }

    void start(long warmEnd, long measureEnd, AtomicLong steps, AtomicLong resets, CountDownLatch done) {
      next(warmEnd, measureEnd, steps, resets, done);
    }

    private void next(long warmEnd, long measureEnd, AtomicLong steps, AtomicLong resets, CountDownLatch done) {
      long now = System.nanoTime();
      if (now >= measureEnd) {
        done.countDown();
        return;
      }
      boolean measured = now >= warmEnd;
      if (over) {
        stub.reset(ResetRequest.newBuilder().setSessionId(id).setToken(token).setView(view).build(),
            new Answer<ResetResponse>(done) {
              @Override
              public void onNext(ResetResponse response) {
                if (measured) {
                  resets.incrementAndGet();
                }
                update(response.getStatus(), response.getObservationsList());
              }

              @Override
              void then() {
                next(warmEnd, measureEnd, steps, resets, done);
              }
            });
        return;
      }
      StepRequest request = StepRequest.newBuilder().setSessionId(id).setToken(token).setSeat(seat)
          .setAction(Action.newBuilder().setIndex(legal[random.nextInt(legal.length)])).setView(view).build();
      stub.step(request, new Answer<StepResponse>(done) {
        @Override
        public void onNext(StepResponse response) {
          if (measured) {
            steps.incrementAndGet();
            if (count == latencies.length) {
              latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - now;
          }
          update(response.getStatus(), response.getObservationsList());
        }

        @Override
        void then() {
          next(warmEnd, measureEnd, steps, resets, done);
        }
      });
    }

    /** Counts an error and stops this session; otherwise calls {@link #then()}. */
    private abstract class Answer<T> implements StreamObserver<T> {
      private final CountDownLatch done;

      Answer(CountDownLatch done) {
        this.done = done;
      }

      abstract void then();

      @Override
      public void onError(Throwable t) {
        errors.merge(Status.fromThrowable(t).getCode().toString(), 1L, Long::sum);
        done.countDown();
      }

      @Override
      public void onCompleted() {
        then();
      }
    }
  }
}
