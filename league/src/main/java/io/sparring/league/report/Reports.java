package io.sparring.league.report;

import io.sparring.league.engine.Standings;
import java.util.List;
import java.util.Locale;

/** Standings and the payoff matrix as aligned text tables. */
public final class Reports {
  private Reports() {}

  public static List<String> standings(Standings standings) {
    if (standings.alone()) {
      Table table = new Table("PLAYER", "KIND", "MEAN RETURN [95% CI]", "EPISODES");
      for (Standings.Row r : standings.rows()) {
        table.add(r.player(), r.kind().label(), String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", r.returns(),
            r.returnsLow(), r.returnsHigh()), r.games());
      }
      return table.lines();
    }
    Table table = new Table("PLAYER", "KIND", "ELO", "BRADLEY-TERRY [95% CI]", "GAMES", "W", "D", "L");
    for (Standings.Row r : standings.rows()) {
      table.add(r.player(), r.kind().label(), String.format(Locale.ROOT, "%.0f", r.elo()),
          Double.isNaN(r.bradleyTerry()) ? "-" : String.format(Locale.ROOT, "%.0f [%.0f, %.0f]",
              r.bradleyTerry(), r.low(), r.high()),
          r.games(), r.wins(), r.draws(), r.losses());
    }
    return table.lines();
  }

  /** A duration as people read it: {@code 42s}, {@code 3m07s}, {@code 2h05m}. */
  public static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? "%dh%02dm".formatted(s / 3600, s / 60 % 60)
        : s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : s + "s";
  }

  /**
   * Row player's mean score against the column player (1 win, 0.5 draw), with game counts; none
   * for a one-seat game.
   */
  public static List<String> payoffMatrix(Standings standings) {
    if (standings.alone()) {
      return List.of();
    }
    List<String> players = standings.players();
    String[] header = new String[players.size() + 1];
    header[0] = "SCORE (ROW vs COLUMN)";
    for (int j = 0; j < players.size(); j++) {
      header[j + 1] = players.get(j);
    }
    Table table = new Table(header);
    for (int i = 0; i < players.size(); i++) {
      Object[] row = new Object[players.size() + 1];
      row[0] = players.get(i);
      for (int j = 0; j < players.size(); j++) {
        int games = standings.games()[i][j];
        row[j + 1] = games == 0 ? "-" : String.format(Locale.ROOT, "%.2f (%d)", standings.scores()[i][j], games);
      }
      table.add(row);
    }
    return table.lines();
  }
}
