/**
 * The {@code llm} backend: a model behind an OpenAI-compatible chat-completions endpoint in any
 * team role. {@code LlmAgents} is the provider; the HTTP client (retries, backoff, the per-endpoint
 * limit), the prompt templates (resources under {@code prompts/}) and the reply parser are
 * package-private. docs/llm.md is the user's guide.
 */
package io.sparring.agents.llm;
