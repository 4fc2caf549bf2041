/**
 * Exact solvers that work through the game API only: {@link io.sparring.solvers.Minimax}
 * (alpha-beta for two-player zero-sum perfect-information games, with random choice among optimal
 * moves), {@link io.sparring.solvers.Cfr} (tabular CFR and CFR+ for imperfect-information games)
 * and {@link io.sparring.solvers.BestResponse} (best responses, NashConv, exploitability). The
 * tabular solvers walk a game once into a {@link io.sparring.solvers.GameTree} of flat arrays and
 * return {@link io.sparring.solvers.TabularPolicy} tables keyed by information state.
 */
package io.sparring.solvers;
