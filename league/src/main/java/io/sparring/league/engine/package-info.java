/**
 * The league engine: an immutable {@link io.sparring.league.config.LeagueConfig} plus a run
 * directory, run as a stream of {@link BatchReport}s. Each batch schedules matches (matchmaking),
 * plays them in parallel, stores every trajectory, computes advantages with training's {@link
 * io.sparring.training.advantage.MarsAdvantages}, updates each learner, snapshots, rates and
 * evaluates.
 */
package io.sparring.league.engine;
