package io.sparring.rpc.trainer;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sparring.core.game.Game;
import io.sparring.proto.v1.ExperienceBatch;
import io.sparring.training.AgentPolicy;
import io.sparring.training.AgentSnapshots;
import io.sparring.training.ExternalLearner;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Provenance;
import io.sparring.training.Snapshots;
import io.sparring.training.neural.MlpSnapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One external learner of a league: the versions its trainer published, the experience not yet
 * acknowledged, and the trainer's subscription. The league offers experience and waits in {@link
 * #awaitBatch}; the services subscribe, grant, acknowledge and publish. One lock guards it all, so
 * a batch is sent on the stream by one thread at a time.
 */
final class ExternalPlayer implements ExternalLearner {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalPlayer.class);
  private static final long WAIT_REPORT_SECONDS = 10;

  private final String name;
  private final String learnerSpec;
  private final ExternalLearners.Settings settings;
  private final int inputs;
  private final int actions;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Unacknowledged experience by sequence number: bounded by {@code settings.queue()}. */
  private final TreeMap<Long, ExperienceBatch> outbox = new TreeMap<>();
  private Version current;
  private long acknowledged;
  private int lastBatch; // the last batch awaitBatch let begin
  private Subscription subscription; // null while no trainer is subscribed

  ExternalPlayer(String name, String learnerSpec, ExternalLearners.Settings settings, Game game) {
    this.name = requireNonNull(name);
    this.learnerSpec = requireNonNull(learnerSpec);
    this.settings = settings;
    this.inputs = game.informationStateTensorShape().stream().reduce(1, Math::multiplyExact);
    this.actions = game.numDistinctActions();
    this.current = initialVersion();
  }

  String name() {
    return name;
  }

  ExternalLearners.Settings settings() {
    return settings;
  }

  /** Version 0: uniform play for MLP weights (an empty table), the base model for a served model. */
  private Version initialVersion() {
    if (settings.policy().equals(ExternalLearners.MODEL)) {
      return modelVersion(0, settings.model());
    }
    String emptyTable = "{\"actions\":" + actions + ",\"logits\":{}}";
    return new Version(0, LearnedPolicy.uniform(), "tabular", "logits.json",
        directory -> Files.writeString(directory.resolve("logits.json"), emptyTable, StandardCharsets.UTF_8));
  }

  private Version modelVersion(long number, String model) {
    AgentPolicy policy = new AgentPolicy(settings.agent().replace("{model}", model));
    return new Version(number, policy, AgentSnapshots.KIND, AgentSnapshots.WEIGHTS, AgentSnapshots.writer(policy));
  }

  // ---- the league's side ----

  @Override
  public Version awaitBatch(int batch) throws InterruptedException {
    lock.lock();
    try {
      long waitedSince = System.nanoTime();
      long reported = 0;
      while (waitingFor(batch) != null) {
        changed.await(1, TimeUnit.SECONDS);
        long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - waitedSince);
        if (waited / WAIT_REPORT_SECONDS > reported && waitingFor(batch) != null) {
          reported = waited / WAIT_REPORT_SECONDS;
          LOG.info("batch {} has waited {} s for the trainer of {}: {}", batch, waited, name, waitingFor(batch));
        }
      }
      lastBatch = Math.max(lastBatch, batch);
      return current;
    } finally {
      lock.unlock();
    }
  }

  /** Why batch {@code batch} may not begin yet, or null when it may. */
  private String waitingFor(int batch) {
    String trainer = subscription == null ? "; no trainer is subscribed" : "";
    long needed = settings.neededVersion(batch);
    if (current.number() < needed) {
      return "it needs version " + needed + " (max_staleness " + settings.maxStaleness() + ", batches_per_version "
          + settings.batchesPerVersion() + "), and version " + current.number() + " is the newest" + trainer;
    }
    if (outbox.size() >= settings.queue()) {
      return outbox.size() + " batches of experience are unacknowledged (queue " + settings.queue() + ")" + trainer;
    }
    return null;
  }

  @Override
  public void offer(ExperienceBatch experience) {
    lock.lock();
    try {
      if (experience.getSequence() > acknowledged) {
        outbox.put(experience.getSequence(), experience);
        drain();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long acknowledged() {
    lock.lock();
    try {
      return acknowledged;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void restore(long acknowledged, long version, LearnedPolicy policy) {
    lock.lock();
    try {
      this.acknowledged = acknowledged;
      if (policy != null) {
        current = policy instanceof AgentPolicy agent
            ? new Version(version, agent, AgentSnapshots.KIND, AgentSnapshots.WEIGHTS, AgentSnapshots.writer(agent))
            : new Version(version, policy, "restored", "", directory -> {
              throw new IllegalStateException("version " + version + " of " + name + " is a snapshot already");
            });
      }
    } finally {
      lock.unlock();
    }
  }

  /** Unacknowledged batches held now. */
  int queued() {
    lock.lock();
    try {
      return outbox.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code millis} for the trainer to acknowledge everything offered; whether it did. */
  boolean awaitDrained(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lock();
    try {
      while (!outbox.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public LearnedPolicy policy() {
    lock.lock();
    try {
      return current.policy();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public LearnedPolicy freeze() {
    return policy(); // versions never change once published
  }

  @Override
  public void save(Path directory, Provenance provenance) throws IOException {
    Version version;
    lock.lock();
    try {
      version = current;
    } finally {
      lock.unlock();
    }
    Snapshots.write(directory, version.kind(), version.weightsFile(), provenance, version.weights());
  }

  // ---- the trainer's side ----

  /** A trainer's stream: the batches it may still receive (credit) and the last one sent. */
  private static final class Subscription {
    final StreamObserver<ExperienceBatch> stream;
    long credit;
    long sentThrough;
    boolean closed;

    Subscription(StreamObserver<ExperienceBatch> stream, long credit, long sentThrough) {
      this.stream = stream;
      this.credit = credit;
      this.sentThrough = sentThrough;
    }
  }

  /**
   * Starts a trainer's subscription, ending an earlier one with ABORTED; it has every batch up to
   * {@code afterSequence}, which counts as acknowledged.
   */
  Object subscribe(StreamObserver<ExperienceBatch> stream, long afterSequence, int credit) {
    lock.lock();
    try {
      if (subscription != null) {
        end(subscription, Status.ABORTED.withDescription("a newer subscription to player " + name + " replaced this one"));
      }
      subscription = new Subscription(stream, credit, afterSequence);
      acknowledge(afterSequence);
      LOG.info("a trainer subscribed to {} after sequence {} with credit {}", name, afterSequence, credit);
      drain();
      return subscription;
    } finally {
      lock.unlock();
    }
  }

  void grant(Object handle, int batches) {
    lock.lock();
    try {
      if (handle == subscription) {
        subscription.credit += batches;
        drain();
      }
    } finally {
      lock.unlock();
    }
  }

  void acknowledge(Object handle, long sequence) {
    lock.lock();
    try {
      if (handle == subscription) {
        acknowledge(sequence);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends a subscription whose stream closed or failed; a later one may take its place. */
  void unsubscribe(Object handle, Status status) {
    lock.lock();
    try {
      if (handle == subscription) {
        end(subscription, status);
        subscription = null;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The run is over: the trainer's stream ends normally (it has everything the league will send). */
  void endSubscription() {
    lock.lock();
    try {
      if (subscription != null) {
        end(subscription, Status.OK);
        subscription = null;
      }
    } finally {
      lock.unlock();
    }
  }

  private void acknowledge(long sequence) {
    if (sequence > acknowledged) {
      acknowledged = sequence;
      outbox.headMap(sequence, true).clear();
      changed.signalAll();
    }
  }

  /** Sends what the credit allows, in sequence order; a failed send ends the subscription. */
  private void drain() {
    Subscription s = subscription;
    while (s != null && !s.closed && s.credit > 0) {
      Map.Entry<Long, ExperienceBatch> next = outbox.higherEntry(s.sentThrough);
      if (next == null) {
        return;
      }
      try {
        s.stream.onNext(next.getValue());
      } catch (StatusRuntimeException | IllegalStateException gone) { // cancelled by the trainer
        s.closed = true;
        subscription = null;
        return;
      }
      s.sentThrough = next.getKey();
      s.credit--;
    }
  }

  private static void end(Subscription s, Status status) {
    if (s.closed) {
      return;
    }
    s.closed = true;
    try {
      if (status.isOk()) {
        s.stream.onCompleted();
      } else {
        s.stream.onError(status.asRuntimeException());
      }
    } catch (StatusRuntimeException | IllegalStateException alreadyGone) {
      // the trainer cancelled first
    }
  }

  // ---- publishing ----

  /**
   * Accepts MLP weights as version {@code number} (of a player that plays them: {@link
   * #requireKind}), or throws the status that refuses them; the league keeps playing the last good
   * version after a refusal.
   */
  Version publishWeights(long number, byte[] json) {
    LearnedPolicy policy;
    try {
      policy = MlpSnapshots.parse(json, "the weights of " + name + " version " + number, inputs, actions);
    } catch (IOException invalid) {
      throw Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
    }
    // json is the publish's own array (up to 64 MiB), held by the version rather than copied
    return accept(new Version(number, policy, MlpSnapshots.KIND, MlpSnapshots.WEIGHTS,
        directory -> Files.write(directory.resolve(MlpSnapshots.WEIGHTS), json)));
  }

  /** Accepts a served model as version {@code number} (its endpoint already checked). */
  Version publishModel(long number, String model) {
    return accept(modelVersion(number, model));
  }

  /** The version a publish must exceed. */
  long newestVersion() {
    lock.lock();
    try {
      return current.number();
    } finally {
      lock.unlock();
    }
  }

  /** The first batch a version accepted now will be played in. */
  int nextBatch() {
    lock.lock();
    try {
      return lastBatch + 1;
    } finally {
      lock.unlock();
    }
  }

  /** Refuses a publish of another kind than this player plays. */
  void requireKind(String kind, String what) {
    if (!settings.policy().equals(kind)) {
      throw Status.FAILED_PRECONDITION.withDescription("player " + name + " plays " + settings.policy()
          + " versions (" + learnerSpec + "), not " + what).asRuntimeException();
    }
  }

  private Version accept(Version version) {
    lock.lock();
    try {
      if (version.number() <= current.number()) {
        throw Status.FAILED_PRECONDITION.withDescription("version " + version.number() + " of " + name
            + " is not above the newest accepted version, " + current.number()).asRuntimeException();
      }
      current = version;
      changed.signalAll();
      LOG.info("accepted version {} of {}", version.number(), name);
      return version;
    } finally {
      lock.unlock();
    }
  }
}
