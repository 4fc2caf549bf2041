/**
 * The tabular learner: a softmax policy over a table of logits per information-state key, improved
 * by policy gradient on the advantages of experience batches ({@code tabular(learning_rate=...,
 * entropy=...)}), and the {@code tabular} snapshot kind that stores those logits.
 */
package io.sparring.training.tabular;
