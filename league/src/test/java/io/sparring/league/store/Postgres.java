package io.sparring.league.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server that tests run against, started outside Maven: {@code
 * SPARRING_TEST_POSTGRES_URL} is its JDBC URL with the user (e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/sparring_test?user=sparring}) and {@code PGPASSWORD} the password,
 * as .ci/run sets them. Without a server the tests skip, or fail under {@code CI=true}.
 */
public final class Postgres {
  static final String URL_VARIABLE = "SPARRING_TEST_POSTGRES_URL";
  /** The variable the store reads the password from unless told another. */
  static final String PASSWORD_VARIABLE = "PGPASSWORD";
  private static final int TIMEOUT_SECONDS = 5;

  // Asked once per JVM: every test after the first would otherwise wait out the same timeout.
  private static String unavailable;
  private static boolean checked;

  private Postgres() {}

  /** The server's JDBC URL, if one is configured. */
  public static Optional<String> url() {
    return Optional.ofNullable(System.getenv(URL_VARIABLE)).filter(url -> !url.isBlank());
  }

  /**
   * The server's URL once it has answered {@code SELECT 1}; otherwise aborts the test (skipped) or,
   * under {@code CI=true}, fails it.
   */
  public static String assumeAvailable() {
    String why = unavailable();
    if (why != null) {
      String message = "PostgreSQL tests need a server: " + why;
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return url().orElseThrow();
  }

  /** A connection to the server, with the password from {@code PGPASSWORD}. */
  static Connection connect() throws SQLException {
    Properties properties = new Properties();
    String password = System.getenv(PASSWORD_VARIABLE);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", String.valueOf(TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", String.valueOf(TIMEOUT_SECONDS));
    return DriverManager.getConnection(
        url().orElseThrow(() -> new IllegalStateException(URL_VARIABLE + " is not set")), properties);
  }

  /** Drops the schema of a run kept on the server, if it has one (a test's cleanup). */
  public static void dropRunSchema(Path run) throws Exception {
    Path file = run.resolve(LeagueStore.SERVER_FILE);
    if (!Files.exists(file)) {
      return;
    }
    Properties properties = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS \"" + properties.getProperty("schema") + "\" CASCADE");
    }
  }

  /** Null when the server answers, else what to do about it. */
  private static synchronized String unavailable() {
    if (!checked) {
      checked = true;
      unavailable = probe();
    }
    return unavailable;
  }

  private static String probe() {
    if (url().isEmpty()) {
      return "set " + URL_VARIABLE + " (and " + PASSWORD_VARIABLE + ") to a running server's JDBC URL; "
          + ".ci/run does, and README.md says how to start one locally";
    }
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(TIMEOUT_SECONDS);
      statement.execute("SELECT 1");
      return null;
    } catch (SQLException e) {
      return "%s (%s) did not answer SELECT 1 (waited up to %d s): %s Start the server (e.g. pg_ctlcluster 15 main "
          .formatted(URL_VARIABLE, url().orElseThrow(), TIMEOUT_SECONDS, e.getMessage())
          + "start) or check the user in the URL and the password in " + PASSWORD_VARIABLE;
    }
  }
}
