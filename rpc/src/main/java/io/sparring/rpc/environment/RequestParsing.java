package io.sparring.rpc.environment;

import com.google.common.base.Throwables;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers request bytes that are not the method's message with INVALID_ARGUMENT and one log line.
 * grpc-java parses requests before any interceptor sees them and answers a parse failure with
 * UNKNOWN and a logged stack trace; so the wrapped service takes the bytes as they came and parses
 * them here, where the call can still be closed with a status the client can act on.
 */
public final class RequestParsing {
  private static final Logger log = LoggerFactory.getLogger(RequestParsing.class);

  /** Passes the received stream on unread; grpc-java closes it after onMessage, by when it is parsed. */
  private static final MethodDescriptor.Marshaller<InputStream> UNREAD = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  };

  private RequestParsing() {}

  /** {@code service} with each method parsing its own requests; reflection still sees its schema. */
  public static ServerServiceDefinition checked(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> checked = checked(method);
      methods.add(checked);
      descriptor.addMethod(checked.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> checked(
      ServerMethodDefinition<ReqT, RespT> definition) {
    MethodDescriptor<ReqT, RespT> method = definition.getMethodDescriptor();
    ServerCallHandler<ReqT, RespT> handler = definition.getServerCallHandler();
    return ServerMethodDefinition.create(
        method.toBuilder(UNREAD, method.getResponseMarshaller()).build(),
        (call, headers) -> {
          AtomicBoolean refused = new AtomicBoolean();
          return new Parsing<>(method, call, refused, handler.startCall(typed(method, call, refused), headers));
        });
  }

  /**
   * The call as the handler expects it: typed requests, every other part forwarded, except that
   * once a request was refused the handler's answers (to the cancel it is told of) are dropped.
   */
  private static <ReqT, RespT> ServerCall<ReqT, RespT> typed(
      MethodDescriptor<ReqT, RespT> method, ServerCall<InputStream, RespT> call, AtomicBoolean refused) {
    return new ServerCall<>() {
      @Override
      public void request(int numMessages) {
        call.request(numMessages);
      }

      @Override
      public void sendHeaders(Metadata headers) {
        if (!refused.get()) {
          call.sendHeaders(headers);
        }
      }

      @Override
      public void sendMessage(RespT message) {
        if (!refused.get()) {
          call.sendMessage(message);
        }
      }

      @Override
      public boolean isReady() {
        return call.isReady();
      }

      @Override
      public void setOnReadyThreshold(int numBytes) {
        call.setOnReadyThreshold(numBytes);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        if (!refused.get()) {
          call.close(status, trailers);
        }
      }

      @Override
      public boolean isCancelled() {
        return call.isCancelled();
      }

      @Override
      public void setMessageCompression(boolean enabled) {
        call.setMessageCompression(enabled);
      }

      @Override
      public void setCompression(String compressor) {
        call.setCompression(compressor);
      }

      @Override
      public io.grpc.SecurityLevel getSecurityLevel() {
        return call.getSecurityLevel();
      }

      @Override
      public io.grpc.Attributes getAttributes() {
        return call.getAttributes();
      }

      @Override
      public String getAuthority() {
        return call.getAuthority();
      }

      @Override
      public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
        return method;
      }
    };
  }

  /** Parses each request; the first that does not parse ends the call, and the handler hears a cancel. */
  private static final class Parsing<ReqT, RespT> extends ServerCall.Listener<InputStream> {
    private final MethodDescriptor<ReqT, RespT> method;
    private final ServerCall<InputStream, RespT> call;
    private final AtomicBoolean refused;
    private final ServerCall.Listener<ReqT> delegate;
    private boolean failed;

    Parsing(MethodDescriptor<ReqT, RespT> method, ServerCall<InputStream, RespT> call, AtomicBoolean refused,
        ServerCall.Listener<ReqT> delegate) {
      this.method = method;
      this.call = call;
      this.refused = refused;
      this.delegate = delegate;
    }

    @Override
    public void onMessage(InputStream bytes) {
      if (failed) {
        return;
      }
      ReqT request;
      try {
        request = method.parseRequest(bytes);
      } catch (RuntimeException e) {
        failed = true;
        refused.set(true);
        String why = Errors.echo(String.valueOf(rootMessage(e)));
        log.info("{}: the request's bytes could not be read ({})", method.getFullMethodName(), why);
        call.close(Status.INVALID_ARGUMENT.withDescription(
            "the request's bytes are not a valid %s (%s); send that protobuf message"
                .formatted(requestType(method), why)), new Metadata());
        delegate.onCancel();
        return;
      }
      delegate.onMessage(request);
    }

    @Override
    public void onHalfClose() {
      if (!failed) {
        delegate.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      if (!failed) {
        delegate.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (!failed) {
        delegate.onComplete();
      }
    }

    @Override
    public void onReady() {
      if (!failed) {
        delegate.onReady();
      }
    }
  }

  private static String requestType(MethodDescriptor<?, ?> method) {
    if (method.getRequestMarshaller() instanceof MethodDescriptor.ReflectableMarshaller<?> reflectable) {
      Object prototype = null;
      if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p) {
        prototype = p.getMessagePrototype();
      }
      if (prototype instanceof com.google.protobuf.Message message) {
        return message.getDescriptorForType().getFullName();
      }
      return reflectable.getMessageClass().getSimpleName();
    }
    return "request of " + method.getFullMethodName();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = Throwables.getRootCause(e);
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
