/** The {@code mcts} backend: UCT with random rollouts, for any game. */
package io.sparring.agents.mcts;
