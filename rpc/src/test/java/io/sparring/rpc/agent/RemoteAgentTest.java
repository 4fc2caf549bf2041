package io.sparring.rpc.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.sparring.agents.ScriptedAgents;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.SeedAttack;
import io.sparring.core.game.Seeds;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.proto.v1.AgentServiceGrpc;
import io.sparring.proto.v1.DecideRequest;
import io.sparring.proto.v1.DecideResponse;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.Verdict;
import io.sparring.proto.v1.ViolationKind;
import io.sparring.rpc.environment.GrpcCleanupExtension;
import io.sparring.core.spec.Spec;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The remote backend against a Java AgentService in this JVM, over a real socket. */
class RemoteAgentTest {
  private static final Game TIC_TAC_TOE = Games.create("tic_tac_toe");

  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  private final List<DecideRequest> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clearCalls() {
    ScriptedAgents.CALLS.clear();
  }

  /** Rejects every proposal that is not the centre, sleeping {@code sleep} first. */
  private final class CentreVerifier extends AgentServiceGrpc.AgentServiceImplBase {
    private final Duration sleep;

    CentreVerifier(Duration sleep) {
      this.sleep = sleep;
    }

    @Override
    public void decide(DecideRequest request, StreamObserver<DecideResponse> answer) {
      requests.add(request);
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      boolean centre = request.getContext().getProposal().getAction() == 4;
      answer.onNext(DecideResponse.newBuilder()
          .setVerdict(centre ? Verdict.VERDICT_ACCEPT : Verdict.VERDICT_REJECT)
          .setText(centre ? "centre, good" : "take the centre").build());
      answer.onCompleted();
    }
  }

