package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.BadInputTest.BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.StepRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.spec.Spec;
import io.sparring.rpc.security.ServerSecurity;
import io.sparring.rpc.trainer.ExperienceServer;
import io.sparring.rpc.trainer.JavaTrainer;
import io.sparring.rpc.trainer.TrainerHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random and mutated requests to every method of every service the server registers (services
 * added later join by being served): none is answered UNKNOWN or INTERNAL, and the server is
 * healthy and plays a normal session after. Bounded: at most {@link #PER_METHOD} inputs per method
 * and {@link #BUDGET_NANOS} in all, shared equally among the methods.
 */
class FuzzTest {
  private static final int PER_METHOD = 10_000;
  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** The trainer services have two methods, each a stream of three kinds of request. */
  private static final long TRAINER_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** Calls in flight at once; a request that waits (Observe for a turn) ends at its deadline. */
  private static final int IN_FLIGHT = 256;

  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  @Test
  void noInputIsAnsweredUnknownOrInternal() throws Exception {
    String name = InProcessServerBuilder.generateName();
    EnvironmentServer server = grpc.register(new EnvironmentServer(
        InProcessServerBuilder.forName(name).directExecutor(), TestSessions.sessions()).start());
    ManagedChannel channel = grpc.register(InProcessChannelBuilder.forName(name).directExecutor().build());
    var env = EnvironmentGrpc.newBlockingStub(channel);
    CreateSessionResponse known = env.createSession(
        CreateSessionRequest.newBuilder().setGame("tic_tac_toe").addSeats(0).addSeats(1).build());
    List<String> strings = List.of(known.getSessionId(), known.getToken(), "tic_tac_toe", "kuhn_poker(players=3)",
        "leduc_poker", "", "sparring.v1.Environment", "grpc.health.v1.Health");

    fuzz(server.services(), channel, strings, BUDGET_NANOS);

    assertEquals(ServingStatus.SERVING,
        HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus());
    CreateSessionResponse s = env.createSession(
        CreateSessionRequest.newBuilder().setGame("tic_tac_toe").setSeed(1).addSeats(0).addSeats(1).build());
    assertTrue(env.step(StepRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken())
        .setSeat(0).setAction(TestSessions.index(4)).build()).getApplied());
    env.closeSession(CloseSessionRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken()).build());
  }

  /** The trainer services of {@code --serve-experience}, with an external player to subscribe and publish to. */
  @Test
  void noTrainerInputIsAnsweredUnknownOrInternal() throws Exception {
    String name = InProcessServerBuilder.generateName();
    TrainerHub hub = new TrainerHub();
    Game kuhn = Games.create("kuhn_poker");
    hub.create("main", Spec.parse("external"), kuhn, 1);
    ExperienceServer server = ExperienceServer.start(hub, InProcessServerBuilder.forName(name).directExecutor(),
        "in-process", ServerSecurity.none());
    try {
      ManagedChannel channel = grpc.register(InProcessChannelBuilder.forName(name).directExecutor().build());
      fuzz(server.services(), channel, List.of("main", "policy", "", "0".repeat(64), "{\"network\": \"mlp\"}"),
          TRAINER_BUDGET_NANOS);
      int inputs = kuhn.informationStateTensorShape().stream().reduce(1, Math::multiplyExact);
      assertEquals(Long.MAX_VALUE, JavaTrainer.publish(channel, "main", Long.MAX_VALUE,
          JavaTrainer.linearPolicy(inputs, 0, 1)).getVersion(), "a good publish still works");
    } finally {
      server.close();
    }
  }

  /** Random and mutated requests to every method of {@code services}, within the budget. */
  private static void fuzz(List<ServerServiceDefinition> services, ManagedChannel channel, List<String> strings,
      long budgetNanos) throws InterruptedException {
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerServiceDefinition service : services) {
      methods.addAll(service.getMethods());
    }
    long perMethodNanos = budgetNanos / methods.size();
    SplittableRandom random = new SplittableRandom(15);
    Map<String, Map<Status.Code, Integer>> answers = new TreeMap<>();
    Map<String, String> failures = new ConcurrentHashMap<>();
    int total = 0;
    for (ServerMethodDefinition<?, ?> method : methods) {
      MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
      Descriptor input = inputType(descriptor);
      MethodDescriptor<byte[], byte[]> raw = descriptor.toBuilder(BYTES, BYTES).build();
      Map<Status.Code, Integer> codes = new EnumMap<>(Status.Code.class);
      Semaphore inFlight = new Semaphore(IN_FLIGHT);
      long end = System.nanoTime() + perMethodNanos;
      int sent = 0;
      while (sent < PER_METHOD && System.nanoTime() < end) {
        byte[] bytes = random.nextBoolean()
            ? randomBytes(random, random.nextInt(65))
            : mutate(random, randomMessage(random, input, strings, 0).toByteArray());
        inFlight.acquire();
        send(channel, raw, bytes, status -> {
          synchronized (codes) {
            codes.merge(status.getCode(), 1, Integer::sum);
          }
          if (status.getCode() == Status.Code.UNKNOWN || status.getCode() == Status.Code.INTERNAL) {
            failures.putIfAbsent(descriptor.getFullMethodName(), status + " for " + ByteString.copyFrom(bytes));
          }
          inFlight.release();
        });
        sent++;
      }
      assertTrue(inFlight.tryAcquire(IN_FLIGHT, 10, TimeUnit.SECONDS), "calls of " + descriptor.getFullMethodName() + " ended");
      answers.put(descriptor.getFullMethodName() + " (" + sent + " inputs)", codes);
      total += sent;
    }
    System.err.printf("fuzz: %d inputs over %d methods%n", total, methods.size());
    answers.forEach((method, codes) -> System.err.println("  " + method + ": " + codes));
    assertEquals(Map.of(), failures, "methods answering UNKNOWN or INTERNAL");
  }

  /** Sends one request and half-closes; a stream that answers is cancelled after its first answer. */
  private static void send(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, byte[] bytes,
      java.util.function.Consumer<Status> done) {
    ClientCall<byte[], byte[]> call =
        channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS));
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
          call.cancel("one answer is enough", null);
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        done.accept(status);
      }
    }, new Metadata());
    call.request(1);
    try {
      call.sendMessage(bytes);
      call.halfClose();
    } catch (IllegalStateException endedWhileSending) {
      // a stream answered (and was cancelled above) while the request was sent: direct executors
    }
  }

  private static Descriptor inputType(MethodDescriptor<?, ?> method) {
    Object schema = method.getSchemaDescriptor();
    if (schema instanceof io.grpc.protobuf.ProtoMethodDescriptorSupplier supplier) {
      return supplier.getMethodDescriptor().getInputType();
    }
    throw new AssertionError(method.getFullMethodName() + " has no protobuf schema to build requests from");
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Flips, drops or adds a few bytes of a valid request. */
  private static byte[] mutate(SplittableRandom random, byte[] valid) {
    if (valid.length == 0) {
      return randomBytes(random, 1 + random.nextInt(8));
    }
    byte[] bytes = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 1 -> {
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8));
        for (int i = bytes.length; i < longer.length; i++) {
          longer[i] = (byte) random.nextInt(256);
        }
        bytes = longer;
      }
      default -> {
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
    }
    return bytes;
  }

  /** A request of the method's type with random fields: numbers, known ids and names, nested messages. */
  private static DynamicMessage randomMessage(SplittableRandom random, Descriptor type, List<String> strings, int depth) {
    DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
    for (FieldDescriptor field : type.getFields()) {
      if (random.nextInt(3) == 0 || (depth >= 3 && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE)) {
        continue;
      }
      int count = field.isRepeated() ? random.nextInt(4) : 1;
      for (int i = 0; i < count; i++) {
        Object value = randomValue(random, field, strings, depth);
        if (field.isRepeated()) {
          message.addRepeatedField(field, value);
        } else {
          message.setField(field, value);
        }
      }
    }
    return message.build();
  }

  private static Object randomValue(SplittableRandom random, FieldDescriptor field, List<String> strings, int depth) {
    return switch (field.getJavaType()) {
      case INT -> random.nextInt(8) == 0 ? random.nextInt() : random.nextInt(-2, 12);
      case LONG -> random.nextInt(8) == 0 ? random.nextLong() : (long) random.nextInt(-2, 12);
      case FLOAT -> (float) random.nextDouble(-10, 10);
      case DOUBLE -> random.nextDouble(-10, 10);
      case BOOLEAN -> random.nextBoolean();
      case STRING -> random.nextBoolean()
          ? strings.get(random.nextInt(strings.size()))
          : new String(randomBytes(random, random.nextInt(24)), java.nio.charset.StandardCharsets.ISO_8859_1);
      case BYTE_STRING -> ByteString.copyFrom(randomBytes(random, random.nextInt(24)));
      case ENUM -> field.getEnumType().getValues().get(random.nextInt(field.getEnumType().getValues().size()));
      case MESSAGE -> randomMessage(random, field.getMessageType(), strings, depth + 1);
    };
  }
}
