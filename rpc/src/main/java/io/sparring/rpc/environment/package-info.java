/**
 * The gRPC environment server: remote play of any registered game over the {@code sparring.v1}
 * protocol (docs/protocol.md). {@link io.sparring.rpc.environment.EnvironmentServer} takes a {@code
 * ServerBuilder<?>} (Netty for a real socket, in-process for tests) and serves the {@code
 * Environment} and {@code Echo} services, health and reflection. {@link
 * io.sparring.rpc.environment.Sessions} is the in-process API underneath: sessions of games, the seats
 * clients hold, turns, simultaneous steps, waiting for one's turn, ownership and expiry. The gRPC
 * services are thin adapters over it; errors are {@code StatusRuntimeException}s whose status code
 * and message go to the client unchanged. Each service parses its own requests ({@code
 * RequestParsing}), so bytes that are no message are INVALID_ARGUMENT; {@code ClientIdentity} names
 * the client each call comes from and {@code ClientQuotas} holds its sessions and request rate.
 */
package io.sparring.rpc.environment;
