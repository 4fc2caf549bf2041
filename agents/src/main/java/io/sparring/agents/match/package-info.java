/**
 * Playing and recording matches: {@link MatchRunner} plays one match from a seed with an agent per
 * seat and records a {@link io.sparring.proto.v1.Trajectory}; {@link Replay} re-applies a recorded
 * trajectory and checks that it reproduces; {@link CompactRecords} strips a trajectory to what a
 * replay cannot derive and fills it back; {@link ViolationPolicy} decides what happens when an
 * agent's output is invalid or late; {@link Trajectories} reads and writes JSON lines.
 */
package io.sparring.agents.match;
