package io.sparring.training.neural;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One policy network's forward passes for many concurrent callers, evaluated in batches (SEED RL's
 * central inference). A caller's {@link #logits} blocks while a worker thread collects requests
 * until it holds {@code maxBatch} of them or {@code maxWaitNanos} have passed since the first, runs
 * them as one forward pass and hands each caller its row. Callers must be many (concurrent matches
 * on virtual threads) for batches to fill; one caller gets batches of one. The {@code JAVA} engine
 * has a worker per core; {@code DJL} has one, as the engine spreads each pass over the cores itself
 * (and a GPU runs one pass at a time).
 *
 * <p>The pass runs on one of two {@link Engine}s. {@code JAVA} gives every row bit for bit what
 * {@link MlpPolicy#logits(float[])} gives, so a league plays the same matches however requests were
 * grouped. {@code DJL} runs the pass on the PyTorch engine (a GPU where DJL has one), whose
 * results for a row differ in the last bits with the batch around it, so a run is then
 * reproducible only up to that rounding.
 *
 * <p>The weights are replaced by {@link #load} between uses (the league loads the learner's policy
 * before each batch of matches). Closing the queue stops the workers and frees the weights' native
 * copy; callers still waiting get an exception.
 */
final class InferenceQueue implements AutoCloseable {
  /** Where a batch's forward pass runs. */
  enum Engine {
    JAVA,
    DJL
  }

  private record Request(float[] input, CompletableFuture<float[]> logits) {}

  private final Engine engine;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong evaluated = new AtomicLong();
  private volatile MlpPolicy policy;
  private volatile DjlMlp network;
  private volatile boolean closed;

  InferenceQueue(MlpPolicy policy, Engine engine, int maxBatch, long maxWaitNanos) {
    this.engine = engine;
    checkArgument(maxBatch >= 1, "the batch size must be >= 1, got %s", maxBatch);
    checkArgument(maxWaitNanos >= 0, "the wait bound must be >= 0, got %s", maxWaitNanos);
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWaitNanos;
    load(policy);
    int count = engine == Engine.JAVA ? Runtime.getRuntime().availableProcessors() : 1;
    for (int i = 0; i < count; i++) {
      workers.add(Thread.ofPlatform().daemon().name("sparring-inference-" + i).start(this::serve));
    }
  }

  /** Evaluates {@code policy} from now on; a no-op if it is the one already loaded. */
  synchronized void load(MlpPolicy next) {
    if (next == policy) {
      return;
    }
    DjlMlp previous = network;
    network = engine == Engine.DJL ? new DjlMlp(next, false) : null;
    policy = next;
    if (previous != null) {
      previous.close();
    }
  }

  /** The policy head's logits for one information-state tensor, evaluated in some batch. */
  float[] logits(float[] input) {
    checkArgument(input.length == policy.inputs(), "the network reads %s inputs, got %s",
        policy.inputs(), input.length);
    if (closed) {
      throw new IllegalStateException("the inference queue is closed");
    }
    CompletableFuture<float[]> result = new CompletableFuture<>();
    requests.add(new Request(input, result));
    try {
      while (true) {
        try {
          return result.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException slow) {
          if (workers.stream().noneMatch(Thread::isAlive)) { // closed after this request was queued
            throw new IllegalStateException("the inference queue is closed");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for inference", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("inference failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** The mean number of requests per forward pass so far. */
  double meanBatch() {
    long n = batches.get();
    return n == 0 ? 0 : (double) evaluated.get() / n;
  }

  private void serve() {
    List<Request> batch = new ArrayList<>(maxBatch);
    while (!closed) {
      try {
        Request first = requests.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatch) {
          requests.drainTo(batch, maxBatch - batch.size());
          long left = deadline - System.nanoTime();
          if (batch.size() >= maxBatch || left <= 0) {
            break;
          }
          Request next = requests.poll(left, TimeUnit.NANOSECONDS);
          if (next != null) {
            batch.add(next);
          }
        }
        evaluate(batch);
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        batch.forEach(r -> r.logits().completeExceptionally(e));
      }
      batch.clear();
    }
    IllegalStateException stopped = new IllegalStateException("the inference queue is closed");
    batch.forEach(r -> r.logits().completeExceptionally(stopped));
    requests.forEach(r -> r.logits().completeExceptionally(stopped));
  }

  private void evaluate(List<Request> batch) {
    int n = batch.size();
    if (engine == Engine.DJL) {
      evaluateOnDjl(batch);
      return;
    }
    float[][] inputs = new float[n][];
    for (int i = 0; i < n; i++) {
      inputs[i] = batch.get(i).input();
    }
    float[][] logits = policy.logits(inputs); // immutable: no lock, whatever load() does meanwhile
    count(n);
    for (int i = 0; i < n; i++) {
      batch.get(i).logits().complete(logits[i]);
    }
  }

  /** Holds the lock so that {@link #load} cannot free the weights during the pass. */
  private synchronized void evaluateOnDjl(List<Request> batch) {
    int n = batch.size();
    int inputs = policy.inputs();
    int actions = policy.actions();
    float[] x = new float[n * inputs];
    for (int i = 0; i < n; i++) {
      System.arraycopy(batch.get(i).input(), 0, x, i * inputs, inputs);
    }
    float[] logits;
    try (NDManager pass = network.manager().newSubManager()) {
      NDArray in = pass.create(x, new Shape(n, inputs));
      logits = network.forward(in).get(0).toFloatArray();
    }
    count(n);
    for (int i = 0; i < n; i++) {
      float[] row = new float[actions];
      System.arraycopy(logits, i * actions, row, 0, actions);
      batch.get(i).logits().complete(row);
    }
  }

  private void count(int n) {
    batches.incrementAndGet();
    evaluated.addAndGet(n);
  }

  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    try {
      for (Thread worker : workers) {
        worker.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (network != null) {
        network.close();
      }
    }
  }
}
