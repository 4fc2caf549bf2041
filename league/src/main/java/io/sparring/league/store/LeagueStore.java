package io.sparring.league.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sparring.proto.v1.Trajectory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * A league's store: its players, matches, batches, ratings and evaluations. The embedded default
 * is a SQLite file in the run directory ({@value #FILE}); a run started with a PostgreSQL URL keeps
 * the same tables in a schema of its own in that database, named in the run directory's {@value
 * #SERVER_FILE}. One connection, used from one thread at a time; every public write is one
 * transaction, so a killed process loses only what it had not committed. Readers ({@link
 * #openReadOnly}) never write, not even a migration.
 */
public final class LeagueStore implements AutoCloseable {
  /**
   * Bumped whenever the schema changes. Version 3 stores compact records ({@link RecordCodec}) and
   * snapshot paths relative to the run directory; 4 keeps the key of the run's match seeds in meta
   * (a release before it would resume such a run with other deals). Older versions are migrated
   * when a run is resumed (a run without a key keeps its old seeds) and read as they are
   * otherwise. A newer version is refused.
   */
  public static final int SCHEMA_VERSION = 4;
  public static final String FILE = "league.db";
  /** Where a run kept on a database server names its store (never a password). */
  public static final String SERVER_FILE = "store.properties";
  /** The environment variable the PostgreSQL password is read from (libpq's own). */
  public static final String PASSWORD_ENV = "PGPASSWORD";

  private final Connection connection;
  private final Dialect dialect;
  private final String name;
  private final int schemaVersion;
  private RecordCodec codec;

  /** The SQL that differs between the two backends. */
  private enum Dialect {
    SQLITE("BLOB", "REAL", "INTEGER"),
    POSTGRESQL("BYTEA", "DOUBLE PRECISION", "BIGINT");

    final String bytes;
    final String real;
    final String bigint;

    Dialect(String bytes, String real, String bigint) {
      this.bytes = bytes;
      this.real = real;
      this.bigint = bigint;
    }
  }

  /**
   * A match as stored: who sat where, the returns, and its record ({@code null} once retention
   * pruned it).
   */
  public record MatchRow(long index, int batch, List<String> seats, List<Double> returns, Trajectory trajectory) {
    public MatchRow {
      seats = List.copyOf(seats);
      returns = List.copyOf(returns);
    }

    public long seed() {
      return trajectory.getSeed();
    }

    public String endReason() {
      return trajectory.getEndReason().name();
    }
  }

  /** A match's players by seat and its returns: all that standings need. */
  public record ResultRow(long index, List<String> seats, List<Double> returns) {
    public ResultRow {
      seats = List.copyOf(seats);
      returns = List.copyOf(returns);
    }
  }

  /**
   * A player of the league: a learner, a frozen snapshot of one, or a fixed baseline. A snapshot's
   * id is its {@link io.sparring.training.SnapshotId} label, {@code batch} its version, {@code path}
   * its directory relative to the run directory (absolute or relative to the working directory in
   * runs of schema 1 and 2) and {@code sha256} its content hash (empty for other kinds, and for
   * snapshots stored by schema version 1).
   */
  public record PlayerRow(String id, PlayerKind kind, String spec, String path, int batch, String sha256) {}

  /** One learner's update in a batch. */
  public record BatchStatsRow(int batch, String player, int samples, double loss,
      double meanAdvantage, double entropy, double seconds) {}

  /** A measured number about a player after a batch, e.g. exploitability. */
  public record EvaluationRow(int batch, String player, String metric, double value) {}

  /** A change of the run's configuration accepted on resume with {@code --allow-config-change}. */
  public record ConfigChangeRow(int afterBatch, String keys, String at) {}

  private LeagueStore(Connection connection, Dialect dialect, String name, int schemaVersion) {
    this.connection = connection;
    this.dialect = dialect;
    this.name = name;
    this.schemaVersion = schemaVersion;
  }

  /** Whether {@code runDirectory} holds a league's store (a file, or the name of a server's). */
  public static boolean exists(Path runDirectory) {
    return Files.exists(runDirectory.resolve(FILE)) || Files.exists(runDirectory.resolve(SERVER_FILE));
  }

  /**
   * Creates the store of a new run: a SQLite file in the run directory, or, given a {@code
   * jdbc:postgresql:} URL, a new schema in that database (named in {@value #SERVER_FILE}).
   *
   * @param server empty for the embedded SQLite file
   * @param game the league's game spec and {@code violationPolicy} its violation policy, which
   *     every record shares and the store therefore keeps once
   */
  public static LeagueStore create(Path runDirectory, Optional<String> server, String game, String violationPolicy)
      throws SQLException {
    if (exists(runDirectory)) {
      throw new IllegalStateException(runDirectory + " already holds a league; resume it or pick a new --run-dir");
    }
    LeagueStore store;
    if (server.isEmpty()) {
      try {
        Files.createDirectories(runDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the run directory " + runDirectory, e);
      }
      Path file = runDirectory.resolve(FILE);
      store = new LeagueStore(sqlite(file, false), Dialect.SQLITE, file.toString(), SCHEMA_VERSION);
    } else {
      ServerStore where = ServerStore.create(runDirectory, server.get());
      store = new LeagueStore(where.connect(true), Dialect.POSTGRESQL, where.describe(), SCHEMA_VERSION);
      try {
        store.lockSchema(where.schema());
        where.write(runDirectory);
      } catch (IOException e) {
        store.close();
        throw new UncheckedIOException("cannot write " + runDirectory.resolve(SERVER_FILE), e);
      } catch (SQLException | RuntimeException e) {
        store.close();
        throw e;
      }
    }
    try {
      store.createSchema();
      store.putMeta("game", game);
      store.putMeta("violation_policy", violationPolicy);
      store.putMeta("run_directory", runDirectory.toAbsolutePath().normalize().toString());
      store.connection.commit();
    } catch (SQLException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** Opens the store of an existing run to write to it, migrating an older schema first. */
  public static LeagueStore open(Path runDirectory) throws SQLException {
    LeagueStore store = connect(runDirectory, false);
    try {
      if (store.schemaVersion < SCHEMA_VERSION) {
        store.migrate(runDirectory);
        store.close();
        store = connect(runDirectory, false);
      }
      if (store.dialect == Dialect.POSTGRESQL) {
        store.checkNotACopy(runDirectory);
      }
      return store;
    } catch (SQLException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Opens the store of a run to read it while another process may be writing it: no lock is
   * taken and nothing is written (a store of an older schema is read as it is).
   */
  public static LeagueStore openReadOnly(Path runDirectory) throws SQLException {
    return connect(runDirectory, true);
  }

  private static LeagueStore connect(Path runDirectory, boolean readOnly) throws SQLException {
    if (Files.isRegularFile(runDirectory)) {
      throw new IllegalStateException(runDirectory + " is a file, not a run directory");
    }
    Path file = runDirectory.resolve(FILE);
    LeagueStore store;
    if (Files.exists(runDirectory.resolve(SERVER_FILE))) {
      ServerStore where = ServerStore.read(runDirectory);
      store = new LeagueStore(where.connect(false), Dialect.POSTGRESQL, where.describe(), 0);
      if (!readOnly) {
        try {
          store.lockSchema(where.schema());
        } catch (SQLException | RuntimeException e) {
          store.close();
          throw e;
        }
      }
    } else if (Files.exists(file)) {
      if (file.toFile().length() == 0) { // before connecting: SQLite would write a header into it
        throw new StoreException(file + " is empty: it holds no league (the run may have been killed while"
            + " it was created). Delete the run directory and start a new run.");
      }
      store = new LeagueStore(sqlite(file, readOnly), Dialect.SQLITE, file.toString(), 0);
    } else {
      throw new IllegalStateException("no league database at " + file + "; is " + runDirectory
          + " a run directory? (a run directory holds " + FILE + " or " + SERVER_FILE + ")");
    }
    try {
      return store.checked(readOnly);
    } catch (SQLException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * One writer per schema, wherever its run directories are (a copied directory names the same
   * schema): a session-level advisory lock, which the server drops when the connection ends.
   */
  private void lockSchema(String schema) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
      q.setString(1, schema);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        if (!r.getBoolean(1)) {
          throw new IllegalStateException(name + " is being written by another process (a copy of this run"
              + " directory names the same schema); stop it first (standings and eval do not need the lock)");
        }
      }
    }
    connection.commit();
  }

  /**
   * A PostgreSQL run's directory is a pointer to its schema, so a copied directory would write into
   * the original's store: refused while the directory that made the store still holds it (a moved
   * run is followed).
   */
  private void checkNotACopy(Path runDirectory) throws SQLException {
    String here = runDirectory.toAbsolutePath().normalize().toString();
    Optional<String> recorded = meta("run_directory");
    if (recorded.isPresent() && !recorded.get().equals(here)) {
      Path original = Path.of(recorded.get());
      if (Files.exists(original.resolve(SERVER_FILE))) {
        throw new IllegalStateException(runDirectory + " is a copy of " + original + ": both name the store "
            + name + ", so writing here would change the original's. Resume the original, or copy the"
            + " schema too (pg_dump --schema) and start a new run from it");
      }
    }
    if (recorded.isEmpty() || !recorded.get().equals(here)) {
      setMeta("run_directory", here);
    }
  }

  /**
   * The same store with its schema version read and checked, and, for a writer, SQLite's pages
   * checked (a scan of the whole file, which readers skip: they report corruption when they meet it).
   */
  private LeagueStore checked(boolean readOnly) throws SQLException {
    if (dialect == Dialect.SQLITE && !readOnly) {
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery("PRAGMA quick_check(1)")) {
        String result = r.next() ? r.getString(1) : "no answer";
        if (!result.equals("ok")) {
          throw corrupt(result, null);
        }
      } catch (SQLException e) {
        throw translate(e);
      }
    }
    String version;
    try {
      version = meta("schema_version").orElse("none");
    } catch (SQLException e) {
      if (corruption(e)) {
        throw translate(e);
      }
      throw new StoreException(name + " is not a league database (" + e.getMessage() + "); is this the"
          + " right run directory?", e);
    }
    int number;
    try {
      number = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw new StoreException(name + " has no valid schema version ('" + version + "'); it is not a league"
          + " database this Sparring wrote");
    }
    if (number > SCHEMA_VERSION) {
      throw new StoreException(name + " has schema version " + number + ", written by a newer Sparring; this"
          + " Sparring reads schema versions 1 to " + SCHEMA_VERSION + ". Upgrade Sparring to use this run.");
    }
    if (number < 1) {
      throw new StoreException(name + " has schema version " + number + ", which no Sparring wrote");
    }
    return new LeagueStore(connection, dialect, name, number);
  }

  private static Connection sqlite(Path file, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    if (!readOnly) { // a reader finds the writer's mode in the file; setting it would write
      // WAL: committed transactions survive a killed process, and readers never block the writer.
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    }
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // no fsync per commit
    config.enforceForeignKeys(true);
    config.setBusyTimeout(10_000);
    config.setReadOnly(readOnly);
    Connection connection;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    } catch (SQLException e) {
      throw translate(e, file.toString());
    }
    // a reader commits nothing and must see each new commit, so it holds no transaction open
    connection.setAutoCommit(readOnly);
    return connection;
  }

  private StoreException translate(SQLException e) {
    return translate(e, name);
  }

  private static StoreException translate(SQLException e, String name) {
    return corruption(e) ? corrupt(name, e.getMessage(), e) : new StoreException(name + ": " + e.getMessage(), e);
  }

  private static boolean corruption(SQLException e) {
    int code = e.getErrorCode();
    return code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code;
  }

  private StoreException corrupt(String detail, Throwable cause) {
    return corrupt(name, detail, cause);
  }

  private static StoreException corrupt(String name, String detail, Throwable cause) {
    return new StoreException(name + " is corrupt or truncated, so SQLite cannot read it (" + detail + ")."
        + " Restore the file from a copy, or start a new run; the run's snapshots are files beside it and"
        + " 'sqlite3 " + name + " .recover' may save some of its matches.", cause);
  }

  private void createSchema() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute("""
          CREATE TABLE players (position INTEGER NOT NULL, id TEXT PRIMARY KEY, kind TEXT NOT NULL,
            spec TEXT NOT NULL, path TEXT NOT NULL, batch INTEGER NOT NULL, sha256 TEXT NOT NULL DEFAULT '')""");
      s.execute(matchesTable("matches"));
      s.execute("CREATE INDEX matches_by_batch ON matches (batch)");
      s.execute("""
          CREATE TABLE batches (batch INTEGER PRIMARY KEY, matches INTEGER NOT NULL,
            seconds %s NOT NULL, completed_at TEXT NOT NULL)""".formatted(dialect.real));
      s.execute("""
          CREATE TABLE batch_stats (batch INTEGER NOT NULL, player TEXT NOT NULL,
            samples INTEGER NOT NULL, loss %1$s NOT NULL, mean_advantage %1$s NOT NULL,
            entropy %1$s NOT NULL, seconds %1$s NOT NULL, PRIMARY KEY (batch, player))""".formatted(dialect.real));
      s.execute("""
          CREATE TABLE rating_history (batch INTEGER NOT NULL, player TEXT NOT NULL,
            elo %s NOT NULL, PRIMARY KEY (batch, player))""".formatted(dialect.real));
      s.execute("""
          CREATE TABLE evaluations (batch INTEGER NOT NULL, player TEXT NOT NULL,
            metric TEXT NOT NULL, value %s NOT NULL, PRIMARY KEY (batch, player, metric))""".formatted(dialect.real));
      s.execute(configChangesTable());
    }
    putMeta("schema_version", String.valueOf(SCHEMA_VERSION));
    connection.commit();
  }

  /** The matches: seats and returns as text for standings, the record encoded by {@link RecordCodec}. */
  private String matchesTable(String table) {
    return """
        CREATE TABLE %s (match_index %s PRIMARY KEY, batch INTEGER NOT NULL, seats TEXT NOT NULL,
          returns TEXT NOT NULL, codec INTEGER NOT NULL, record %s)""".formatted(table, dialect.bigint, dialect.bytes);
  }

  private static String configChangesTable() {
    return """
        CREATE TABLE config_changes (after_batch INTEGER NOT NULL, keys TEXT NOT NULL,
          changed_at TEXT NOT NULL)""";
  }

  /**
   * Schema 1 or 2 to 3 (SQLite only): snapshots' content hash (2); players' position, matches
   * without the columns their record repeats, snapshot paths relative to the run directory, a table
   * of accepted config changes (3). Old records stay as they were written (codec 0). 3 to 4 changes
   * no table.
   */
  private void migrate(Path runDirectory) throws SQLException {
    try (Statement s = connection.createStatement()) {
      if (schemaVersion < 3) {
        migrateToVersion3(s, runDirectory);
      }
      putMeta("schema_version", String.valueOf(SCHEMA_VERSION));
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw new StoreException("cannot migrate " + name + " from schema version " + schemaVersion + " to "
          + SCHEMA_VERSION + ": " + e.getMessage() + " (nothing was changed)", e);
    }
  }

  private void migrateToVersion3(Statement s, Path runDirectory) throws SQLException {
    if (schemaVersion < 2) {
      s.execute("ALTER TABLE players ADD COLUMN sha256 TEXT NOT NULL DEFAULT ''");
    }
    s.execute("ALTER TABLE players ADD COLUMN position INTEGER NOT NULL DEFAULT 0");
    s.execute("UPDATE players SET position = rowid");
    s.execute(matchesTable("matches_v3"));
    s.execute("""
        INSERT INTO matches_v3 (match_index, batch, seats, returns, codec, record)
        SELECT match_index, batch, seats, returns, 0, trajectory FROM matches""");
    s.execute("DROP TABLE matches");
    s.execute("ALTER TABLE matches_v3 RENAME TO matches");
    s.execute("CREATE INDEX matches_by_batch ON matches (batch)");
    s.execute(configChangesTable());
    try (PreparedStatement q = connection.prepareStatement("UPDATE players SET path = ?, spec = ? WHERE id = ?")) {
      for (PlayerRow p : players()) {
        String relative = "snapshots/" + p.id();
        // the league wrote every snapshot there; a run whose copy is elsewhere keeps that path
        if (p.kind() == PlayerKind.SNAPSHOT && Files.isDirectory(runDirectory.resolve(relative))) {
          q.setString(1, relative);
          q.setString(2, "policy(path='" + relative + "')");
          q.setString(3, p.id());
          q.executeUpdate();
        }
      }
    }
  }

  /** The store in words for messages: the SQLite file, or the server and schema (no password). */
  public String name() {
    return name;
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
    try (PreparedStatement q = connection.prepareStatement("""
        INSERT INTO players (position, id, kind, spec, path, batch, sha256)
        VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM players), ?, ?, ?, ?, ?, ?)""")) {
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
    String order = schemaVersion >= 3 ? "position" : "rowid";
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
        "SELECT id, kind, spec, path, batch, " + (schemaVersion >= 2 ? "sha256" : "''") + " FROM players ORDER BY "
            + order)) {
      while (r.next()) {
        players.add(new PlayerRow(r.getString(1), PlayerKind.of(r.getString(2)), r.getString(3), r.getString(4),
            r.getInt(5), r.getString(6)));
      }
    } catch (SQLException e) {
      throw translate(e);
    }
    return players;
  }

  /** Stores finished matches in one transaction. */
  public void addMatches(List<MatchRow> matches) throws SQLException {
    if (matches.isEmpty()) {
      return;
    }
    try {
      RecordCodec stored = codec();
      RecordCodec records = stored;
      if (!stored.hasDictionary()) {
        List<byte[]> plain = matches.stream().map(m -> stored.plain(m.trajectory(), m.index())).toList();
        byte[] dictionary = RecordCodec.dictionary(plain);
        putMeta("record_dictionary", Base64.getEncoder().encodeToString(dictionary));
        records = new RecordCodec(stored.game(), stored.violationPolicy(), dictionary);
      }
      try (PreparedStatement q = connection.prepareStatement("""
          INSERT INTO matches (match_index, batch, seats, returns, codec, record) VALUES (?, ?, ?, ?, ?, ?)""")) {
        for (MatchRow m : matches) {
          RecordCodec.Encoded encoded = records.encode(m.trajectory(), m.index());
          q.setLong(1, m.index());
          q.setInt(2, m.batch());
          q.setString(3, String.join(",", m.seats()));
          q.setString(4, returnsText(m.returns()));
          q.setInt(5, encoded.codec());
          q.setBytes(6, encoded.bytes());
          q.addBatch();
        }
        q.executeBatch();
      }
      connection.commit();
      codec = records; // only once its dictionary is stored
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  /**
   * The codec of this store's records, with its dictionary once the first matches made one; kept
   * only then, so that a reader opened before the writer's first matches reads them later.
   */
  private RecordCodec codec() throws SQLException {
    if (codec != null) {
      return codec;
    }
    byte[] dictionary = meta("record_dictionary").map(Base64.getDecoder()::decode).orElse(new byte[0]);
    RecordCodec read = new RecordCodec(meta("game").orElse(""), meta("violation_policy").orElse(""), dictionary);
    if (read.hasDictionary()) {
      codec = read;
    }
    return read;
  }

  /** Every stored match of one batch, in index order. */
  public List<MatchRow> matches(int batch) throws SQLException {
    return matches("WHERE batch = ?", batch);
  }

  /** Every stored match, in index order. */
  public List<MatchRow> matches() throws SQLException {
    return matches("WHERE batch >= ?", 0);
  }

  /** The stored match of an index, if there is one. */
  public Optional<MatchRow> match(long index) throws SQLException {
    return matches("WHERE match_index = ?", index).stream().findFirst();
  }

  private List<MatchRow> matches(String where, long value) throws SQLException {
    String record = schemaVersion >= 3 ? "codec, record" : "0, trajectory";
    List<MatchRow> rows = new ArrayList<>();
    RecordCodec records = codec();
    try (PreparedStatement q = connection.prepareStatement("SELECT match_index, batch, seats, returns, " + record
        + " FROM matches " + where + " ORDER BY match_index")) {
      q.setLong(1, value);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          long index = r.getLong(1);
          byte[] bytes = r.getBytes(6);
          Trajectory trajectory;
          try {
            trajectory = bytes == null ? null : records.decode(r.getInt(5), bytes, index);
          } catch (InvalidProtocolBufferException e) {
            throw new StoreException(name + ": the record of match " + index + " is corrupt (" + e.getMessage()
                + ")", e);
          }
          rows.add(new MatchRow(index, r.getInt(2), List.of(r.getString(3).split(",")),
              parseReturns(r.getString(4)), trajectory));
        }
      }
    } catch (SQLException e) {
      throw translate(e);
    }
    return rows;
  }

  /** Who played each stored match and its returns, in index order, without the records. */
  public List<ResultRow> results() throws SQLException {
    List<ResultRow> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT match_index, seats, returns FROM matches ORDER BY match_index")) {
      while (r.next()) {
        rows.add(new ResultRow(r.getLong(1), List.of(r.getString(2).split(",")), parseReturns(r.getString(3))));
      }
    } catch (SQLException e) {
      throw translate(e);
    }
    return rows;
  }

  /** The indices of the stored matches of one batch. */
  public Set<Long> matchIndices(int batch) throws SQLException {
    Set<Long> indices = new HashSet<>();
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

  /** Returns as the shortest text that reads back exactly: "1,-1" rather than "[1.0, -1.0]". */
  private static String returnsText(List<Double> returns) {
    StringBuilder text = new StringBuilder();
    for (double value : returns) {
      if (!text.isEmpty()) {
        text.append(',');
      }
      text.append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
          : Double.toString(value));
    }
    return text.toString();
  }

  /** Reads both layouts: "1,-1" (schema 3) and "[1.0, -1.0]" (schema 1 and 2). */
  private static List<Double> parseReturns(String text) {
    String values = text.startsWith("[") ? text.substring(1, text.length() - 1) : text;
    List<Double> returns = new ArrayList<>();
    for (String v : values.split(",")) {
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
      Map<String, Double> elo) throws SQLException {
    try {
      try (PreparedStatement q = connection.prepareStatement(
          "INSERT INTO batches (batch, matches, seconds, completed_at) VALUES (?, ?, ?, ?)")) {
        q.setInt(1, batch);
        q.setInt(2, matches);
        q.setDouble(3, seconds);
        q.setString(4, Instant.now().toString());
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
    try (PreparedStatement q = connection.prepareStatement("""
        INSERT INTO evaluations (batch, player, metric, value) VALUES (?, ?, ?, ?)
        ON CONFLICT (batch, player, metric) DO UPDATE SET value = excluded.value""")) {
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
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
        "SELECT batch, player, metric, value FROM evaluations ORDER BY batch, player, metric")) {
      while (r.next()) {
        rows.add(new EvaluationRow(r.getInt(1), r.getString(2), r.getString(3), r.getDouble(4)));
      }
    }
    return rows;
  }

  /** Elo per player after each completed batch: batch → player → rating. */
  public SortedMap<Integer, Map<String, Double>> ratingHistory() throws SQLException {
    SortedMap<Integer, Map<String, Double>> history = new TreeMap<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT batch, player, elo FROM rating_history ORDER BY batch, player")) {
      while (r.next()) {
        history.computeIfAbsent(r.getInt(1), b -> new LinkedHashMap<>()).put(r.getString(2), r.getDouble(3));
      }
    }
    return history;
  }

  public List<BatchStatsRow> batchStats() throws SQLException {
    List<BatchStatsRow> rows = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
        "SELECT batch, player, samples, loss, mean_advantage, entropy, seconds FROM batch_stats ORDER BY batch, player")) {
      while (r.next()) {
        rows.add(new BatchStatsRow(r.getInt(1), r.getString(2), r.getInt(3), r.getDouble(4),
            r.getDouble(5), r.getDouble(6), r.getDouble(7)));
      }
    }
    return rows;
  }

  /**
   * Removes the records (not the results) of the matches of batches up to {@code throughBatch}
   * that {@code which} selects by their seats, and gives the space back; returns how many it
   * removed. Standings and ratings read only results, so they do not change; learners are rebuilt
   * from records, so a pruned run cannot be resumed ({@code pruned_through_batch} in meta says so).
   */
  public int pruneRecords(int throughBatch, java.util.function.Predicate<List<String>> which) throws SQLException {
    List<Long> indices = new ArrayList<>();
    try (PreparedStatement q = connection.prepareStatement(
        "SELECT match_index, seats FROM matches WHERE batch <= ? AND record IS NOT NULL ORDER BY match_index")) {
      q.setInt(1, throughBatch);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          if (which.test(List.of(r.getString(2).split(",")))) {
            indices.add(r.getLong(1));
          }
        }
      }
    }
    try (PreparedStatement q = connection.prepareStatement("UPDATE matches SET record = NULL WHERE match_index = ?")) {
      for (long index : indices) {
        q.setLong(1, index);
        q.addBatch();
      }
      q.executeBatch();
      if (!indices.isEmpty()) {
        int before = Integer.parseInt(meta("pruned_through_batch").orElse("0"));
        putMeta("pruned_through_batch", String.valueOf(Math.max(before, throughBatch)));
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
    if (dialect == Dialect.SQLITE) { // the file shrinks only when rewritten; PostgreSQL's autovacuum reclaims
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        s.execute("VACUUM");
      } finally {
        connection.setAutoCommit(false);
      }
    }
    return indices.size();
  }

  /** Records a configuration change accepted on resume, with the configuration now in force. */
  public void addConfigChange(int afterBatch, List<String> keys, String configYaml) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(
        "INSERT INTO config_changes (after_batch, keys, changed_at) VALUES (?, ?, ?)")) {
      q.setInt(1, afterBatch);
      q.setString(2, String.join(",", keys));
      q.setString(3, Instant.now().toString());
      q.executeUpdate();
    }
    putMeta("config", configYaml);
    connection.commit();
  }

  public List<ConfigChangeRow> configChanges() throws SQLException {
    List<ConfigChangeRow> rows = new ArrayList<>();
    if (schemaVersion < 3) {
      return rows;
    }
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
        "SELECT after_batch, keys, changed_at FROM config_changes ORDER BY after_batch, changed_at")) {
      while (r.next()) {
        rows.add(new ConfigChangeRow(r.getInt(1), r.getString(2), r.getString(3)));
      }
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  /**
   * Checks a {@code --store} URL before anything is made: a {@code jdbc:postgresql://} URL with
   * no password in it (the URL is written into the run directory and printed in messages).
   *
   * @throws IllegalArgumentException saying what is wrong, without echoing a password
   */
  public static void checkServerUrl(String url) {
    if (!SERVER_URL.matcher(url).matches()) {
      throw new IllegalArgumentException("--store takes jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME]"
          + " (a user name in the URL's host part, user@host, is not read by the driver; use ?user=)");
    }
    if (url.toLowerCase(Locale.ROOT).contains("password")) {
      throw new IllegalArgumentException("put the database password in the environment variable "
          + PASSWORD_ENV + ", not in the --store URL (the URL is written to " + SERVER_FILE + ")");
    }
  }

  /** A PostgreSQL JDBC URL with no user information before the host, where a password could hide. */
  private static final java.util.regex.Pattern SERVER_URL =
      java.util.regex.Pattern.compile("jdbc:postgresql://[^/@?]*(/[^?@]*)?(\\?[^@]*)?");
  /** The schema names this Sparring makes; a store.properties naming another is refused. */
  private static final java.util.regex.Pattern SCHEMA = java.util.regex.Pattern.compile("run_[a-z0-9_]{1,60}");

  /** A run's store on a PostgreSQL server: the URL (no password) and the run's schema. */
  private record ServerStore(String url, String schema) {
    static ServerStore create(Path runDirectory, String url) {
      checkServerUrl(url);
      return new ServerStore(url, schemaName(runDirectory));
    }

    /**
     * A new schema per run: the run directory's name (and its parent's, for a game of a run of
     * several) and a random suffix, so two runs of the same name never share one.
     */
    static String schemaName(Path runDirectory) {
      Path absolute = runDirectory.toAbsolutePath().normalize();
      String base = absolute.getFileName() == null ? "run" : absolute.getFileName().toString();
      Path parent = absolute.getParent();
      if (parent != null && parent.getFileName() != null
          && Files.exists(parent.resolve(io.sparring.league.run.RunDirectories.GAMES_FILE))) {
        base = parent.getFileName() + "_" + base;
      }
      String cleaned = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
      byte[] suffix = new byte[4];
      new SecureRandom().nextBytes(suffix);
      return "run_" + cleaned.substring(0, Math.min(cleaned.length(), 40)) + "_" + HexFormat.of().formatHex(suffix);
    }

    /** The store a run directory names, checked: the file is data, and data never becomes SQL. */
    static ServerStore read(Path runDirectory) {
      Path file = runDirectory.resolve(SERVER_FILE);
      Properties properties = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
      String url = properties.getProperty("url", "");
      String schema = properties.getProperty("schema", "");
      try {
        checkServerUrl(url);
      } catch (IllegalArgumentException e) {
        throw new StoreException(file + " names no usable store: " + e.getMessage());
      }
      if (!SCHEMA.matcher(schema).matches()) {
        throw new StoreException(file + " names no usable store: its schema must be run_ followed by lower-case"
            + " letters, digits and underscores");
      }
      return new ServerStore(url, schema);
    }

    void write(Path runDirectory) throws IOException {
      Properties properties = new Properties();
      properties.setProperty("url", url);
      properties.setProperty("schema", schema);
      Files.createDirectories(runDirectory);
      try (Writer out = Files.newBufferedWriter(runDirectory.resolve(SERVER_FILE))) {
        properties.store(out, "This run's league store: a schema of a PostgreSQL database (docs/league.md);"
            + " the password is read from " + PASSWORD_ENV);
      }
    }

    String describe() {
      return url + " (schema " + schema + ")";
    }

    Connection connect(boolean createSchema) throws SQLException {
      Properties properties = new Properties();
      String password = System.getenv(PASSWORD_ENV);
      if (password != null) {
        properties.setProperty("password", password);
      }
      String user = System.getenv("PGUSER");
      if (user != null && !url.contains("user=")) {
        properties.setProperty("user", user);
      }
      properties.setProperty("reWriteBatchedInserts", "true");
      properties.setProperty("connectTimeout", "10");
      properties.setProperty("ApplicationName", "sparring");
      Connection connection;
      try {
        connection = DriverManager.getConnection(url, properties);
      } catch (SQLException e) {
        throw new StoreException("cannot connect to the league store at " + describe() + ": " + e.getMessage()
            + (password == null ? " (no password: " + PASSWORD_ENV + " is not set)" : ""), e);
      }
      try (Statement s = connection.createStatement()) {
        if (createSchema) {
          s.execute("CREATE SCHEMA \"" + schema + "\"");
        }
        s.execute("SET search_path TO \"" + schema + "\"");
      } catch (SQLException e) {
        connection.close();
        throw new StoreException("cannot use schema " + schema + " at " + url + ": " + e.getMessage(), e);
      }
      connection.setAutoCommit(false);
      return connection;
    }
  }
}
