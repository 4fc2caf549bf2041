package io.sparring.agents;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What an agent returns for one call: an action (by index, or as free text for the game to parse),
 * the text it wrote (a strategy, a critique, a reasoning trace), a verifier's verdict, an optional
 * log-probability of the action, and how long it took. A team's decision also carries the outputs
 * of its roles in the order they were called; a language model's, the tokens of its completion.
 */
public record Decision(
    int action,
    String freeText,
    String text,
    Verdict verdict,
    OptionalDouble logProbability,
    Duration latency,
    List<RoleStep> roleSteps,
    CompletionTokens tokens) {

  /** {@link #action()} when the decision names no action (a strategy, a critique, free text). */
  public static final int NO_ACTION = -1;

  /** A verifier's judgement; {@code NONE} for the other roles. */
  public enum Verdict {
    NONE,
    ACCEPT,
    REJECT
  }

  /** One role's output inside a team's turn. */
  public record RoleStep(Role role, String agent, String input, Decision decision) {
    public RoleStep {
      requireNonNull(role);
      requireNonNull(agent);
      requireNonNull(input);
      requireNonNull(decision);
    }
  }

  public Decision {
    requireNonNull(freeText);
    requireNonNull(text);
    requireNonNull(verdict);
    requireNonNull(logProbability);
    requireNonNull(latency);
    roleSteps = List.copyOf(roleSteps);
    requireNonNull(tokens);
    checkArgument(action >= NO_ACTION, "action %s is negative", action);
  }

  /** A decision without completion tokens (every agent but a language model). */
  public Decision(int action, String freeText, String text, Verdict verdict, OptionalDouble logProbability,
      Duration latency, List<RoleStep> roleSteps) {
    this(action, freeText, text, verdict, logProbability, latency, roleSteps, CompletionTokens.NONE);
  }

  /** Chooses an action by index. */
  public static Decision action(int action) {
    return new Decision(action, "", "", Verdict.NONE, OptionalDouble.empty(), Duration.ZERO, List.of());
  }

  /** Answers in free text, which the game parses (an LLM's answer, a negotiation message). */
  public static Decision freeText(String text) {
    return new Decision(NO_ACTION, text, text, Verdict.NONE, OptionalDouble.empty(), Duration.ZERO,
        List.of());
  }

  /** A strategist's strategy or any text without an action. */
  public static Decision text(String text) {
    return new Decision(NO_ACTION, "", text, Verdict.NONE, OptionalDouble.empty(), Duration.ZERO,
        List.of());
  }

  /** A verifier's verdict with its critique. */
  public static Decision verdict(boolean accept, String critique) {
    return new Decision(NO_ACTION, "", critique, accept ? Verdict.ACCEPT : Verdict.REJECT,
        OptionalDouble.empty(), Duration.ZERO, List.of());
  }

  public Decision withText(String newText) {
    return new Decision(action, freeText, newText, verdict, logProbability, latency, roleSteps, tokens);
  }

  public Decision withLogProbability(double value) {
    return new Decision(action, freeText, text, verdict, OptionalDouble.of(value), latency, roleSteps, tokens);
  }

  public Decision withLatency(Duration value) {
    return new Decision(action, freeText, text, verdict, logProbability, value, roleSteps, tokens);
  }

  public Decision withRoleSteps(List<RoleStep> steps) {
    return new Decision(action, freeText, text, verdict, logProbability, latency, steps, tokens);
  }

  /** The decision with the tokens of the completion it was read from. */
  public Decision withTokens(CompletionTokens value) {
    return new Decision(action, freeText, text, verdict, logProbability, latency, roleSteps, value);
  }
}
