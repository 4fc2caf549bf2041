package io.sparring.league.store;

import io.sparring.proto.v1.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The run's database ({@code league.db}). One connection, used from one thread at a time; every
 * public write is one transaction, so a killed process loses only what it had not committed.
 */
public final class LeagueStore implements AutoCloseable {
  /**
   * Bumped whenever the schema changes. Version 1 (no {@code players.sha256}) is migrated on open;
   * a database of any other version is refused.
   */
  public static final int SCHEMA_VERSION = 2;
  public static final String FILE = "league.db";

  private final Connection connection;
  private final Path file;

  /** A match as stored. */
  public record MatchRow(long index, int batch, long seed, List<String> seats, List<Double> returns,
      String endReason, double millis, Trajectory trajectory) {}

  /** A match's players by seat and its returns: all that standings need. */
  public record ResultRow(long index, List<String> seats, List<Double> returns) {
    public ResultRow {
      seats = List.copyOf(seats);
      returns = List.copyOf(returns);
    }
  }

  /**
   * A player of the league: a learner, a frozen snapshot of one, or a fixed baseline. A snapshot's
   * id is its {@link io.sparring.training.SnapshotId} label, {@code batch} its version and {@code
   * sha256} its content hash (empty for other kinds, and for snapshots stored by schema version 1).
   */
  public record PlayerRow(String id, PlayerKind kind, String spec, String path, int batch, String sha256) {}

  /** One learner's update in a batch. */
  public record BatchStatsRow(int batch, String player, int samples, double loss,
      double meanAdvantage, double entropy, double seconds) {}

  /** A measured number about a player after a batch, e.g. exploitability. */
  public record EvaluationRow(int batch, String player, String metric, double value) {}

  private LeagueStore(Connection connection, Path file) {
    this.connection = connection;
    this.file = file;
  }

