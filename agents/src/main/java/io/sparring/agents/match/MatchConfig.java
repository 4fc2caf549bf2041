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
 * from it), who sits where, the violation policy, the time budget per decision and how agent seeds
 * follow from the match seed. A positive {@code agentSalt} gives the agents other seeds for the same
 * deal: the league's GRPO groups play one deal several times, each with its own salt.
 */
public record MatchConfig(
    Game game,
    long seed,
    List<Seating> seatings,
    ViolationPolicy violationPolicy,
    Optional<Duration> timeBudget,
    String matchId,
    AgentSeeds agentSeeds,
    int agentSalt) {

  /** How each seating's agent seed follows from the match seed; the record's format version says which. */
  public enum AgentSeeds {
    /** HMAC-SHA256 under the match seed (record format 4): an agent's seed tells nothing of the deal. */
    ONE_WAY,
    /**
     * Mixed by steps that can be undone (format 3 and before), so an agent's seed gives the match
     * seed: only to continue a run begun that way exactly as it would have gone on.
     */
    INVERTIBLE
  }

  public MatchConfig {
    requireNonNull(game);
    seatings = List.copyOf(seatings);
    requireNonNull(violationPolicy);
    requireNonNull(timeBudget);
    requireNonNull(matchId);
    requireNonNull(agentSeeds);
    checkArgument(agentSalt >= 0, "the agent salt is not negative, got %s", agentSalt);
    checkArgument(agentSalt == 0 || agentSeeds == AgentSeeds.ONE_WAY, "only one-way agent seeds take a salt");
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

  /** A match without an agent salt: the agents' seeds follow from the match seed alone. */
  public MatchConfig(Game game, long seed, List<Seating> seatings, ViolationPolicy violationPolicy,
      Optional<Duration> timeBudget, String matchId, AgentSeeds agentSeeds) {
    this(game, seed, seatings, violationPolicy, timeBudget, matchId, agentSeeds, 0);
  }

  /** A match whose agent seeds are {@link AgentSeeds#ONE_WAY}. */
  public MatchConfig(Game game, long seed, List<Seating> seatings, ViolationPolicy violationPolicy,
      Optional<Duration> timeBudget, String matchId) {
    this(game, seed, seatings, violationPolicy, timeBudget, matchId, AgentSeeds.ONE_WAY);
  }

  /** A match with the default violation policy and no time budget. */
  public static MatchConfig of(Game game, long seed, List<Seating> seatings) {
    return new MatchConfig(game, seed, seatings, ViolationPolicy.defaultPolicy(), Optional.empty(), "");
  }

  public MatchConfig withSeed(long newSeed) {
    return new MatchConfig(game, newSeed, seatings, violationPolicy, timeBudget, matchId, agentSeeds, agentSalt);
  }

  /** The seating that plays a seat. */
  Seating seatingOf(int seat) {
    return seatings.stream().filter(s -> s.seats().contains(seat)).findFirst().orElseThrow();
  }
}
