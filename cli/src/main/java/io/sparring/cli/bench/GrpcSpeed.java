package io.sparring.cli.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.sparring.core.game.Games;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.BatchStepRequest;
import io.sparring.proto.v1.BatchStepResponse;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EchoGrpc;
import io.sparring.proto.v1.EchoRequest;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.Observation;
import io.sparring.proto.v1.ObservationView;
import io.sparring.proto.v1.PlayRequest;
import io.sparring.proto.v1.PlayResponse;
import io.sparring.proto.v1.ResetRequest;
import io.sparring.proto.v1.ResetResponse;
import io.sparring.proto.v1.ResetResult;
import io.sparring.proto.v1.SessionStatus;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import io.sparring.proto.v1.StepResult;
import io.sparring.rpc.environment.Sessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the gRPC step API: round-trip latency of unary steps beside an echo of the same sizes,
 * steps per second over a pipelined Play stream and with batches, and the same loop in process.
 * Every loop plays random legal moves in sessions whose every seat this client holds, resetting a
 * session when its episode ends (resets are not counted as steps).
 */
public final class GrpcSpeed {
  private final String game;
  private final int players;
  private final ObservationView view;
  private final long seed;

  /** One measurement: operations, elapsed time and, where taken, each operation's latency. */
  public record Result(long operations, double seconds, long[] latenciesNanos) {
    public double perSecond() {
      return operations / seconds;
    }

