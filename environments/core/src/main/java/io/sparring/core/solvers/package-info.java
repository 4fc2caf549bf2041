/**
 * Exact solvers that work through the game API only: {@link io.sparring.core.solvers.Minimax}
 * (alpha-beta for two-player zero-sum perfect-information games, with random choice among optimal
 * moves), {@link io.sparring.core.solvers.Cfr} (tabular CFR and CFR+ for imperfect-information games)
 * and {@link io.sparring.core.solvers.BestResponse} (best responses, NashConv, exploitability). The
 * tabular solvers walk a game once into a {@link io.sparring.core.solvers.GameTree} of flat arrays and
 * return {@link io.sparring.core.solvers.TabularPolicy} tables keyed by information state.
 */
package io.sparring.core.solvers;