  /** Creates the database of a new run; the directory must not hold one already. */
  public static LeagueStore create(Path runDirectory) throws SQLException {
    Path file = runDirectory.resolve(FILE);
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " already exists; resume the run or pick a new --run-dir");
    }
    LeagueStore store = new LeagueStore(connect(file), file);
    store.createSchema();
    return store;
  }

  /** Opens the database of an existing run, checking its schema version. */
  public static LeagueStore open(Path runDirectory) throws SQLException {
    Path file = runDirectory.resolve(FILE);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no league database at " + file + "; is this a run directory?");
    }
    LeagueStore store = new LeagueStore(connect(file), file);
    String version = store.meta("schema_version").orElse("none");
    if (version.equals("1")) {
      store.migrateFromVersion1();
      version = String.valueOf(SCHEMA_VERSION);
    }
    if (!version.equals(String.valueOf(SCHEMA_VERSION))) {
      store.close();
      throw new IllegalStateException("%s has schema version %s; this Sparring reads version %d"
          .formatted(file, version, SCHEMA_VERSION));
    }
    return store;
  }

  private static Connection connect(Path file) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = connection.createStatement()) {
      // WAL: committed transactions survive a killed process; NORMAL skips an fsync per commit.
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA foreign_keys=ON");
    }
    connection.setAutoCommit(false);
    return connection;
  }

  /** Version 2 added the snapshots' content hash; older snapshots get '' (their manifest has it). */
  private void migrateFromVersion1() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("ALTER TABLE players ADD COLUMN sha256 TEXT NOT NULL DEFAULT ''");
      putMeta("schema_version", String.valueOf(SCHEMA_VERSION));
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  private void createSchema() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute("""
          CREATE TABLE players (id TEXT PRIMARY KEY, kind TEXT NOT NULL, spec TEXT NOT NULL,
            path TEXT NOT NULL, batch INTEGER NOT NULL, sha256 TEXT NOT NULL DEFAULT '')""");
      s.execute("""
          CREATE TABLE matches (match_index INTEGER PRIMARY KEY, batch INTEGER NOT NULL,
            game TEXT NOT NULL, seed INTEGER NOT NULL, seats TEXT NOT NULL, returns TEXT NOT NULL,
            end_reason TEXT NOT NULL, millis REAL NOT NULL, trajectory BLOB NOT NULL)""");
      s.execute("CREATE INDEX matches_by_batch ON matches (batch)");
      s.execute("""
          CREATE TABLE batches (batch INTEGER PRIMARY KEY, matches INTEGER NOT NULL,
            seconds REAL NOT NULL, completed_at TEXT NOT NULL)""");
      s.execute("""
          CREATE TABLE batch_stats (batch INTEGER NOT NULL, player TEXT NOT NULL,
            samples INTEGER NOT NULL, loss REAL NOT NULL, mean_advantage REAL NOT NULL,
            entropy REAL NOT NULL, seconds REAL NOT NULL, PRIMARY KEY (batch, player))""");
      s.execute("""
          CREATE TABLE rating_history (batch INTEGER NOT NULL, player TEXT NOT NULL,
            elo REAL NOT NULL, PRIMARY KEY (batch, player))""");
      s.execute("""
          CREATE TABLE evaluations (batch INTEGER NOT NULL, player TEXT NOT NULL,
            metric TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (batch, player, metric))""");
    }
    putMeta("schema_version", String.valueOf(SCHEMA_VERSION));
    connection.commit();
  }

  public Path file() {
    return file;
  }

  public Optional<String> meta(String key) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      q.setString(1, key);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    }
  }

  public void setMeta(String key, String value) throws SQLException {
    putMeta(key, value);
    connection.commit();
  }

  private void putMeta(String key, String value) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
      q.setString(1, key);
      q.setString(2, value);
      q.executeUpdate();
    }
  }

  public void addPlayer(PlayerRow player) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(
        "INSERT INTO players (id, kind, spec, path, batch, sha256) VALUES (?, ?, ?, ?, ?, ?)")) {
      q.setString(1, player.id());
      q.setString(2, player.kind().label());
      q.setString(3, player.spec());
      q.setString(4, player.path());
      q.setInt(5, player.batch());
      q.setString(6, player.sha256());
      q.executeUpdate();
    }
    connection.commit();
  }

  public List<PlayerRow> players() throws SQLException {
    List<PlayerRow> players = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT id, kind, spec, path, batch, sha256 FROM players ORDER BY rowid")) {
      while (r.next()) {
        players.add(new PlayerRow(r.getString(1), PlayerKind.of(r.getString(2)), r.getString(3), r.getString(4),
            r.getInt(5), r.getString(6)));
      }
    }
    return players;
  }

  /** Stores finished matches in one transaction. */
  public void addMatches(List<MatchRow> matches) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement("""
        INSERT INTO matches (match_index, batch, game, seed, seats, returns, end_reason, millis, trajectory)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      for (MatchRow m : matches) {
        q.setLong(1, m.index());
        q.setInt(2, m.batch());
        q.setString(3, m.trajectory().getGame());
        q.setLong(4, m.seed());
        q.setString(5, String.join(",", m.seats()));
        q.setString(6, m.returns().toString());
        q.setString(7, m.endReason());
        q.setDouble(8, m.millis());
        q.setBytes(9, compress(m.trajectory().toByteArray()));
        q.addBatch();
      }
      q.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  /** Every stored match in index order, or only those of one batch. */
  public List<MatchRow> matches(OptionalLong batch) throws SQLException {
    String sql = "SELECT match_index, batch, seed, seats, returns, end_reason, millis, trajectory FROM matches"
        + (batch.isPresent() ? " WHERE batch = ?" : "") + " ORDER BY match_index";
    List<MatchRow> rows = new ArrayList<>();
    try (PreparedStatement q = connection.prepareStatement(sql)) {
      if (batch.isPresent()) {
        q.setLong(1, batch.getAsLong());
      }
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          List<Double> returns = parseReturns(r.getString(5));
          try {
            rows.add(new MatchRow(r.getLong(1), r.getInt(2), r.getLong(3), List.of(r.getString(4).split(",")),
                returns, r.getString(6), r.getDouble(7), Trajectory.parseFrom(decompress(r.getBytes(8)))));
          } catch (java.io.IOException e) {
            throw new SQLException("match " + r.getLong(1) + " has a corrupt trajectory", e);
          }
        }
      }
    }
    return rows;
  }

  /** Who played each stored match and its returns, in index order, without the trajectories. */
  public List<ResultRow> results() throws SQLException {
    List<ResultRow> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT match_index, seats, returns FROM matches ORDER BY match_index")) {
      while (r.next()) {
        rows.add(new ResultRow(r.getLong(1), List.of(r.getString(2).split(",")), parseReturns(r.getString(3))));
      }
    }
    return rows;
  }

  /** The indices of the stored matches of one batch. */
  public java.util.Set<Long> matchIndices(int batch) throws SQLException {
    java.util.Set<Long> indices = new java.util.HashSet<>();
    try (PreparedStatement q = connection.prepareStatement("SELECT match_index FROM matches WHERE batch = ?")) {
      q.setInt(1, batch);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          indices.add(r.getLong(1));
        }
      }
    }
    return indices;
  }

  private static List<Double> parseReturns(String text) {
    List<Double> returns = new ArrayList<>();
    for (String v : text.substring(1, text.length() - 1).split(",")) {
      returns.add(Double.parseDouble(v.strip()));
    }
    return returns;
  }

  public long matchCount() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM matches")) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  /** Marks a batch complete with its learners' statistics and the ratings after it, atomically. */
  public void completeBatch(int batch, int matches, double seconds, List<BatchStatsRow> stats,
      java.util.Map<String, Double> elo) throws SQLException {
    try {
      try (PreparedStatement q = connection.prepareStatement(
          "INSERT INTO batches (batch, matches, seconds, completed_at) VALUES (?, ?, ?, datetime('now'))")) {
        q.setInt(1, batch);
        q.setInt(2, matches);
        q.setDouble(3, seconds);
        q.executeUpdate();
      }
      try (PreparedStatement q = connection.prepareStatement("""
          INSERT INTO batch_stats (batch, player, samples, loss, mean_advantage, entropy, seconds)
          VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
        for (BatchStatsRow s : stats) {
          q.setInt(1, s.batch());
          q.setString(2, s.player());
          q.setInt(3, s.samples());
          q.setDouble(4, s.loss());
          q.setDouble(5, s.meanAdvantage());
          q.setDouble(6, s.entropy());
          q.setDouble(7, s.seconds());
          q.addBatch();
        }
        q.executeBatch();
      }
      try (PreparedStatement q = connection.prepareStatement(
          "INSERT INTO rating_history (batch, player, elo) VALUES (?, ?, ?)")) {
        for (var entry : elo.entrySet()) {
          q.setInt(1, batch);
          q.setString(2, entry.getKey());
          q.setDouble(3, entry.getValue());
          q.addBatch();
        }
        q.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  /** The last batch marked complete, or 0. */
  public int completedBatches() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT COALESCE(MAX(batch), 0) FROM batches")) {
      return r.next() ? r.getInt(1) : 0;
    }
  }

  public void addEvaluation(EvaluationRow row) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(
        "INSERT OR REPLACE INTO evaluations (batch, player, metric, value) VALUES (?, ?, ?, ?)")) {
      q.setInt(1, row.batch());
      q.setString(2, row.player());
      q.setString(3, row.metric());
      q.setDouble(4, row.value());
      q.executeUpdate();
    }
    connection.commit();
  }

  public List<EvaluationRow> evaluations() throws SQLException {
    List<EvaluationRow> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT batch, player, metric, value FROM evaluations ORDER BY batch")) {
      while (r.next()) {
        rows.add(new EvaluationRow(r.getInt(1), r.getString(2), r.getString(3), r.getDouble(4)));
      }
    }
    return rows;
  }

  /** Elo per player after each completed batch: batch → player → rating. */
  public java.util.SortedMap<Integer, java.util.Map<String, Double>> ratingHistory() throws SQLException {
    java.util.SortedMap<Integer, java.util.Map<String, Double>> history = new java.util.TreeMap<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT batch, player, elo FROM rating_history ORDER BY batch")) {
      while (r.next()) {
        history.computeIfAbsent(r.getInt(1), b -> new java.util.LinkedHashMap<>()).put(r.getString(2), r.getDouble(3));
      }
    }
    return history;
  }

  public List<BatchStatsRow> batchStats() throws SQLException {
    List<BatchStatsRow> rows = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
        "SELECT batch, player, samples, loss, mean_advantage, entropy, seconds FROM batch_stats ORDER BY batch")) {
      while (r.next()) {
        rows.add(new BatchStatsRow(r.getInt(1), r.getString(2), r.getInt(3), r.getDouble(4),
            r.getDouble(5), r.getDouble(6), r.getDouble(7)));
      }
    }
    return rows;
  }

  /** Trajectories repeat the rules and state texts turn after turn; deflate shrinks them ~10x. */
  private static byte[] compress(byte[] raw) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length / 4 + 64);
    java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
    try (var stream = new java.util.zip.DeflaterOutputStream(out, deflater)) {
      stream.write(raw);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // cannot happen in memory
    } finally {
      deflater.end();
    }
    return out.toByteArray();
  }

  private static byte[] decompress(byte[] stored) throws java.io.IOException {
    try (var in = new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(stored))) {
      return in.readAllBytes();
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
