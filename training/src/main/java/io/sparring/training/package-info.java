/**
 * Learning: {@link ExperienceBatch}es of turns with their advantages go into a {@link Learner},
 * which improves a {@link LearnedPolicy} and saves it as a snapshot that the {@code policy(path=...)}
 * agent plays. A learner sees only experience batches, never a game tree or a solver.
 */
package io.sparring.training;
