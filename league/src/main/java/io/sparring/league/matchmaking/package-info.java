/**
 * Who a learning player plays next. A {@link Matchmaker} picks one opponent among the learner
 * itself, its frozen snapshots and the fixed baselines; matchmakers are named by spec strings
 * ({@code self_play}, {@code fsp(window=10)}, {@code ghost(p_latest=0.5, window=10)}, {@code
 * pfsp(weighting=squared, window=0)}) and created through {@link Matchmakers}; a new one is a
 * {@link MatchmakerProvider} registered in {@code
 * META-INF/services/io.sparring.league.matchmaking.MatchmakerProvider}.
 */
package io.sparring.league.matchmaking;
