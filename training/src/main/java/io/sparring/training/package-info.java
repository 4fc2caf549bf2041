/**
 * Learning: {@link ExperienceBatch}es of turns with their advantages go into a {@link Learner},
 * which improves a {@link LearnedPolicy} and saves it as a snapshot that the {@code policy(path=...)}
 * agent plays. A learner sees only experience batches, never a game tree or a solver.
 *
 * <ul>
 *   <li>{@link Learners} creates learners from specs such as {@code tabular(learning_rate=0.1)};
 *       a new kind is a {@link LearnerProvider} registered in {@code META-INF/services}.
 *   <li>{@link Snapshots} writes snapshot directories atomically and loads any kind a registered
 *       {@link SnapshotReader} knows; {@link SnapshotManifest} is the manifest's content.
 *   <li>{@link PolicyAgents} plays a learned policy as an agent: {@code policy(path='...')} from a
 *       snapshot, {@link PolicyAgents#of} from memory. {@link LearnedPolicy#asGamePolicy()} lets
 *       solvers evaluate one (NashConv, exploitability).
 * </ul>
 *
 * <p>The learners live in sub-packages, one per kind: {@code tabular} and {@code neural}; turn-level
 * advantages (MARS) in {@code advantage}.
 */
package io.sparring.training;
