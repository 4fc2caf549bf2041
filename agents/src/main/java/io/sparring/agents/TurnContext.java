package io.sparring.agents;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What an agent is told besides its observation: the role it plays this call, the team's current
 * strategy, the proposal and critique of earlier roles this turn, and feedback on a rejected
 * earlier answer (when the match's violation policy allows a retry).
 */
public record TurnContext(
    Role role,
    String strategy,
    Optional<Decision> proposal,
    Optional<Decision> critique,
    int round,
    String feedback) {

  public TurnContext {
    requireNonNull(role);
    requireNonNull(strategy);
    requireNonNull(proposal);
    requireNonNull(critique);
    requireNonNull(feedback);
  }

  /** A plain agent deciding alone. */
  public static TurnContext alone() {
    return new TurnContext(Role.GENERATOR, "", Optional.empty(), Optional.empty(), 0, "");
  }

  public TurnContext withFeedback(String message) {
    return new TurnContext(role, strategy, proposal, critique, round, message);
  }
}
