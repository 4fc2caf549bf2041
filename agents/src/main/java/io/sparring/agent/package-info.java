/**
 * The agent SPI: an {@link Agent} chooses an action for one seat from what that seat may see. Agents
 * are named by spec strings ({@code random}) and created through {@link Agents}; a new backend is an
 * {@link AgentProvider} registered in {@code META-INF/services/io.sparring.agent.AgentProvider}.
 */
package io.sparring.agent;
