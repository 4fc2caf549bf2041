package io.sparring.agents;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * The tokens of a language model's completion as its server returned them: the token strings,
 * each one's log-probability under the model that sampled it, and the engine's token ids where the
 * server gives them (their count may differ from the tokens'). Recorded untouched on the role's
 * {@code RoleOutput} (docs/records.md); {@link #NONE} for agents that are not language models.
 */
public record CompletionTokens(List<String> tokens, List<Double> logprobs, List<Integer> ids) {
  /** No tokens: the agent is not a language model, did not ask, or the server sent none. */
  public static final CompletionTokens NONE = new CompletionTokens(List.of(), List.of(), List.of());

  public CompletionTokens {
    tokens = List.copyOf(tokens);
    logprobs = List.copyOf(logprobs);
    ids = List.copyOf(ids);
    checkArgument(tokens.size() == logprobs.size(), "%s tokens but %s logprobs", tokens.size(), logprobs.size());
  }

  public boolean isEmpty() {
    return tokens.isEmpty() && ids.isEmpty();
  }
}
