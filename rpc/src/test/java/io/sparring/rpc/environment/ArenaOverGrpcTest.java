package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.TestSessions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.Dynamics;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.GameFacts;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.proto.v1.JoinSessionResponse;
import io.sparring.proto.v1.Side;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The arena on a real loopback socket: two clients each hold a side of a soccer match, act by
 * index, name, motor text and macro text, and the step is applied once all four seats have acted.
 */
class ArenaOverGrpcTest {
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  private EnvironmentGrpc.EnvironmentBlockingStub env;

  @BeforeEach
  void start() throws Exception {
    EnvironmentServer server = grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), TestSessions.sessions()).start());
    ManagedChannel channel = grpc.register(NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build());
    env = EnvironmentGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private StepResponse step(String session, String token, int seat, Action action) {
    return env.step(StepRequest.newBuilder().setSessionId(session).setToken(token).setSeat(seat)
        .setAction(action).build());
  }

  private static Action text(String text) {
    return Action.newBuilder().setText(text).build();
  }

  @Test
  void twoClientsPlayASoccerMatchSideAgainstSide() {
    CreateSessionResponse a = env.createSession(CreateSessionRequest.newBuilder()
        .setGame("arena(mode=soccer, seconds=4)").setSeed(3).addSeats(0).addSeats(1).build());
    String id = a.getSessionId();
    JoinSessionResponse b = env.joinSession(JoinSessionRequest.newBuilder().setSessionId(id)
        .addSeats(2).addSeats(3).build());
    GameFacts facts = a.getGame();
    assertEquals(4, facts.getNumPlayers());
    assertEquals(54, facts.getNumDistinctActions());
    assertEquals(Dynamics.DYNAMICS_SIMULTANEOUS, facts.getDynamics());
    assertEquals(List.of(List.of(0, 1), List.of(2, 3)),
        facts.getSidesList().stream().map(Side::getSeatsList).toList());
    assertTrue(a.getObservations(0).getSeatObservation().getText().contains("move_to X Y, kick X Y or hold"));

    // A macro outside the field is refused with the valid form and ranges, and nothing is held.
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> step(id, a.getToken(), 0, text("move_to 25 0")),
        "outside the field", "X in [-20, 20] and Y in [-10, 10]");
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> step(id, a.getToken(), 0, text("kick NaN 0")), "not finite");

    int moves = 0;
    StepResponse last = null;
    while (last == null || last.getStatus().getEndStatus() == EndStatus.END_STATUS_RUNNING) {
      StepResponse first = step(id, a.getToken(), 0, text("kick 20 0"));
      assertFalse(first.getApplied(), "held until every seat has acted");
      step(id, a.getToken(), 1, Action.newBuilder().setName("forward+turn_left").build());
      step(id, b.getToken(), 2, text("move_to -18 0"));
      last = step(id, b.getToken(), 3, Action.newBuilder().setIndex(0).build());
      assertTrue(last.getApplied(), "the fourth action completes the step");
      moves++;
      assertEquals(moves, last.getStatus().getMoveNumber());
    }
    assertEquals(EndStatus.END_STATUS_TRUNCATED, last.getStatus().getEndStatus());
    assertEquals(4 * 60 / 5, moves);
    List<Double> returns = last.getObservations(0).getReturnsList();
    assertEquals(returns.get(0), returns.get(1));
    assertEquals(returns.get(2), returns.get(3));
    assertNotEquals(a.getObservations(0).getSeatObservation().getText(),
        last.getObservations(0).getSeatObservation().getText(), "the units moved");
  }
}
