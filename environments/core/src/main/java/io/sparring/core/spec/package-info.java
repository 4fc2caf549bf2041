/**
 * Spec strings: the one way a user names a game, an agent or any other pluggable thing, as in
 * {@code kuhn_poker(players=3)} or {@code mcts(simulations=1000, rollout=random)}. {@link Spec#parse}
 * reads them, {@link Registry} turns them into objects through providers found by {@link
 * java.util.ServiceLoader}. The grammar is documented in {@code docs/specs.md}.
 */
package io.sparring.core.spec;
