/**
 * Neural learners on DJL's PyTorch engine: {@code reinforce(...)} and {@code ppo(...)} over a
 * policy-and-value MLP ({@code network=mlp(hidden=[64, 64])}) reading the information-state tensor
 * with the legal-action mask on the logits; the {@code mlp} snapshot kind; and {@link
 * io.sparring.training.neural.InferenceQueue}, which batches the forward passes of many concurrent
 * matches. Frozen policies are plain Java objects; only learners and queues hold native memory,
 * freed by {@code close}.
 */
package io.sparring.training.neural;
