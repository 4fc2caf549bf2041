package io.sparring.league.store;

/**
 * The league's store cannot be used: a corrupt, truncated or foreign database, a newer schema, a
 * server that does not answer. The message names the store, what is wrong and what to do.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  StoreException(String message) {
    super(message);
  }
}
