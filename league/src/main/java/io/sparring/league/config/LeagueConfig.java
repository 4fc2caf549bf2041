package io.sparring.league.config;

import io.sparring.training.advantage.AdvantageConfig;
import java.util.List;

/**
 * A league run's configuration, as bound from YAML (snake_case keys). {@link ConfigLoader} fills
 * every key from the embedded default and validates the values; docs/league.md explains each.
 */
public record LeagueConfig(
    long seed,
    String matchSeeds,
    String game,
    int matches,
    int batchMatches,
    int groupSize,
    int threads,
    int concurrentMatches,
    String violationPolicy,
    List<PlayerConfig> players,
    List<BaselineConfig> baselines,
    double baselineRate,
    AdvantageConfig advantage,
    RatingsConfig ratings,
    EvaluationConfig evaluation,
    ReportConfig report) {

  public LeagueConfig {
    players = players == null ? List.of() : List.copyOf(players);
    baselines = baselines == null ? List.of() : List.copyOf(baselines);
  }

  /** A player that learns: its learner, how it picks opponents, how often it snapshots. */
  public record PlayerConfig(String name, String learner, String matchmaker, int snapshotEvery) {}

  /** A fixed opponent that never learns. */
  public record BaselineConfig(String name, String agent) {}

  /** Elo and Bradley–Terry settings. */
  public record RatingsConfig(double eloInitial, double eloK, int bootstrap) {}

  /**
   * How often to measure exploitability (where the game's tree is small enough) and, with {@code
   * minimaxGames} > 0, losses against minimax in that many games per seat.
   */
  public record EvaluationConfig(int every, int minimaxGames) {}

  /** How often to print standings. */
  public record ReportConfig(double standingsSeconds) {}

  /** {@code match_seeds: secret}: match seeds come from a key drawn at start and kept in the store. */
  public static final String SECRET_MATCH_SEEDS = "secret";
  /** {@code match_seeds: public}: match seeds follow from {@code seed} alone. */
  public static final String PUBLIC_MATCH_SEEDS = "public";

  /** Threads that play matches: {@code threads}, or every core when it is 0. */
  public int playingThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** Matches in flight at once: {@code concurrent_matches}, or one per playing thread when it is 0. */
  public int matchesInFlight() {
    return concurrentMatches > 0 ? concurrentMatches : playingThreads();
  }

  /** The number of batches the run plays. */
  public int batches() {
    return (matches + batchMatches - 1) / batchMatches;
  }
}
