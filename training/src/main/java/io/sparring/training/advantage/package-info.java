/**
 * Turn-level advantages as MARS computes them, with agent-specific normalization: {@link
 * MarsAdvantages} turns finished matches ({@link LearningMatch}) into one {@link
 * io.sparring.training.ExperienceBatch} per learning player, configured by {@link AdvantageConfig}
 * and grouped by a {@link GroupKey}. docs/league.md gives the formulas. {@link ExperienceRecords}
 * writes the same numbers as {@code sparring.v1.ExperienceBatch} messages for external trainers, a
 * row per role call with MALT labels for strategists and verifiers (docs/trainers.md).
 */
package io.sparring.training.advantage;
