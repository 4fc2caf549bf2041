package io.sparring.league.matchmaking;

import io.sparring.league.rating.PayoffTable;
import java.util.List;
import java.util.random.RandomGenerator;

/** Chooses the opponent of a learning player's next match. */
public interface Matchmaker {

  /**
   * The id of the next opponent: {@code learner} itself (self-play), one of {@code snapshots} or,
   * for matchmakers that consider them, one of {@code baselines}.
   *
   * @param learner the learning player's current id
   * @param snapshots the learner's frozen snapshot ids, oldest first (may be empty)
   * @param baselines fixed opponents' ids, always available (may be empty)
   * @param payoff win rates so far, for matchmakers that prioritize
   * @param random the only source of randomness, so a seeded league replays
   */
  String chooseOpponent(
      String learner, List<String> snapshots, List<String> baselines, PayoffTable payoff,
      RandomGenerator random);
}
