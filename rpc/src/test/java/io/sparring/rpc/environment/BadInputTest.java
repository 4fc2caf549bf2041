package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.TestSessions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.StepRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests a client should not send: bytes that are no message, and input too long to echo. */
class BadInputTest {
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  /** Sends and receives raw bytes, so a test can send what no generated stub would. */
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static <ReqT, RespT> MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<ReqT, RespT> method) {
    return method.toBuilder(BYTES, BYTES).build();
  }

  @Test
  void garbageBytesAreInvalidArgument() throws Exception {
    String name = InProcessServerBuilder.generateName();
    grpc.register(new EnvironmentServer(InProcessServerBuilder.forName(name).directExecutor(),
        TestSessions.sessions()).start());
    ManagedChannel channel = grpc.register(InProcessChannelBuilder.forName(name).directExecutor().build());
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2, 3, 4, 5};
    StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, raw(EnvironmentGrpc.getCreateSessionMethod()),
            CallOptions.DEFAULT, garbage));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains("sparring.v1.CreateSessionRequest"),
        e.getStatus().getDescription());
  }

  @Test
  void aLongBadSpecGivesAShortMessage() {
    try (Sessions sessions = TestSessions.sessions()) {
      String spec = "kuhn_poker(players=" + "9".repeat(10_000);
      StatusRuntimeException e = assertStatus(Status.Code.INVALID_ARGUMENT,
          () -> sessions.create(CreateSessionRequest.newBuilder().setGame(spec).build()), "more)");
      assertTrue(e.getStatus().getDescription().length() < 1000, e.getStatus().getDescription());
    }
  }

  @Test
  void aLongActionTextIsCutInTheMessage() {
    try (Sessions sessions = TestSessions.sessions()) {
      var created = sessions.create(CreateSessionRequest.newBuilder().setGame("tic_tac_toe").addSeats(0)
          .addSeats(1).build());
      String text = "x".repeat(10_000);
      StatusRuntimeException e = assertStatus(Status.Code.INVALID_ARGUMENT,
          () -> sessions.step(StepRequest.newBuilder().setSessionId(created.getSessionId())
              .setToken(created.getToken()).setSeat(0).setAction(TestSessions.name(text)).build()),
          "…(9800 more)");
      assertTrue(e.getStatus().getDescription().length() < 1000, e.getStatus().getDescription());
    }
  }
}
