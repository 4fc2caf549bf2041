package io.sparring.league.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The helper itself: a fresh schema holds tables and is gone after close. */
class PostgresTest {
  @BeforeEach
  void server() {
    Postgres.assumeAvailable();
  }

  @Test
  void aFreshSchemaHoldsTablesAndIsDroppedOnClose() throws SQLException {
    String name;
    try (Postgres.Schema schema = Postgres.freshSchema();
        Connection connection = Postgres.connect();
        Statement statement = connection.createStatement()) {
      name = schema.name();
      assertTrue(name.matches("t_[0-9a-f]{16}"), name);
      statement.execute("CREATE TABLE " + name + ".players (name TEXT PRIMARY KEY)");
      statement.execute("INSERT INTO " + name + ".players VALUES ('main')");
      try (ResultSet rows = statement.executeQuery("SELECT name FROM " + name + ".players")) {
        assertTrue(rows.next());
        assertEquals("main", rows.getString(1));
      }
    }
    assertFalse(schemaExists(name), name + " outlived its test");
  }

  @Test
  void twoFreshSchemasDiffer() throws SQLException {
    try (Postgres.Schema a = Postgres.freshSchema(); Postgres.Schema b = Postgres.freshSchema()) {
      assertTrue(!a.name().equals(b.name()) && schemaExists(a.name()) && schemaExists(b.name()));
    }
  }

  private static boolean schemaExists(String name) throws SQLException {
    try (Connection connection = Postgres.connect();
        var query = connection.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }
}
