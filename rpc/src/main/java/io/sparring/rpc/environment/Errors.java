package io.sparring.rpc.environment;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The statuses the server answers with; every message says what went wrong and what to do. */
final class Errors {
  private Errors() {}

  static StatusRuntimeException invalidArgument(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException alreadyExists(String message) {
    return Status.ALREADY_EXISTS.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException permissionDenied(String message) {
    return Status.PERMISSION_DENIED.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException failedPrecondition(String message) {
    return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException resourceExhausted(String message) {
    return Status.RESOURCE_EXHAUSTED.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException unavailable(String message) {
    return Status.UNAVAILABLE.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException internal(String message, Throwable cause) {
    return Status.INTERNAL.withDescription(message).withCause(cause).asRuntimeException();
  }

  /** A status for anything thrown while serving a request: statuses pass, the rest is INTERNAL. */
  static StatusRuntimeException of(Throwable thrown) {
    if (thrown instanceof StatusRuntimeException status) {
      return status;
    }
    return internal("internal error: " + thrown + "; the request may not have been applied, observe"
        + " the session to find out (and please report this)", thrown);
  }

  /**
   * Fails when the current call's deadline has passed or the client cancelled it, so that nothing
   * is applied for a client that has already given up. Called right before a change is made.
   */
  static void checkNotCancelled(String what) {
    Context context = Context.current();
    if (!context.isCancelled()) {
      return;
    }
    Deadline deadline = context.getDeadline();
    if (deadline != null && deadline.isExpired()) {
      throw Status.DEADLINE_EXCEEDED
          .withDescription("the call's deadline passed before the " + what + " was applied; nothing"
              + " changed. Allow more time, or observe the session and retry")
          .asRuntimeException();
    }
    throw Status.CANCELLED
        .withDescription("the call was cancelled before the " + what + " was applied; nothing changed")
        .asRuntimeException();
  }

  /** The status as the proto message carried by Play responses and batch results. */
  static io.sparring.proto.v1.Status toProto(StatusRuntimeException e) {
    Status status = e.getStatus();
    return io.sparring.proto.v1.Status.newBuilder()
        .setCode(status.getCode().value())
        .setMessage(status.getDescription() == null ? status.getCode().name() : status.getDescription())
        .build();
  }
}
