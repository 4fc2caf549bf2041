package io.sparring.rpc.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.PolicyHeader;
import io.sparring.proto.v1.PolicyServiceGrpc;
import io.sparring.proto.v1.PublishRequest;
import io.sparring.proto.v1.PublishResponse;
import io.sparring.training.ExternalLearner.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code sparring.v1.PolicyService}: a trainer publishes a new version of an external player. */
final class PolicyService extends PolicyServiceGrpc.PolicyServiceImplBase {
  static final int MAX_WEIGHTS = 64 << 20;
  static final int MAX_CHUNK = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TrainerHub hub;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  PolicyService(TrainerHub hub) {
    this.hub = hub;
  }

  @Override
  public StreamObserver<PublishRequest> publish(StreamObserver<PublishResponse> response) {
    return new StreamObserver<>() {
      private PolicyHeader header;
      private ExternalPlayer player;
      private final ByteArrayOutputStream weights = new ByteArrayOutputStream();
      private boolean failed;

      @Override
      public void onNext(PublishRequest request) {
        if (failed) {
          return;
        }
        try {
          if (request.hasHeader()) {
            if (header != null) {
              throw invalid("a publish has one header");
            }
            header = request.getHeader();
            player = hub.player(header.getPlayer());
            if (header.getVersion() <= player.newestVersion()) {
              throw Status.FAILED_PRECONDITION.withDescription("version " + header.getVersion() + " of "
                  + player.name() + " is not above the newest accepted version, " + player.newestVersion())
                  .asRuntimeException();
            }
            if (header.hasMlp() || header.hasModel()) { // the wrong kind is refused before its weights come
              player.requireKind(header.hasMlp() ? ExternalLearners.MLP : ExternalLearners.MODEL,
                  header.hasMlp() ? "MLP weights" : "a served model");
            }
            if (header.hasMlp() && (header.getMlp().getSize() <= 0 || header.getMlp().getSize() > MAX_WEIGHTS)) {
              throw invalid("mlp weights must be 1 byte to " + MAX_WEIGHTS + " bytes, the header says "
                  + header.getMlp().getSize());
            }
          } else {
            if (header == null) {
              throw invalid("the first message of a publish must be its header");
            }
            if (!header.hasMlp()) {
              throw invalid("only mlp weights come in chunks");
            }
            if (request.getWeights().size() > MAX_CHUNK) {
              throw invalid("a weights chunk is at most " + MAX_CHUNK + " bytes, got " + request.getWeights().size());
            }
            if (weights.size() + request.getWeights().size() > header.getMlp().getSize()) {
              throw invalid("more weights arrived than the header's size, " + header.getMlp().getSize());
            }
            request.getWeights().writeTo(weights);
          }
        } catch (StatusRuntimeException refused) {
          fail(refused);
        } catch (IOException impossible) {
          fail(Status.INTERNAL.withDescription(impossible.getMessage()).asRuntimeException());
        }
      }

      @Override
      public void onError(Throwable t) {
        failed = true; // the trainer gave up; nothing was accepted
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        try {
          if (header == null) {
            throw invalid("a publish needs a header");
          }
          Version version = switch (header.getPolicyCase()) {
            case MLP -> player.publishWeights(header.getVersion(), checkedWeights());
            case MODEL -> publishModel();
            default -> throw invalid("the header names neither mlp weights nor a model");
          };
          response.onNext(PublishResponse.newBuilder().setVersion(version.number()).setFirstBatch(player.nextBatch())
              .setModel(header.hasModel() ? servedName() : "").build());
          response.onCompleted();
        } catch (StatusRuntimeException refused) {
          fail(refused);
        }
      }

      private byte[] checkedWeights() {
        byte[] bytes = weights.toByteArray();
        if (bytes.length != header.getMlp().getSize()) {
          throw invalid("the header says " + header.getMlp().getSize() + " bytes of weights, " + bytes.length
              + " arrived");
        }
        String sha256 = Hashing.sha256().hashBytes(bytes).toString();
        if (!sha256.equals(header.getMlp().getSha256())) {
          throw invalid("the weights' SHA-256 is " + sha256 + ", the header says '" + header.getMlp().getSha256() + "'");
        }
        return bytes;
      }

      private String servedName() {
        return header.getModel().getName() + "@" + header.getVersion();
      }

      private Version publishModel() {
        String name = header.getModel().getName();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._/:-]*")) {
          throw invalid("a model name is letters, digits, '.', '_', '/', ':' and '-', got '" + name + "'");
        }
        awaitServed(player.settings(), servedName());
        return player.publishModel(header.getVersion(), servedName());
      }

      private void fail(StatusRuntimeException refused) {
        failed = true;
        response.onError(refused);
      }
    };
  }

  /** Polls the endpoint's model list until it names {@code model}, or refuses with UNAVAILABLE. */
  private void awaitServed(ExternalLearners.Settings settings, String model) {
    long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
    String last = "no answer yet";
    URI models = URI.create(settings.endpoint() + "/models");
    while (true) {
      try {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(models)
            .timeout(Duration.ofMillis(Math.min(left, 10_000))).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200 && lists(answer.body(), model)) {
          return;
        }
        last = "HTTP " + answer.statusCode() + (answer.statusCode() == 200 ? " without " + model : "");
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
      }
      if (System.nanoTime() > deadline) {
        throw Status.UNAVAILABLE.withDescription(models + " did not list " + model + " within "
            + settings.publishTimeout().toMillis() / 1000.0 + " s (" + last + "); load the version there, then publish"
            + " again").asRuntimeException();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
      }
    }
  }

  /** Whether an OpenAI-style model list ({@code {"data": [{"id": ...}]}}) names {@code model}. */
  private static boolean lists(String body, String model) {
    try {
      for (JsonNode entry : JSON.readTree(body).path("data")) {
        if (model.equals(entry.path("id").asText())) {
          return true;
        }
      }
      return false;
    } catch (IOException notJson) {
      return false;
    }
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
