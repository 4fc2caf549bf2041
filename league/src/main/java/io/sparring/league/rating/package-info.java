/**
 * Ratings of league players from match results: online {@link Elo}, a {@link BradleyTerry}
 * maximum-likelihood fit with bootstrap intervals, and AlphaStar's decayed {@link PayoffTable} of
 * win rates that prioritized matchmaking reads. A result is always a score for the first player:
 * 1 a win, 0.5 a draw, 0 a loss. docs/league.md gives the formulas.
 */
package io.sparring.league.rating;
