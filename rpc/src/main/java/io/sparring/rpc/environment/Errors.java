package io.sparring.rpc.environment;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The statuses the server answers with; every message says what went wrong and what to do. */
final class Errors {
  /** User input echoed in a message at most, so a message stays readable and fits in gRPC metadata. */
  static final int MAX_ECHOED_CHARS = 200;
  /** A whole message at most: clients read it from an 8 KiB header, several times its length when escaped. */
  static final int MAX_MESSAGE_CHARS = 1000;

  private Errors() {}

  /** {@code input} as a message quotes it: the first 200 characters, then how many more there were. */
  static String echo(String input) {
    return cut(input, MAX_ECHOED_CHARS);
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…(" + (text.length() - max) + " more)";
  }

  private static StatusRuntimeException status(Status status, String message) {
    return status.withDescription(cut(message, MAX_MESSAGE_CHARS)).asRuntimeException();
  }

  static StatusRuntimeException invalidArgument(String message) {
    return status(Status.INVALID_ARGUMENT, message);
  }

  static StatusRuntimeException notFound(String message) {
    return status(Status.NOT_FOUND, message);
  }

  static StatusRuntimeException alreadyExists(String message) {
    return status(Status.ALREADY_EXISTS, message);
  }

  static StatusRuntimeException permissionDenied(String message) {
    return status(Status.PERMISSION_DENIED, message);
  }

  static StatusRuntimeException failedPrecondition(String message) {
    return status(Status.FAILED_PRECONDITION, message);
  }

  static StatusRuntimeException resourceExhausted(String message) {
    return status(Status.RESOURCE_EXHAUSTED, message);
  }

  static StatusRuntimeException unavailable(String message) {
    return status(Status.UNAVAILABLE, message);
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
