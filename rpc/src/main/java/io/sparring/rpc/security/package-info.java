/**
 * Transport security and authentication for Sparring's gRPC servers and clients: TLS and mutual
 * TLS from PEM files ({@link io.sparring.rpc.security.ServerTls}, {@link
 * io.sparring.rpc.security.ClientSecurity}), bearer tokens ({@link io.sparring.rpc.security.Tokens},
 * checked by {@link io.sparring.rpc.security.BearerTokenInterceptor}). Tokens are never logged.
 */
package io.sparring.rpc.security;
