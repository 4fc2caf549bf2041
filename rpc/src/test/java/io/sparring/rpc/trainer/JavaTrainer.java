package io.sparring.rpc.trainer;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.common.hash.Hashing;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.Ack;
import io.sparring.proto.v1.ExperienceBatch;
import io.sparring.proto.v1.ExperienceServiceGrpc;
import io.sparring.proto.v1.Grant;
import io.sparring.proto.v1.MlpWeights;
import io.sparring.proto.v1.PolicyHeader;
import io.sparring.proto.v1.PolicyServiceGrpc;
import io.sparring.proto.v1.PublishRequest;
import io.sparring.proto.v1.PublishResponse;
import io.sparring.proto.v1.ServedModel;
import io.sparring.proto.v1.SubscribeRequest;
import io.sparring.proto.v1.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A trainer in Java for the tests: subscribes, counts, acknowledges, grants and publishes. */
public final class JavaTrainer implements AutoCloseable {
  final BlockingQueue<ExperienceBatch> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Throwable> ended = new CompletableFuture<>();
  private final StreamObserver<SubscribeRequest> requests;
  private final ManagedChannel channel;
  private final Set<Long> seen = new HashSet<>();
  int duplicates;

  JavaTrainer(ManagedChannel channel, String player, long afterSequence, int credit) {
    this.channel = channel;
    this.requests = ExperienceServiceGrpc.newStub(channel).subscribe(new StreamObserver<>() {
      @Override
      public void onNext(ExperienceBatch batch) {
        received.add(batch);
      }

      @Override
      public void onError(Throwable t) {
        ended.complete(t);
      }

      @Override
      public void onCompleted() {
        ended.complete(null);
      }
    });
    requests.onNext(SubscribeRequest.newBuilder().setSubscription(Subscription.newBuilder().setPlayer(player)
        .setAfterSequence(afterSequence).setCredit(credit)).build());
  }

  /** The next batch not seen before (duplicates are counted and dropped), waiting up to 60 s. */
  ExperienceBatch next() throws InterruptedException {
    while (true) {
      ExperienceBatch batch = received.poll(60, TimeUnit.SECONDS);
      assertNotNull(batch, "no batch arrived within 60 s");
      if (seen.add(batch.getSequence())) {
        return batch;
      }
      duplicates++;
    }
  }

  void grant(int batches) {
    synchronized (requests) {
      requests.onNext(SubscribeRequest.newBuilder().setGrant(Grant.newBuilder().setBatches(batches)).build());
    }
  }

  void ack(long sequence) {
    synchronized (requests) {
      requests.onNext(SubscribeRequest.newBuilder().setAck(Ack.newBuilder().setSequence(sequence)).build());
    }
  }

  @Override
  public void close() {
    synchronized (requests) {
      requests.onCompleted();
    }
  }

  /** Publishes mlp.json bytes as a version, in chunks of {@code chunk} bytes, with their SHA-256 (or another). */
  static PublishResponse publish(ManagedChannel channel, String player, long version, byte[] json, String sha256,
      int chunk) throws Exception {
    CompletableFuture<PublishResponse> answer = new CompletableFuture<>();
    StreamObserver<PublishRequest> call = PolicyServiceGrpc.newStub(channel).publish(observer(answer));
    call.onNext(PublishRequest.newBuilder().setHeader(PolicyHeader.newBuilder().setPlayer(player).setVersion(version)
        .setMlp(MlpWeights.newBuilder().setSize(json.length).setSha256(sha256))).build());
    for (int at = 0; at < json.length; at += chunk) {
      call.onNext(PublishRequest.newBuilder()
          .setWeights(ByteString.copyFrom(json, at, Math.min(chunk, json.length - at))).build());
    }
    call.onCompleted();
    return answer.get(60, TimeUnit.SECONDS);
  }

  public static PublishResponse publish(ManagedChannel channel, String player, long version, byte[] json)
      throws Exception {
    return publish(channel, player, version, json, Hashing.sha256().hashBytes(json).toString(), 1 << 20);
  }

  static PublishResponse publishModel(ManagedChannel channel, String player, long version, String name)
      throws Exception {
    CompletableFuture<PublishResponse> answer = new CompletableFuture<>();
    StreamObserver<PublishRequest> call = PolicyServiceGrpc.newStub(channel).publish(observer(answer));
    call.onNext(PublishRequest.newBuilder().setHeader(PolicyHeader.newBuilder().setPlayer(player).setVersion(version)
        .setModel(ServedModel.newBuilder().setName(name))).build());
    call.onCompleted();
    return answer.get(60, TimeUnit.SECONDS);
  }

  private static StreamObserver<PublishResponse> observer(CompletableFuture<PublishResponse> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(PublishResponse response) {
        answer.complete(response);
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  /**
   * A linear policy's mlp.json (no hidden layer): zero weights, so every state plays the softmax
   * of {@code biases} over its legal actions.
   */
  public static byte[] linearPolicy(int inputs, double... biases) {
    StringBuilder json = new StringBuilder("{\"network\": \"mlp(hidden=[], activation=tanh)\", \"inputs\": " + inputs
        + ", \"actions\": " + biases.length + ", \"layers\": [");
    json.append(layer(inputs, biases)).append(", ").append(layer(inputs, 0.0)).append("]}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String layer(int inputs, double... biases) {
    double[] zeros = new double[inputs * biases.length];
    return String.format(Locale.ROOT, "{\"inputs\": %d, \"outputs\": %d, \"weight\": %s, \"bias\": %s}", inputs,
        biases.length, Arrays.toString(zeros), Arrays.toString(biases));
  }
}
