package io.sparring.agents.match;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.Provider;
import io.sparring.core.spec.Registry;
import io.sparring.core.spec.Spec;
import java.util.List;

/**
 * What a match does when a seat's final action is invalid (unreadable or illegal), late, or the
 * agent fails: end the game with a penalty, let the agent retry with the error as feedback, or play
 * a random legal action. Every violation is recorded, whatever the policy.
 */
public sealed interface ViolationPolicy {

  /** The policy as a spec, e.g. {@code retry(times=1, then=penalty(value=-11, others=0))}. */
  Spec spec();

  /** Ends the match: the offender gets {@code value}, every other seat {@code others} (MARS: −11, 0). */
  record Penalty(double value, double others) implements ViolationPolicy {
    @Override
    public Spec spec() {
      return Spec.parse("penalty(value=%s, others=%s)".formatted(value, others));
    }
  }

  /** Asks the same agent again, up to {@code times} more times, then applies {@code then}. */
  record Retry(int times, ViolationPolicy then) implements ViolationPolicy {
    public Retry {
      checkArgument(times >= 1, "retry times must be at least 1, got %s", times);
      checkArgument(!(then instanceof Retry), "a retry cannot be followed by another retry");
    }

    @Override
    public Spec spec() {
      return Spec.parse("retry(times=%d, then=%s)".formatted(times, then.spec()));
    }
  }

  /** Plays a uniformly random legal action instead (seeded by the match). */
  record RandomAction() implements ViolationPolicy {
    @Override
    public Spec spec() {
      return Spec.of("random");
    }
  }

  /** MARS's choice for board games: the offender loses with −11, the others get 0. */
  static ViolationPolicy defaultPolicy() {
    return new Penalty(-11, 0);
  }

  /** Reads a policy spec: {@code penalty(value=-11, others=0)}, {@code retry(times=1, then=...)}, {@code random}. */
  static ViolationPolicy parse(String spec) {
    return create(Spec.parse(spec));
  }

  private static ViolationPolicy create(Spec spec) {
    Registry<Kind> registry = Registry.load(Kind.class, "violation policy");
    return registry.provider(spec.name()).create(registry.arguments(spec));
  }

  /** A kind of policy, found through ServiceLoader like every named thing. */
  interface Kind extends Provider {
    ViolationPolicy create(Arguments arguments);
  }

  /** {@code penalty}. */
  final class PenaltyKind implements Kind {
    @Override
    public String name() {
      return "penalty";
    }

    @Override
    public String description() {
      return "end the match; the offender gets value, the others get others";
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(
          Parameter.real("value", -11, "the offender's return"),
          Parameter.real("others", 0, "every other seat's return"));
    }

    @Override
    public ViolationPolicy create(Arguments arguments) {
      return new Penalty(arguments.getDouble("value"), arguments.getDouble("others"));
    }
  }

  /** {@code retry}. */
  final class RetryKind implements Kind {
    @Override
    public String name() {
      return "retry";
    }

    @Override
    public String description() {
      return "ask the agent again with the error as feedback, then apply another policy";
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(
          Parameter.integer("times", 1, 1, 100, "how many more answers to allow"),
          Parameter.spec("then", "penalty", "the policy once the retries are used up"));
    }

    @Override
    public ViolationPolicy create(Arguments arguments) {
      return new Retry(arguments.getInt("times"), ViolationPolicy.create(arguments.getSpec("then")));
    }
  }

  /** {@code random}. */
  final class RandomKind implements Kind {
    @Override
    public String name() {
      return "random";
    }

    @Override
    public String description() {
      return "play a random legal action instead";
    }

    @Override
    public ViolationPolicy create(Arguments arguments) {
      return new RandomAction();
    }
  }
}
