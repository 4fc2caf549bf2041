package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.TestSessions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.ListGamesRequest;
import io.sparring.proto.v1.ObserveRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The limits per client: sessions owned, requests per second, and how long a session may live. */
class QuotasTest {
  private static final Metadata.Key<String> CLIENT = Metadata.Key.of("x-test-client", Metadata.ASCII_STRING_MARSHALLER);

  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  /** What a token interceptor does: names the client, overriding the peer address. */
  private static final ServerInterceptor NAMED_BY_HEADER = new ServerInterceptor() {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      String name = headers.get(CLIENT);
      Context context = name == null ? Context.current() : Context.current().withValue(ClientIdentity.CLIENT, name);
      return Contexts.interceptCall(context, call, headers, next);
    }
  };

  private ManagedChannel start(ServerConfig config) throws Exception {
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
    builder.intercept(NAMED_BY_HEADER);
    grpc.register(new EnvironmentServer(builder, TestSessions.sessions(config)).start());
    return grpc.register(InProcessChannelBuilder.forName(name).directExecutor().build());
  }

  private static EnvironmentGrpc.EnvironmentBlockingStub as(ManagedChannel channel, String client) {
    Metadata headers = new Metadata();
    headers.put(CLIENT, client);
    return EnvironmentGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static CreateSessionResponse create(EnvironmentGrpc.EnvironmentBlockingStub env) {
    return env.createSession(CreateSessionRequest.newBuilder().setGame("tic_tac_toe").addSeats(0).build());
  }

  @Test
  void aClientOwnsAtMostItsShareOfSessions() throws Exception {
    ManagedChannel channel = start(TestSessions.config().withMaxSessionsPerClient(2));
    var alice = as(channel, "alice");
    CreateSessionResponse first = create(alice);
    create(alice);
    assertStatus(Code.RESOURCE_EXHAUSTED, () -> create(alice),
        "client alice already owns 2 sessions", "(the server's max sessions per client)");
    create(as(channel, "bob"));
    alice.closeSession(CloseSessionRequest.newBuilder().setSessionId(first.getSessionId())
        .setToken(first.getToken()).build());
    create(alice);
  }

  @Test
  void overASocketTheClientIsThePeersHost() throws Exception {
    EnvironmentServer server = grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        TestSessions.config().withMaxSessionsPerClient(1)).start());
    var env = EnvironmentGrpc.newBlockingStub(
        grpc.register(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build()));
    create(env);
    // A second connection from the same host is the same client.
    var again = EnvironmentGrpc.newBlockingStub(
        grpc.register(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build()));
    assertStatus(Code.RESOURCE_EXHAUSTED, () -> create(again),
        "client 127.0.0.1 already owns 1 session,", "(the server's max sessions per client)");
  }

  @Test
  void aClientSendsAtMostItsRate() throws Exception {
    ManagedChannel channel = start(TestSessions.config().withMaxRequestsPerSecond(10));
    var alice = as(channel, "alice");
    int refused = 0;
    StatusRuntimeException last = null;
    for (int i = 0; i < 30; i++) {
      try {
        alice.listGames(ListGamesRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        refused++;
        last = e;
      }
    }
    assertTrue(refused >= 15, "refused " + refused + " of 30");
    assertEquals(Code.RESOURCE_EXHAUSTED, last.getStatus().getCode());
    assertTrue(last.getStatus().getDescription().contains(
        "client alice sent more than 10 requests per second (the server's max requests per second)"),
        last.getStatus().getDescription());
    as(channel, "bob").listGames(ListGamesRequest.getDefaultInstance());
  }

  @Test
  void aBusySessionStillEndsAtItsLifetime() throws Exception {
    ManagedChannel channel = start(TestSessions.config().withMaxSessionLifetime(Duration.ofMillis(300)));
    var alice = as(channel, "alice");
    CreateSessionResponse s = create(alice);
    ObserveRequest observe = ObserveRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken()).build();
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    StatusRuntimeException closed = null;
    while (closed == null && System.nanoTime() < end) {
      try {
        alice.observe(observe);
        Thread.sleep(20);
      } catch (StatusRuntimeException e) {
        closed = e;
      }
    }
    assertTrue(closed != null, "the session was still open after 5 s of requests");
    assertEquals(Code.NOT_FOUND, closed.getStatus().getCode());
    assertTrue(closed.getStatus().getDescription().contains("(the server's max session lifetime)"),
        closed.getStatus().getDescription());
  }
}
