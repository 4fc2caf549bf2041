package io.sparring.league.engine;

import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import io.sparring.agents.match.MatchConfig.AgentSeeds;
import io.sparring.core.game.Seeds;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.store.LeagueStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The seeds of a run's matches. A match seed deals every card of its match and is recorded, so it
 * comes from HMAC-SHA256 under a key the store keeps: one seen match seed tells nothing of the
 * run's other deals. The key is drawn at start ({@code match_seeds: secret}) or follows from the
 * run seed ({@code public}, for runs that must repeat from their config alone); resume reads it
 * from the store, so a resumed run deals exactly what one that never stopped would have. A run
 * begun before keyed seeds (no key in its store) keeps its invertible derivation, agent seeds
 * included, so that it too resumes exactly.
 */
final class MatchSeeds {
  /** The store's meta key that holds the key, in hex. */
  static final String META_KEY = "match_seed_key";

  private final long runSeed;
  private final Optional<byte[]> key;

  private MatchSeeds(long runSeed, Optional<byte[]> key) {
    this.runSeed = runSeed;
    this.key = key;
  }

  /** The seeds of a new run, its key saved in {@code store}. */
  static MatchSeeds start(LeagueConfig config, LeagueStore store) throws SQLException {
    byte[] key;
    if (config.matchSeeds().equals(LeagueConfig.PUBLIC_MATCH_SEEDS)) {
      key = Hashing.sha256().hashString("sparring match seeds " + config.seed(), StandardCharsets.UTF_8).asBytes();
    } else {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    }
    store.setMeta(META_KEY, BaseEncoding.base16().lowerCase().encode(key));
    return new MatchSeeds(config.seed(), Optional.of(key));
  }

  /** The seeds of a run being resumed, as its store keeps them. */
  static MatchSeeds resume(LeagueConfig config, LeagueStore store) throws SQLException {
    return new MatchSeeds(config.seed(), store.meta(META_KEY).map(hex -> BaseEncoding.base16().lowerCase().decode(hex)));
  }

  /** The seed of match {@code index}. */
  long of(long index) {
    return key.map(k -> Seeds.keyed(k, index)).orElseGet(() -> Seeds.derive(runSeed, index));
  }

  /** How the run's agents get their seeds from a match seed. */
  AgentSeeds agentSeeds() {
    return key.isPresent() ? AgentSeeds.ONE_WAY : AgentSeeds.INVERTIBLE;
  }
}
