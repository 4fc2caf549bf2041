package io.sparring.rpc.environment;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.EchoGrpc;
import io.sparring.proto.v1.EchoRequest;
import io.sparring.proto.v1.EchoResponse;

/** The Echo service: a payload of the requested size, to measure the transport alone. */
final class EchoService extends EchoGrpc.EchoImplBase {
  private final int maxBytes;

  EchoService(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void echo(EchoRequest request, StreamObserver<EchoResponse> responses) {
    if (request.getResponseSize() < 0) {
      responses.onError(Errors.invalidArgument(
          "response_size %d is negative; ask for 0 or more bytes".formatted(request.getResponseSize())));
      return;
    }
    if (request.getResponseSize() > maxBytes) {
      responses.onError(Errors.invalidArgument(
          "response_size %d is above the server's maximum message size of %d bytes"
              .formatted(request.getResponseSize(), maxBytes)));
      return;
    }
    responses.onNext(EchoResponse.newBuilder()
        .setPayload(ByteString.copyFrom(new byte[request.getResponseSize()]))
        .build());
    responses.onCompleted();
  }
}
