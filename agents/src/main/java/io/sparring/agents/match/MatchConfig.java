package io.sparring.agents.match;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.sparring.core.game.Game;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that fixes a match: the game, the seed (chance and every agent's randomness derive
 * from it), who sits where, the violation policy and the time budget per decision.
 */
public record MatchConfig(
    Game game,
    long seed,
    List<Seating> seatings,
    ViolationPolicy violationPolicy,
    Optional<Duration> timeBudget,
    String matchId) {

  public MatchConfig {
    requireNonNull(game);
    seatings = List.copyOf(seatings);
    requireNonNull(violationPolicy);
    requireNonNull(timeBudget);
    requireNonNull(matchId);
    Set<Integer> taken = new HashSet<>();
    for (Seating seating : seatings) {
      for (int seat : seating.seats()) {
        checkArgument(seat >= 0 && seat < game.numPlayers(),
            "seat %s is out of range: %s has seats 0..%s", seat, game.spec(), game.numPlayers() - 1);
        checkArgument(taken.add(seat), "seat %s is given twice", seat);
      }
    }
    checkArgument(taken.size() == game.numPlayers(),
        "every seat needs a player: %s has seats 0..%s, given %s",
        game.spec(), game.numPlayers() - 1, taken);
    timeBudget.ifPresent(b -> checkArgument(b.isPositive(), "time budget %s is not positive", b));
  }

  /** A match with the default violation policy and no time budget. */
  public static MatchConfig of(Game game, long seed, List<Seating> seatings) {
    return new MatchConfig(game, seed, seatings, ViolationPolicy.defaultPolicy(), Optional.empty(), "");
  }

  public MatchConfig withSeed(long newSeed) {
    return new MatchConfig(game, newSeed, seatings, violationPolicy, timeBudget, matchId);
  }

  /** The seating that plays a seat. */
  Seating seatingOf(int seat) {
    return seatings.stream().filter(s -> s.seats().contains(seat)).findFirst().orElseThrow();
  }
}