    /** The latency below which a fraction {@code q} of operations finished, in microseconds. */
    public double quantileMicros(double q) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
      return sorted[Math.max(0, index)] / 1e3;
    }
  }

  /** The unary step loop's result and the average message sizes, which the echo then copies. */
  public record StepSizes(int requestBytes, int responseBytes) {}

  public GrpcSpeed(String game, ObservationView view, long seed) {
    this.game = game;
    this.players = Games.create(game).numPlayers();
    this.view = view;
    this.seed = seed;
  }

  /** What a session loop needs: the three calls, over a stub or straight to {@link Sessions}. */
  public interface Stepper {
    CreateSessionResponse create(CreateSessionRequest request);

    StepResponse step(StepRequest request);

    ResetResponse reset(ResetRequest request);
  }

  public static Stepper over(ManagedChannel channel) {
    EnvironmentGrpc.EnvironmentBlockingStub stub = EnvironmentGrpc.newBlockingStub(channel);
    return new Stepper() {
      @Override
      public CreateSessionResponse create(CreateSessionRequest request) {
        return stub.createSession(request);
      }

      @Override
      public StepResponse step(StepRequest request) {
        return stub.step(request);
      }

      @Override
      public ResetResponse reset(ResetRequest request) {
        return stub.reset(request);
      }
    };
  }

  public static Stepper over(Sessions sessions) {
    return new Stepper() {
      @Override
      public CreateSessionResponse create(CreateSessionRequest request) {
        return sessions.create(request);
      }

      @Override
      public StepResponse step(StepRequest request) {
        return sessions.step(request);
      }

      @Override
      public ResetResponse reset(ResetRequest request) {
        return sessions.reset(request);
      }
    };
  }

  /** One session whose every seat we hold, and the seat to act with its legal actions. */
  private final class Episode {
    final String id;
    final String token;
    Observation turn;
    boolean over;

    Episode(CreateSessionResponse created) {
      id = created.getSessionId();
      token = created.getToken();
      update(created.getStatus(), created.getObservationsList());
    }

    void update(SessionStatus status, List<Observation> observations) {
      over = status.getEndStatus() != EndStatus.END_STATUS_RUNNING;
      turn = over ? null : observations.stream().filter(Observation::getToAct).findFirst().orElseThrow();
    }

    StepRequest step(SplittableRandom random) {
      int action = turn.getLegalActions(random.nextInt(turn.getLegalActionsCount()));
      return StepRequest.newBuilder().setSessionId(id).setToken(token).setSeat(turn.getSeat())
          .setAction(Action.newBuilder().setIndex(action)).setView(view).build();
    }

    ResetRequest reset() {
      return ResetRequest.newBuilder().setSessionId(id).setToken(token).setView(view).build();
    }
  }

  private Episode open(Stepper stepper, long episodeSeed) {
    CreateSessionRequest.Builder request = CreateSessionRequest.newBuilder()
        .setGame(game).setSeed(episodeSeed).setView(view);
    for (int seat = 0; seat < players; seat++) {
      request.addSeats(seat);
    }
    return new Episode(stepper.create(request.build()));
  }

  /**
   * Unary steps one at a time for {@code duration} after a warm-up; {@code sizes}, when not null,
   * receives the average request and response sizes.
   */
  public Result unarySteps(Stepper stepper, Duration warmUp, Duration duration, StepSizes[] sizes) {
    Episode episode = open(stepper, seed);
    SplittableRandom random = new SplittableRandom(seed);
    unaryLoop(stepper, episode, random, warmUp, null);
    return unaryLoop(stepper, episode, random, duration, sizes);
  }

  private Result unaryLoop(Stepper stepper, Episode episode, SplittableRandom random, Duration duration,
      StepSizes[] sizes) {
    LongList latencies = new LongList();
    long requestBytes = 0;
    long responseBytes = 0;
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long elapsed = 0;
    while (System.nanoTime() < end) {
      if (episode.over) {
        ResetResponse reset = stepper.reset(episode.reset());
        episode.update(reset.getStatus(), reset.getObservationsList());
        continue;
      }
      StepRequest request = episode.step(random);
      long t0 = System.nanoTime();
      StepResponse response = stepper.step(request);
      long took = System.nanoTime() - t0;
      elapsed += took;
      latencies.add(took);
      if (sizes != null) {
        requestBytes += request.getSerializedSize();
        responseBytes += response.getSerializedSize();
      }
      episode.update(response.getStatus(), response.getObservationsList());
    }
    if (sizes != null && latencies.size() > 0) {
      sizes[0] = new StepSizes((int) (requestBytes / latencies.size()), (int) (responseBytes / latencies.size()));
    }
    // Steps per second of time spent in steps (resets excluded).
    return new Result(latencies.size(), elapsed / 1e9, latencies.toArray());
  }

  /** Unary steps and echoes of the same sizes: {@code [steps, echoes, sizes]}. */
  public record BesideEcho(Result steps, Result echoes, StepSizes sizes) {}

  /**
   * Unary steps beside unary echoes of the same request and response sizes, alternating call by
   * call (and which goes first) so that both meet the same conditions: JIT, garbage collection,
   * other load on the machine. A warm-up of steps first measures the sizes, then a warm-up of both.
   */
  public BesideEcho unaryStepsBesideEchoes(ManagedChannel channel, Duration warmUp, Duration duration) {
    Stepper stepper = over(channel);
    Episode episode = open(stepper, seed);
    SplittableRandom random = new SplittableRandom(seed);
    StepSizes[] sizes = new StepSizes[1];
    // At least a few steps, even without a warm-up: they give the sizes the echo copies.
    unaryLoop(stepper, episode, random, warmUp.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : warmUp,
        sizes);
    EchoGrpc.EchoBlockingStub echo = EchoGrpc.newBlockingStub(channel);
    EchoRequest echoRequest = echoRequest(sizes[0]);
    LongList stepNanos = new LongList();
    LongList echoNanos = new LongList();
    long stepTotal = 0;
    long echoTotal = 0;
    for (int phase = 0; phase < 2; phase++) { // an alternating warm-up, then the measurement
      stepNanos = new LongList();
      echoNanos = new LongList();
      stepTotal = 0;
      echoTotal = 0;
      long end = System.nanoTime() + (phase == 0 ? warmUp : duration).toNanos();
      while (System.nanoTime() < end) {
        if (episode.over) {
          ResetResponse reset = stepper.reset(episode.reset());
          episode.update(reset.getStatus(), reset.getObservationsList());
        }
        StepRequest request = episode.step(random);
        // Alternate which call goes first: on this machine the first call after the client's own
        // work measured about 20% slower than the one right after it; neither should pay it alone.
        boolean stepFirst = (stepNanos.size() & 1) == 0;
        long echoTook = 0;
        if (!stepFirst) {
          long e0 = System.nanoTime();
          echo.echo(echoRequest);
          echoTook = System.nanoTime() - e0;
        }
        long t0 = System.nanoTime();
        StepResponse response = stepper.step(request);
        long stepTook = System.nanoTime() - t0;
        if (stepFirst) {
          long e0 = System.nanoTime();
          echo.echo(echoRequest);
          echoTook = System.nanoTime() - e0;
        }
        episode.update(response.getStatus(), response.getObservationsList());
        stepNanos.add(stepTook);
        echoNanos.add(echoTook);
        stepTotal += stepTook;
        echoTotal += echoTook;
      }
    }
    return new BesideEcho(new Result(stepNanos.size(), stepTotal / 1e9, stepNanos.toArray()),
        new Result(echoNanos.size(), echoTotal / 1e9, echoNanos.toArray()), sizes[0]);
  }

  /** An echo request serialized to the step request's size, asking for the step response's size. */
  static EchoRequest echoRequest(StepSizes sizes) {
    int responsePayload = Math.max(0, sizes.responseBytes() - 3);
    while (responsePayload > 0 && echoResponseSize(responsePayload) > sizes.responseBytes()) {
      responsePayload--;
    }
    int payload = Math.max(0, sizes.requestBytes() - 8);
    EchoRequest request;
    do {
      request = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[payload]))
          .setResponseSize(responsePayload).build();
      payload++;
    } while (request.getSerializedSize() < sizes.requestBytes());
    return request;
  }

  /** The serialized size of an echo response with a payload of n bytes. */
  private static int echoResponseSize(int payload) {
    return io.sparring.proto.v1.EchoResponse.newBuilder()
        .setPayload(ByteString.copyFrom(new byte[payload])).build().getSerializedSize();
  }

  /**
   * Steps over one Play stream, {@code sessions} sessions with one request each in flight: the
   * client never waits for a round trip before sending the next session's step.
   */
  public Result playStream(ManagedChannel channel, int sessions, Duration warmUp, Duration duration)
      throws InterruptedException {
    Stepper unary = over(channel);
    List<Episode> episodes = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      episodes.add(open(unary, seed + i));
    }
    streamRun(channel, episodes, warmUp);
    return streamRun(channel, episodes, duration);
  }

  private Result streamRun(ManagedChannel channel, List<Episode> episodes, Duration duration)
      throws InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    AtomicLong steps = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    long end = System.nanoTime() + duration.toNanos();
    int[] inFlight = {0};
    Throwable[] failure = new Throwable[1];
    Object lock = new Object();
    @SuppressWarnings("unchecked")
    StreamObserver<PlayRequest>[] requests = new StreamObserver[1];
    StreamObserver<PlayResponse> responses = new StreamObserver<>() {
      @Override
      public void onNext(PlayResponse response) {
        synchronized (lock) {
          inFlight[0]--;
          Episode episode = episodes.get((int) response.getId());
          if (response.hasError()) {
            failure[0] = new IllegalStateException(response.getError().getMessage());
          } else if (response.hasStep()) {
            steps.incrementAndGet();
            episode.update(response.getStep().getStatus(), response.getStep().getObservationsList());
          } else {
            episode.update(response.getReset().getStatus(), response.getReset().getObservationsList());
          }
          if (failure[0] == null && System.nanoTime() < end) {
            send(requests[0], episode, (int) response.getId(), random, inFlight);
          } else if (inFlight[0] == 0) {
            requests[0].onCompleted();
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        failure[0] = t;
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    };
    long start = System.nanoTime();
    synchronized (lock) {
      requests[0] = EnvironmentGrpc.newStub(channel).play(responses);
      for (int i = 0; i < episodes.size(); i++) {
        send(requests[0], episodes.get(i), i, random, inFlight);
      }
    }
    if (!done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the Play stream did not finish");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure[0] != null) {
      throw new IllegalStateException("Play stream failed: " + failure[0], failure[0]);
    }
    return new Result(steps.get(), seconds, new long[0]);
  }

  private static void send(StreamObserver<PlayRequest> requests, Episode episode, int id,
      SplittableRandom random, int[] inFlight) {
    PlayRequest.Builder request = PlayRequest.newBuilder().setId(id);
    if (episode.over) {
      request.setReset(episode.reset());
    } else {
      request.setStep(episode.step(random));
    }
    inFlight[0]++;
    requests.onNext(request.build());
  }

  /** BatchStep calls, each stepping every running session of {@code sessions} and resetting the rest. */
  public Result batches(ManagedChannel channel, int sessions, Duration warmUp, Duration duration) {
    EnvironmentGrpc.EnvironmentBlockingStub stub = EnvironmentGrpc.newBlockingStub(channel);
    Stepper unary = over(channel);
    List<Episode> episodes = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      episodes.add(open(unary, seed + i));
    }
    SplittableRandom random = new SplittableRandom(seed);
    batchRun(stub, episodes, random, warmUp);
    return batchRun(stub, episodes, random, duration);
  }

  private Result batchRun(EnvironmentGrpc.EnvironmentBlockingStub stub, List<Episode> episodes,
      SplittableRandom random, Duration duration) {
    LongList latencies = new LongList();
    long steps = 0;
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    while (System.nanoTime() < end) {
      BatchStepRequest.Builder batch = BatchStepRequest.newBuilder();
      List<Episode> resetting = new ArrayList<>();
      List<Episode> stepping = new ArrayList<>();
      for (Episode episode : episodes) {
        if (episode.over) {
          batch.addResets(episode.reset());
          resetting.add(episode);
        } else {
          batch.addSteps(episode.step(random));
          stepping.add(episode);
        }
      }
      long t0 = System.nanoTime();
      BatchStepResponse response = stub.batchStep(batch.build());
      latencies.add(System.nanoTime() - t0);
      for (int i = 0; i < resetting.size(); i++) {
        ResetResult result = response.getResets(i);
        check(result.hasError(), result.getError());
        resetting.get(i).update(result.getResponse().getStatus(), result.getResponse().getObservationsList());
      }
      for (int i = 0; i < stepping.size(); i++) {
        StepResult result = response.getSteps(i);
        check(result.hasError(), result.getError());
        stepping.get(i).update(result.getResponse().getStatus(), result.getResponse().getObservationsList());
      }
      steps += stepping.size();
    }
    return new Result(steps, (System.nanoTime() - start) / 1e9, latencies.toArray());
  }

  private static void check(boolean failed, io.sparring.proto.v1.Status error) {
    if (failed) {
      throw new IllegalStateException("a batch item failed: " + error.getMessage());
    }
  }

  /** A growable array of longs, so that recording a latency allocates nothing. */
  private static final class LongList {
    private long[] values = new long[1 << 14];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int size() {
      return size;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