  private String target(Duration sleep) throws Exception {
    Server server = grpc.register(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new CentreVerifier(sleep)).build().start());
    return "127.0.0.1:" + server.getPort();
  }

  private static Trajectory match(String team) {
    return MatchRunner.play(new MatchConfig(TIC_TAC_TOE, 7,
        List.of(new Seating(List.of(0), Spec.parse(team), ""), Seating.of(1, "random")),
        new ViolationPolicy.RandomAction(), Optional.empty(), "remote-test"));
  }

  @Test
  void aRemoteVerifierSeesTheProposalAndItsCritiqueReachesTheRefiner() throws Exception {
    String target = target(Duration.ZERO);
    Trajectory t = match("team(generator=scripted(name=g, answers='0'), verifier=remote(target='" + target
        + "'), refiner=scripted(name=r, answers='4'))");
    TurnRecord first = t.getSteps(0).getTurns(0);
    assertEquals(4, first.getAction().getIndex(), "the refiner's centre was played");
    RoleOutput verdict = first.getRoles(1);
    assertEquals(Role.ROLE_VERIFIER, verdict.getRole());
    assertEquals(Verdict.VERDICT_REJECT, verdict.getVerdict());
    assertEquals("take the centre", verdict.getOutput());
    assertEquals("take the centre", ScriptedAgents.CALLS.stream()
        .filter(c -> c.name().equals("r")).findFirst().orElseThrow().critique());

    DecideRequest request = requests.getFirst();
    assertEquals("tic_tac_toe", request.getGame());
    assertEquals(Role.ROLE_VERIFIER, request.getRole());
    assertEquals(0, request.getContext().getProposal().getAction());
    assertEquals("X(0,0)", request.getContext().getProposal().getName());
    assertEquals(9, request.getObservation().getLegalActionsCount());
    assertTrue(request.getObservation().getText().contains("It is your turn"));
    assertEquals(request.getObservation().getText(), request.getSeatObservation().getText());
    assertEquals(request.getObservation().getLegalActionsList(), request.getSeatObservation().getLegalActionsList());
    assertEquals(List.of(3, 3, 3), request.getSeatObservation().getTensor().getShapeList());
    assertEquals(4 * request.getObservation().getTensorCount(),
        request.getSeatObservation().getTensor().getFloat32Le().size());
  }

  /**
   * The attack: a remote agent inverts the seed it is sent to the match's seed, which deals every
   * card ({@link SeedAttack}). Agent seeds are keyed by the match seed (record format 4), and the
   * seed sent out is keyed once more under this process's key (so an agent of a run begun with
   * invertible agent seeds is safe too): neither inverts.
   */
  @Test
  void theSeedARemoteAgentGetsDoesNotGiveTheMatchSeedAway() throws Exception {
    Trajectory t = match("remote(target='" + target(Duration.ZERO) + "')"); // answers no action: fallbacks
    long sent = requests.getFirst().getAgentSeed();
    long recorded = t.getSeats(0).getAgentSeed();
    assertEquals(Seeds.keyed(t.getSeed(), 1), recorded);
    assertNotEquals(t.getSeed(), SeedAttack.invertDerive(recorded, 1), "the recorded agent seed does not invert");
    assertNotEquals(recorded, sent);
    assertNotEquals(t.getSeed(), SeedAttack.invertDerive(sent, 1), "the seed sent out does not invert");
    assertEquals(List.of(sent), requests.stream().map(DecideRequest::getAgentSeed).distinct().toList(),
        "one seed for the agent's whole match");
  }

  @Test
  void aSlowRemoteAgentIsATimeoutViolationNotAHang() throws Exception {
    String target = target(Duration.ofSeconds(5));
    long start = System.nanoTime();
    Trajectory t = match("team(generator=random, verifier=remote(target='" + target + "', deadline=0.2))");
    TurnRecord first = t.getSteps(0).getTurns(0);
    assertEquals(ViolationKind.VIOLATION_KIND_TIMEOUT, first.getViolations(0).getKind());
    assertTrue(first.getViolations(0).getMessage().contains("within 200 ms"), first.getViolations(0).getMessage());
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());
    // every turn of seat 0 waits one deadline, not the agent's five seconds
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos());
  }

  @Test
  void aDeadRemoteAgentIsAnErrorViolation() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Trajectory t = match("remote(target='127.0.0.1:" + port + "', deadline=2)");
    TurnRecord first = t.getSteps(0).getTurns(0);
    assertEquals(ViolationKind.VIOLATION_KIND_ERROR, first.getViolations(0).getKind());
    assertTrue(first.getViolations(0).getMessage().contains("UNAVAILABLE"), first.getViolations(0).getMessage());
  }

  @Test
  void aRemoteAgentOverMutualTlsWithAToken(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    // The token is read from an environment variable; HOME is one every test process has.
    String token = System.getenv("HOME");
    org.junit.jupiter.api.Assumptions.assumeTrue(token != null && !token.isBlank() && !token.contains(" "));
    var ca = io.sparring.rpc.security.TestCertificates.authority(dir, "ca");
    var server = ca.issue("agent-server");
    var client = ca.issue("league");
    var security = new io.sparring.rpc.security.ServerSecurity(
        new io.sparring.rpc.security.ServerTls(server.certificate(), server.key(), ca.certificate()),
        io.sparring.rpc.security.Tokens.of(java.util.Map.of("league", token)));
    Server agent = grpc.register(security.intercept(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), security.credentials())
            .addService(new CentreVerifier(Duration.ZERO))).build().start());
    String tls = "target='localhost:%d', ca='%s', cert='%s', key='%s'".formatted(agent.getPort(),
        ca.certificate(), client.certificate(), client.key());

    Trajectory t = match("team(generator=scripted(name=g, answers='4'), verifier=remote(" + tls
        + ", token_env=HOME))");
    assertEquals(0, t.getSteps(0).getTurns(0).getViolationsCount(), t.getSteps(0).getTurns(0).toString());
    assertEquals(Verdict.VERDICT_ACCEPT, t.getSteps(0).getTurns(0).getRoles(1).getVerdict());

    Trajectory noToken = match("team(generator=scripted(name=g, answers='4'), verifier=remote(" + tls + "))");
    String message = noToken.getSteps(0).getTurns(0).getViolations(0).getMessage();
    assertTrue(message.contains("UNAUTHENTICATED"), message);
  }
}
