package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.EnvironmentServiceTest.awaitTrue;
import static io.sparring.rpc.environment.EnvironmentServiceTest.queueInto;
import static io.sparring.rpc.environment.TestSessions.index;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.proto.v1.Observation;
import io.sparring.proto.v1.ObservationView;
import io.sparring.proto.v1.ObserveRequest;
import io.sparring.proto.v1.ObserveResponse;
import io.sparring.proto.v1.PlayRequest;
import io.sparring.proto.v1.PlayResponse;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server on a real loopback socket, with clients on their own channels. */
class SocketIntegrationTest {
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  private EnvironmentServer start(ServerConfig config) throws Exception {
    return grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), config).start());
  }

  private ManagedChannel channel(EnvironmentServer server) {
    return grpc.register(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build());
  }

  @Test
  void twoClientsOnTwoChannelsPlayTheTwoSeatsToTheEnd() throws Exception {
    EnvironmentServer server = start(TestSessions.config());
    var x = EnvironmentGrpc.newBlockingStub(channel(server));
    var o = EnvironmentGrpc.newStub(channel(server));
    CreateSessionResponse created = x.createSession(
        CreateSessionRequest.newBuilder().setGame("tic_tac_toe").setSeed(5).addSeats(0).build());
    String id = created.getSessionId();

    // Seat 1 plays over a Play stream from its own channel: join, then wait-and-step in turn.
    BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    StreamObserver<PlayRequest> stream = o.play(queueInto(answers));
    stream.onNext(PlayRequest.newBuilder().setId(0).setJoin(JoinSessionRequest.newBuilder().setSessionId(id)).build());
    PlayResponse joined = (PlayResponse) answers.poll(5, TimeUnit.SECONDS);
    String oToken = joined.getJoin().getToken();
    assertEquals(List.of(1), joined.getJoin().getSeatsList());

    CompletableFuture<Observation> oLast = CompletableFuture.supplyAsync(() -> {
      try {
        long next = 1;
        while (true) {
          stream.onNext(PlayRequest.newBuilder().setId(next++).setObserve(ObserveRequest.newBuilder()
              .setSessionId(id).setToken(oToken).setWaitForTurn(true)).build());
          PlayResponse r = (PlayResponse) answers.poll(5, TimeUnit.SECONDS);
          Observation seen = r.getObserve().getObservations(0);
          if (seen.getEndStatus() != EndStatus.END_STATUS_RUNNING) {
            return seen;
          }
          stream.onNext(PlayRequest.newBuilder().setId(next++).setStep(StepRequest.newBuilder()
              .setSessionId(id).setToken(oToken).setAction(Action.newBuilder()
                  .setName(seen.getLegalActionNames(seen.getLegalActionNamesCount() - 1)))).build());
          PlayResponse stepped = (PlayResponse) answers.poll(5, TimeUnit.SECONDS);
          assertFalse(stepped.hasError(), stepped.getError().getMessage());
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });

    // Seat 0 plays over unary calls: wait for its turn, take the lowest free cell.
    Observation xLast;
    while (true) {
      ObserveResponse r = x.withDeadlineAfter(5, TimeUnit.SECONDS).observe(ObserveRequest.newBuilder()
          .setSessionId(id).setToken(created.getToken()).setWaitForTurn(true).build());
      Observation seen = r.getObservations(0);
      if (seen.getEndStatus() != EndStatus.END_STATUS_RUNNING) {
        xLast = seen;
        break;
      }
      x.step(StepRequest.newBuilder().setSessionId(id).setToken(created.getToken())
          .setAction(index(seen.getLegalActions(0))).build());
    }
    Observation oSeen = oLast.get(10, TimeUnit.SECONDS);
    stream.onCompleted();
    assertEquals(EndStatus.END_STATUS_TERMINATED, xLast.getEndStatus());
    assertEquals(xLast.getReturnsList(), oSeen.getReturnsList());
    assertEquals(0.0, xLast.getReturns(0) + xLast.getReturns(1));
    // X takes the lowest cell, O the highest: X completes the top row first.
    assertEquals(List.of(1.0, -1.0), xLast.getReturnsList());
    assertTrue(xLast.getText().contains("The game is over. Your return: +1."), xLast.getText());
  }

  @Test
  void twoHundredConcurrentSessionsFromEightThreadsThenNoneLeft() throws Exception {
    EnvironmentServer server = start(TestSessions.config());
    ManagedChannel channel = channel(server);
    int threads = 8;
    int perThread = 25;
    List<String> failures = new CopyOnWriteArrayList<>();
    int[] liveAtPeak = new int[1];
    CyclicBarrier allCreated = new CyclicBarrier(threads, () -> liveAtPeak[0] = server.sessions().size());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> episodes = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        episodes.add(pool.submit(() -> {
          var env = EnvironmentGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
          SplittableRandom random = new SplittableRandom(thread);
          List<CreateSessionResponse> mine = new ArrayList<>();
          List<Observation> current = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            String game = i % 2 == 0 ? "tic_tac_toe" : "kuhn_poker(players=3)";
            int players = i % 2 == 0 ? 2 : 3;
            CreateSessionRequest.Builder request = CreateSessionRequest.newBuilder()
                .setGame(game).setSeed(thread * 1000L + i).setView(ObservationView.OBSERVATION_VIEW_COMPACT);
            for (int seat = 0; seat < players; seat++) {
              request.addSeats(seat);
            }
            CreateSessionResponse s = env.createSession(request.build());
            mine.add(s);
            current.add(toAct(s.getObservationsList()));
          }
          allCreated.await(30, TimeUnit.SECONDS);
          // Round-robin over the thread's sessions, one random legal move each, until all end.
          int finished = 0;
          while (finished < perThread) {
            finished = 0;
            for (int i = 0; i < perThread; i++) {
              Observation turn = current.get(i);
              if (turn == null) {
                finished++;
                continue;
              }
              CreateSessionResponse s = mine.get(i);
              StepResponse r = env.step(StepRequest.newBuilder().setSessionId(s.getSessionId())
                  .setToken(s.getToken()).setSeat(turn.getSeat())
                  .setAction(index(turn.getLegalActions(random.nextInt(turn.getLegalActionsCount()))))
                  .setView(ObservationView.OBSERVATION_VIEW_COMPACT).build());
              if (r.getStatus().getEndStatus() == EndStatus.END_STATUS_TERMINATED) {
                double sum = r.getObservations(0).getReturnsList().stream().mapToDouble(Double::doubleValue).sum();
                if (Math.abs(sum) > 1e-9) {
                  failures.add(s.getSessionId() + " returns sum to " + sum);
                }
                current.set(i, null);
              } else {
                current.set(i, toAct(r.getObservationsList()));
              }
            }
          }
          for (CreateSessionResponse s : mine) {
            env.closeSession(CloseSessionRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken()).build());
          }
          return finished;
        }));
      }
      int total = 0;
      for (Future<Integer> f : episodes) {
        total += f.get(90, TimeUnit.SECONDS);
      }
      assertEquals(threads * perThread, total);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), failures);
    assertEquals(200, liveAtPeak[0], "all 200 sessions were alive at once");
    assertEquals(0, server.sessions().size(), "every session was closed");
  }

  /** A file and, first, its imports, from the protos a reflection answer carries (it sends the imports too). */
  private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos) throws Exception {
    FileDescriptorProto proto = protos.get(name);
    assertNotNull(proto, name + " is in the answer");
    List<FileDescriptor> imports = new ArrayList<>();
    for (String dependency : proto.getDependencyList()) {
      imports.add(build(dependency, protos));
    }
    return FileDescriptor.buildFrom(proto, imports.toArray(new FileDescriptor[0]));
  }

  private static Observation toAct(List<Observation> observations) {
    return observations.stream().filter(Observation::getToAct).findFirst().orElseThrow();
  }

  @Test
  void reflectionAloneListsTheServicesAndCallsOne() throws Exception {
    EnvironmentServer server = start(TestSessions.config());
    ManagedChannel channel = channel(server);
    List<ServerReflectionResponse> listed = reflect(channel, ServerReflectionRequest.newBuilder().setListServices("").build());
    Set<String> services = listed.getFirst().getListServicesResponse().getServiceList().stream()
        .map(ServiceResponse::getName).collect(Collectors.toSet());
    assertTrue(services.containsAll(Set.of("sparring.v1.Environment", "sparring.v1.Echo", "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection")), services.toString());

    // The older v1alpha protocol lists them too.
    var alpha = io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel);
    CompletableFuture<io.grpc.reflection.v1alpha.ServerReflectionResponse> alphaAnswer = new CompletableFuture<>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> alphaRequests =
        alpha.serverReflectionInfo(EnvironmentServiceTest.collectInto(alphaAnswer));
    alphaRequests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
    alphaRequests.onCompleted();
    assertTrue(alphaAnswer.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
        .anyMatch(s -> s.getName().equals("sparring.v1.Environment")));

    // Like a generic tool: fetch the descriptor, then call ListGames with dynamic messages only.
    ServerReflectionResponse files = reflect(channel, ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("sparring.v1.Environment").build()).getFirst();
    Map<String, FileDescriptorProto> protos = new HashMap<>();
    for (var bytes : files.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto proto = FileDescriptorProto.parseFrom(bytes);
      protos.put(proto.getName(), proto);
    }
    FileDescriptor file = build("sparring/v1/environment.proto", protos);
    ServiceDescriptor service = file.findServiceByName("Environment");
    assertTrue(service.getMethods().stream().map(MethodDescriptor::getName).toList()
        .containsAll(List.of("CreateSession", "JoinSession", "Step", "Observe", "Play", "BatchStep")));
    MethodDescriptor listGames = service.findMethodByName("ListGames");
    io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> call = io.grpc.MethodDescriptor
        .<DynamicMessage, DynamicMessage>newBuilder()
        .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName("sparring.v1.Environment", "ListGames"))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(listGames.getInputType())))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(listGames.getOutputType())))
        .build();
    DynamicMessage games = ClientCalls.blockingUnaryCall(channel, call, CallOptions.DEFAULT,
        DynamicMessage.getDefaultInstance(listGames.getInputType()));
    List<?> list = (List<?>) games.getField(listGames.getOutputType().findFieldByName("games"));
    assertTrue(list.stream().map(Object::toString).anyMatch(g -> g.contains("name: \"tic_tac_toe\"")), list.toString());
  }

  private static List<ServerReflectionResponse> reflect(ManagedChannel channel, ServerReflectionRequest request)
      throws Exception {
    List<ServerReflectionResponse> responses = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse value) {
            responses.add(value);
          }

          @Override
          public void onError(Throwable t) {
            done.countDown();
          }

          @Override
          public void onCompleted() {
            done.countDown();
          }
        });
    requests.onNext(request);
    requests.onCompleted();
    assertTrue(done.await(5, TimeUnit.SECONDS));
    return responses;
  }

  @Test
  void everyErrorReachesASocketClientWithItsCodeAndMessage() throws Exception {
    EnvironmentServiceTest.assertEveryError(EnvironmentGrpc.newBlockingStub(channel(start(TestSessions.config()))));
    EnvironmentServiceTest.assertSessionLimit(
        EnvironmentGrpc.newBlockingStub(channel(start(TestSessions.config().withMaxSessions(1)))));
  }

  @Test
  void deadlinesAndMessageSizeLimitsHoldOnTheWire() throws Exception {
    EnvironmentServer server = start(TestSessions.config().withMaxMessageBytes(64 << 10));
    var env = EnvironmentGrpc.newBlockingStub(channel(server));
    CreateSessionResponse s = env.createSession(CreateSessionRequest.newBuilder().setGame("tic_tac_toe").addSeats(0).build());
    String guest = env.joinSession(JoinSessionRequest.newBuilder().setSessionId(s.getSessionId()).build()).getToken();

    long start = System.nanoTime();
    StatusRuntimeException late = assertThrows(StatusRuntimeException.class, () -> env
        .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
        .observe(ObserveRequest.newBuilder().setSessionId(s.getSessionId()).setToken(guest).setWaitForTurn(true).build()));
    // The server answers a little before the deadline; should the client's own timer win the race,
    // the code is the same.
    assertEquals(Code.DEADLINE_EXCEEDED, late.getStatus().getCode(), late.getStatus().toString());
    long waited = System.nanoTime() - start;
    assertTrue(waited > TimeUnit.MILLISECONDS.toNanos(250) && waited < TimeUnit.SECONDS.toNanos(3), waited + " ns");
    awaitTrue(() -> server.sessions().waitingCalls() == 0, "the server dropped the expired wait");

    StatusRuntimeException big = assertThrows(StatusRuntimeException.class, () -> env.step(StepRequest.newBuilder()
        .setSessionId(s.getSessionId()).setToken(s.getToken())
        .setAction(Action.newBuilder().setNameBytes(ByteString.copyFrom(new byte[100_000]))).build()));
    assertEquals(Code.RESOURCE_EXHAUSTED, big.getStatus().getCode());
    assertTrue(big.getStatus().getDescription().contains("exceeds maximum size 65536"), big.getStatus().getDescription());
  }
}
