package io.sparring.league.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.config.ConfigLoader;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.MatchRow;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IO error in the middle of a league's writes, injected under the real SQLite driver: the run
 * stops with a message naming the store and the way on, and the resumed run loses no match.
 */
class StoreFaultTest {
  private static final LeagueConfig CONFIG = ConfigLoader.load(null, List.of("game=kuhn_poker",
      "match_seeds=public", /* two runs compared must deal alike */ "matches=2000",
      "batch_matches=500", "threads=1", "ratings.bootstrap=0", "players.0.snapshot_every=1"));
  @TempDir Path dir;
  private FaultyDriver faulty;

  /** SQLite's driver, whose writes of matches fail with an IO error once {@code writesLeft} reach 0. */
  private static final class FaultyDriver implements Driver {
    final Driver sqlite = new org.sqlite.JDBC();
    final AtomicInteger writesLeft = new AtomicInteger(Integer.MAX_VALUE);

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      Connection real = sqlite.connect(url, info);
      return real == null ? null : (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            Object result = invoke(method, real, args);
            if (method.getName().equals("prepareStatement") && ((String) args[0]).contains("INSERT INTO matches")) {
              return failing((PreparedStatement) result);
            }
            return result;
          });
    }

    private PreparedStatement failing(PreparedStatement real) {
      return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
            if (method.getName().equals("executeBatch") && writesLeft.decrementAndGet() < 0) {
              throw new SQLException("[SQLITE_IOERR] Some kind of disk I/O error occurred (injected)", "58030", 10);
            }
            return invoke(method, real, args);
          });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
      return sqlite.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
      return sqlite.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
      return sqlite.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
      return sqlite.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }
  }

  /** Puts the faulty driver in the place of SQLite's own for this test. */
  private FaultyDriver install() throws SQLException {
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver instanceof org.sqlite.JDBC) {
        DriverManager.deregisterDriver(driver);
      }
    }
    faulty = new FaultyDriver();
    DriverManager.registerDriver(faulty);
    return faulty;
  }

  @AfterEach
  void restoreSqlite() throws SQLException {
    if (faulty != null) {
      DriverManager.deregisterDriver(faulty);
    }
    DriverManager.registerDriver(new org.sqlite.JDBC());
  }

  @Test
  void aFailedWriteStopsTheRunClearlyAndTheResumedRunLosesNothing() throws Exception {
    List<List<Double>> whole;
    try (League league = League.start(CONFIG, dir.resolve("whole"))) {
      league.run().forEach(r -> {});
      whole = league.store().matches().stream().map(MatchRow::returns).toList();
    }

    Path run = dir.resolve("faulty");
    FaultyDriver driver = install();
    driver.writesLeft.set(4); // batch 1 writes three times (200, 200, 100 matches); batch 2 fails at its second
    try (League league = League.start(CONFIG, run)) {
      IllegalStateException stopped = assertThrows(IllegalStateException.class,
          () -> league.run().forEach(r -> {}));
      assertTrue(stopped.getMessage().startsWith("the league store " + run.resolve(LeagueStore.FILE)
          + " failed in batch 2: [SQLITE_IOERR]"), stopped.getMessage());
      assertTrue(stopped.getMessage().contains("sparring league resume " + run), stopped.getMessage());
    }
    driver.writesLeft.set(Integer.MAX_VALUE);

    try (League league = League.resume(run)) {
      assertEquals(700, league.store().matchCount(), "batch 1 and batch 2's first write were committed");
      league.run().forEach(r -> {});
      assertEquals(whole, league.store().matches().stream().map(MatchRow::returns).toList());
    }
  }
}
