package io.sparring.agents;

/**
 * Decides for one seat, in one role, from what that seat may see. Backends (random, MCTS, solvers,
 * a person, an LLM, a remote process) implement this one method; a team of roles is an agent too.
 * An agent instance may keep state between calls within a match, per seat.
 */
@FunctionalInterface
public interface Agent {

  Decision decide(SeatView view, TurnContext context);
}
