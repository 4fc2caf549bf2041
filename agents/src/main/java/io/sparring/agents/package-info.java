/**
 * The agent SPI. An {@link Agent} decides for one seat from a {@link SeatView} (the seat's
 * observation, its own history, consistent worlds for search) and a {@link TurnContext} (its role
 * and what earlier roles produced this turn), and returns a {@link Decision}. Agents are named by
 * spec strings and created through {@link Agents}; a new backend is an {@link AgentProvider}
 * registered in {@code META-INF/services/io.sparring.agents.AgentProvider}.
 */
package io.sparring.agents;
