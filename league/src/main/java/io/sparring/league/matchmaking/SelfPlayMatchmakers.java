package io.sparring.league.matchmaking;

import static java.util.Objects.requireNonNull;

import io.sparring.core.spec.Arguments;

/** {@code self_play}: the learner always plays its current self. */
public final class SelfPlayMatchmakers implements MatchmakerProvider {

  @Override
  public String name() {
    return "self_play";
  }

  @Override
  public String description() {
    return "always the learner itself (latest self-play)";
  }

  @Override
  public Matchmaker create(Arguments arguments) {
    return (learner, snapshots, baselines, payoff, random) -> requireNonNull(learner, "learner");
  }
}
