/**
 * The {@code remote} backend: a decision is a call to a user's {@code sparring.v1.AgentService} with
 * a deadline ({@code proto/src/main/proto/sparring/v1/agent.proto}).
 */
package io.sparring.rpc.agent;
