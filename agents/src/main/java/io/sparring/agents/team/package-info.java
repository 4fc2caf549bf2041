/**
 * Teams of roles: {@code team(strategist=..., generator=..., verifier=..., refiner=...)} is an agent
 * whose turn runs strategist → generator → verifier → refiner, each filled by any backend, and the
 * scripted {@code check} verifier.
 */
package io.sparring.agents.team;
