package io.sparring.rpc.environment;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who a call comes from, which the per-client limits count: the peer's host, unless an interceptor
 * that authenticated the call puts its own name in {@link #CLIENT} (the bearer token's name, set by
 * {@link io.sparring.rpc.security.BearerTokenInterceptor}). The server adds {@link
 * #fromPeerAddress()} to its builder last, so it runs first and an interceptor added before runs
 * after it and may override it.
 */
public final class ClientIdentity {
  /** The caller's name in the call's context. */
  public static final Context.Key<String> CLIENT = Context.key("sparring.client");
  /** Calls with no peer address (in process, or the session API called directly). */
  static final String LOCAL = "local";

  private ClientIdentity() {}

  /** The current call's client: a token's name, the peer's host, or {@value #LOCAL}. */
  public static String current() {
    String name = CLIENT.get();
    return name == null ? LOCAL : name;
  }

  /** Names each call by its peer's host: every connection from one machine is one client. */
  static ServerInterceptor fromPeerAddress() {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        String name = host(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        return Contexts.interceptCall(Context.current().withValue(CLIENT, name), call, headers, next);
      }
    };
  }

  private static String host(SocketAddress peer) {
    if (peer instanceof InetSocketAddress inet) {
      return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    }
    return LOCAL;
  }
}
