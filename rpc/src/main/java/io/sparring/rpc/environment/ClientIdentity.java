package io.sparring.rpc.environment;

import io.grpc.Context;

/**
 * Who is calling: the name of the bearer token a call was authenticated with, in the call's gRPC
 * {@link Context}. Set by {@link io.sparring.rpc.security.BearerTokenInterceptor}; absent when the
 * server takes no tokens (then limits fall back to the peer address).
 */
public final class ClientIdentity {
  /** The authenticated client's name (a token's NAME in the tokens file), or null. */
  public static final Context.Key<String> CLIENT = Context.key("sparring-client-identity");

  private ClientIdentity() {}

  /** The current call's client name, or null when the call carried no (checked) token. */
  public static String current() {
    return CLIENT.get();
  }
}
