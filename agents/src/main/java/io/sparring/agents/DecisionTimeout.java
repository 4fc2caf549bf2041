package io.sparring.agents;

/**
 * Thrown by an agent whose own deadline passed (an LLM endpoint that stopped answering, a remote
 * agent past its gRPC deadline). The match runner records it as a {@code TIMEOUT} violation, like an
 * answer past the match's time budget, and applies the violation policy.
 */
public final class DecisionTimeout extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DecisionTimeout(String message) {
    super(message);
  }
}
