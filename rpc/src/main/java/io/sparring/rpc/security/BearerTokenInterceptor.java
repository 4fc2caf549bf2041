package io.sparring.rpc.security;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.sparring.rpc.environment.ClientIdentity;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requires {@code authorization: Bearer TOKEN} metadata on every call, with a token from {@link
 * Tokens}: others end with UNAUTHENTICATED before any service sees them. The token's name becomes
 * {@link ClientIdentity#CLIENT} in the call's context. Tokens are never logged, nor echoed.
 */
public final class BearerTokenInterceptor implements ServerInterceptor {
  /** The standard header; gRPC metadata keys are lower case. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  static final String MISSING =
      "this server requires a bearer token: send metadata 'authorization: Bearer <token>'";
  static final String MALFORMED = "the authorization metadata must read 'Bearer <token>'";
  static final String WRONG = "the bearer token is not one this server accepts";

  private static final Logger log = LoggerFactory.getLogger(BearerTokenInterceptor.class);
  private static final String PREFIX = "Bearer ";

  private final Tokens tokens;

  public BearerTokenInterceptor(Tokens tokens) {
    this.tokens = requireNonNull(tokens, "tokens");
    FrameLogs.keepTokensOut();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String value = headers.get(AUTHORIZATION);
    String problem;
    if (value == null) {
      problem = MISSING;
    } else if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      problem = MALFORMED;
    } else {
      Optional<String> name = tokens.nameOf(value.substring(PREFIX.length()).strip());
      if (name.isPresent()) {
        Context context = Context.current().withValue(ClientIdentity.CLIENT, name.get());
        return Contexts.interceptCall(context, call, headers, next);
      }
      problem = WRONG;
    }
    log.debug("refused {}: {}", call.getMethodDescriptor().getFullMethodName(), problem);
    call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
