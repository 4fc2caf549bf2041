package io.sparring.agents;

/**
 * Thrown by an agent to stop the match altogether (a person typing 'quit'). Unlike other failures
 * it is not a violation: the match runner passes it on and records nothing.
 */
public final class MatchAbandoned extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean chosen;

  /** {@code chosen} tells a deliberate stop (quit) from a failure (input closed). */
  public MatchAbandoned(String message, boolean chosen) {
    super(message);
    this.chosen = chosen;
  }

  public boolean chosen() {
    return chosen;
  }
}
