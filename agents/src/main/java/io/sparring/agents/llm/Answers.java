package io.sparring.agents.llm;

import io.sparring.agents.Decision;
import io.sparring.agents.SeatView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's reply. An action is looked for as the last {@code <answer>…</answer>}, then a
 * bracketed action ({@code [3]}, {@code [X(1,1)]}, last first), then the whole reply or its last
 * line as a bare legal action; each candidate goes through the game's own parser. A reply with no
 * readable action becomes free text (the answer tag's text, else the last line): a game that
 * declares text actions gets it as a text action, and other games' matches reject it as invalid
 * output (with the game's message naming the legal actions) and hand it to the violation policy.
 */
final class Answers {
  private static final Pattern ANSWER = Pattern.compile("<answer>(.*?)</answer>",
      Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern BRACKETED = Pattern.compile("\\[([^\\[\\]\\n]{1,60})]");
  private static final Pattern VERDICT = Pattern.compile("\\b(accept|reject)(?:s|ed)?\\b",
      Pattern.CASE_INSENSITIVE);

  private Answers() {}

  /** A generator's or refiner's decision: the action when one is readable, else the reply as free text. */
  static Decision action(String reply, SeatView view) {
    Optional<String> tagged = lastAnswer(reply);
    List<String> candidates = new ArrayList<>();
    tagged.ifPresent(candidates::add);
    List<String> brackets = new ArrayList<>();
    Matcher bracketed = BRACKETED.matcher(reply);
    while (bracketed.find()) {
      brackets.add(bracketed.group(1));
    }
    candidates.addAll(brackets.reversed());
    candidates.add(reply);
    candidates.add(lastLine(reply));
    for (String candidate : candidates) {
      OptionalInt action = parse(candidate, view);
      if (action.isPresent()) {
        return new Decision(action.getAsInt(), candidate.strip(), reply, Decision.Verdict.NONE,
            OptionalDouble.empty(), Duration.ZERO, List.of());
      }
    }
    // What the match will fail to read: the tagged answer if there was one, else the last line.
    String unreadable = tagged.orElse(lastLine(reply)).strip();
    return new Decision(Decision.NO_ACTION, unreadable, reply, Decision.Verdict.NONE,
        OptionalDouble.empty(), Duration.ZERO, List.of());
  }

  /**
   * A verifier's verdict: accept or reject in the answer tag, else the last of those words in the
   * reply. A reply with neither accepts (the proposal stands) and says so in the critique. The
   * critique is the reply without its answer tag.
   */
  static Decision verdict(String reply) {
    String critique = ANSWER.matcher(reply).replaceAll("").strip();
    Optional<Boolean> accept = lastAnswer(reply).flatMap(Answers::lastVerdict).or(() -> lastVerdict(reply));
    if (accept.isEmpty()) {
      return Decision.verdict(true, "(no accept or reject found; the proposal stands) " + critique)
          .withText(reply.isBlank() ? "(empty reply; the proposal stands)" : reply);
    }
    return Decision.verdict(accept.get(), critique.isEmpty() ? reply.strip() : critique);
  }

  /** A strategist's strategy: the answer tag's text, else the whole reply. */
  static Decision strategy(String reply) {
    return Decision.text(lastAnswer(reply).orElse(reply).strip());
  }

  private static Optional<String> lastAnswer(String reply) {
    Matcher m = ANSWER.matcher(reply);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return Optional.ofNullable(last);
  }

  private static Optional<Boolean> lastVerdict(String text) {
    Matcher m = VERDICT.matcher(text);
    Boolean last = null;
    while (m.find()) {
      last = m.group(1).equalsIgnoreCase("accept");
    }
    return Optional.ofNullable(last);
  }

  private static String lastLine(String reply) {
    String[] lines = reply.strip().split("\\R");
    return lines[lines.length - 1].strip().replaceAll("[.!]+$", "");
  }

  private static OptionalInt parse(String candidate, SeatView view) {
    String text = candidate.strip();
    if (text.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(view.parseAction(text));
    } catch (IllegalArgumentException | IllegalStateException unreadable) {
      return OptionalInt.empty();
    }
  }
}
