package io.sparring.rpc.trainer;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.ExperienceBatch;
import io.sparring.proto.v1.ExperienceServiceGrpc;
import io.sparring.proto.v1.SubscribeRequest;

/** {@code sparring.v1.ExperienceService}: a trainer's subscription to an external player's experience. */
final class ExperienceService extends ExperienceServiceGrpc.ExperienceServiceImplBase {
  private final TrainerHub hub;

  ExperienceService(TrainerHub hub) {
    this.hub = hub;
  }

  @Override
  public StreamObserver<SubscribeRequest> subscribe(StreamObserver<ExperienceBatch> responses) {
    Requests requests = new Requests(responses);
    if (responses instanceof ServerCallStreamObserver<ExperienceBatch> call) {
      call.setOnCancelHandler(requests::cancelled); // the trainer went away: its credit goes with it
    }
    return requests;
  }

  /** One subscription's requests. gRPC calls these methods one at a time. */
  private final class Requests implements StreamObserver<SubscribeRequest> {
    private final StreamObserver<ExperienceBatch> responses;
    private volatile ExternalPlayer player;
    private volatile Object subscription;
    private boolean failed;

    Requests(StreamObserver<ExperienceBatch> responses) {
      this.responses = responses;
    }

    void cancelled() {
      ExternalPlayer subscribed = player;
      if (subscribed != null) {
        subscribed.unsubscribe(subscription, Status.CANCELLED);
      }
    }

    @Override
    public void onNext(SubscribeRequest request) {
      if (failed) {
        return;
      }
      try {
        switch (request.getKindCase()) {
          case SUBSCRIPTION -> {
            if (player != null) {
              throw invalid("this stream is subscribed to " + player.name() + " already");
            }
            var s = request.getSubscription();
            if (s.getCredit() < 0 || s.getAfterSequence() < 0) {
              throw invalid("credit and after_sequence must not be negative");
            }
            ExternalPlayer found = hub.player(s.getPlayer());
            subscription = found.subscribe(responses, s.getAfterSequence(), s.getCredit());
            player = found;
          }
          case GRANT -> {
            requireSubscription();
            if (request.getGrant().getBatches() < 0) {
              throw invalid("a grant must not be negative, got " + request.getGrant().getBatches());
            }
            player.grant(subscription, request.getGrant().getBatches());
          }
          case ACK -> {
            requireSubscription();
            player.acknowledge(subscription, request.getAck().getSequence());
          }
          default -> throw invalid("a request must hold a subscription, a grant or an ack");
        }
      } catch (StatusRuntimeException refused) {
        failed = true;
        if (player != null) {
          player.unsubscribe(subscription, refused.getStatus());
        } else {
          responses.onError(refused);
        }
      }
    }

    private void requireSubscription() {
      if (player == null) {
        throw invalid("the first request must be a subscription");
      }
    }

    @Override
    public void onError(Throwable t) {
      if (player != null) {
        player.unsubscribe(subscription, Status.CANCELLED);
      }
    }

    @Override
    public void onCompleted() {
      if (player != null) {
        player.unsubscribe(subscription, Status.OK);
      } else if (!failed) {
        responses.onCompleted();
      }
    }
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
