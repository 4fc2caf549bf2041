package io.sparring.agents;

/** The parts an agent can play in a team's turn, in the order they are called. */
public enum Role {
  /** Writes a short strategy that conditions the others, every few turns. */
  STRATEGIST,
  /** Proposes an action. */
  GENERATOR,
  /** Accepts or rejects the proposal with a critique. */
  VERIFIER,
  /** Chooses the final action from the proposal and the critique. */
  REFINER
}
