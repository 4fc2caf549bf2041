package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.EnvironmentServiceTest.awaitTrue;
import static io.sparring.rpc.environment.EnvironmentServiceTest.queueInto;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.proto.v1.ObserveRequest;
import io.sparring.proto.v1.PlayRequest;
import io.sparring.proto.v1.PlayResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that vanishes in the middle of a Play stream, with a call still waiting: its channel is
 * torn down without a goodbye. The server frees what the stream held (the session it created, the
 * seat it joined) and goes on serving everyone else.
 */
class VanishingClientTest {
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  @Test
  void aClientThatVanishesMidStreamLeavesNothingBehind() throws Exception {
    EnvironmentServer server = grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), TestSessions.config()).start());
    ManagedChannel staying = grpc.register(
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build());
    var owner = EnvironmentGrpc.newBlockingStub(staying);
    CreateSessionResponse shared = owner.withDeadlineAfter(10, TimeUnit.SECONDS).createSession(
        CreateSessionRequest.newBuilder().setGame("tic_tac_toe").addSeats(0).build());

    ManagedChannel vanishing = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    StreamObserver<PlayRequest> stream = EnvironmentGrpc.newStub(vanishing).play(queueInto(answers));
    stream.onNext(PlayRequest.newBuilder().setId(1).setCreate(
        CreateSessionRequest.newBuilder().setGame("kuhn_poker").addSeats(0)).build());
    stream.onNext(PlayRequest.newBuilder().setId(2).setJoin(
        JoinSessionRequest.newBuilder().setSessionId(shared.getSessionId()).addSeats(1)).build());
    PlayResponse created = (PlayResponse) answers.poll(10, TimeUnit.SECONDS);
    PlayResponse joined = (PlayResponse) answers.poll(10, TimeUnit.SECONDS);
    assertEquals(List.of(1), joined.getJoin().getSeatsList());
    // a call left waiting: seat 1 waits for its turn, which comes only after seat 0 moves
    stream.onNext(PlayRequest.newBuilder().setId(3).setObserve(ObserveRequest.newBuilder()
        .setSessionId(shared.getSessionId()).setToken(joined.getJoin().getToken()).setWaitForTurn(true)).build());
    assertEquals(2, server.sessions().size());

    vanishing.shutdownNow(); // no onCompleted, no cancel: the connection is just gone
    assertTrue(vanishing.awaitTermination(10, TimeUnit.SECONDS));

    awaitTrue(() -> server.sessions().size() == 1, "the session made on the vanished stream is closed");
    awaitTrue(() -> owner.withDeadlineAfter(10, TimeUnit.SECONDS).observe(ObserveRequest.newBuilder().setSessionId(shared.getSessionId())
        .setToken(shared.getToken()).build()).getStatus().getFreeSeatsList().equals(List.of(1)),
        "the seat the vanished client held is free again");
    assertTrue(!created.getCreate().getSessionId().isEmpty());
    assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(staying).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus());
    assertEquals(List.of(1), owner.withDeadlineAfter(10, TimeUnit.SECONDS).joinSession(JoinSessionRequest.newBuilder()
        .setSessionId(shared.getSessionId()).build()).getSeatsList(), "another client takes the seat");
  }
}
