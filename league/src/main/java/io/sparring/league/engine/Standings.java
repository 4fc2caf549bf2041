package io.sparring.league.engine;

import io.sparring.core.game.GameFacts;
import io.sparring.core.game.Games;
import io.sparring.league.config.LeagueConfig;
import io.sparring.league.rating.BradleyTerry;
import io.sparring.league.rating.Elo;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.PlayerKind;
import io.sparring.league.store.LeagueStore.PlayerRow;
import io.sparring.league.store.LeagueStore.ResultRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standings of a run, computed from its database alone: Elo replayed over every match in
 * order, a Bradley–Terry fit with bootstrap intervals, and wins, draws and losses per player (each
 * pair of different players in a match is one result, a side of several seats counting once), and
 * each player's mean return per side played with a 95% interval. A run of a one-side game ({@link
 * #alone}) has no opponents and so no Elo: its players
 * are ranked by mean return, each having played the same episodes. The same database always gives
 * the same standings, which is what makes a resumed run checkable.
 */
public record Standings(List<Row> rows, List<String> players, double[][] scores, int[][] games, boolean alone) {

  /**
   * One player's line.
   *
   * @param returns the player's mean return over the seats it played
   * @param returnsLow the low end of its 95% interval (normal approximation)
   * @param returnsHigh the high end
   */
  public record Row(String player, PlayerKind kind, int games, int wins, int draws, int losses,
      double elo, double bradleyTerry, double low, double high, double returns, double returnsLow,
      double returnsHigh) {}

  public static Standings compute(LeagueStore store, LeagueConfig config) throws SQLException {
    Map<String, PlayerKind> kinds = new LinkedHashMap<>();
    for (PlayerRow p : store.players()) {
      kinds.put(p.id(), p.kind());
    }
    Elo elo = new Elo(config.ratings().eloInitial(), config.ratings().eloK());
    List<BradleyTerry.Result> results = new ArrayList<>();
    Map<String, int[]> record = new LinkedHashMap<>(); // wins, draws, losses
    Map<String, Map<String, double[]>> pairs = new LinkedHashMap<>(); // score sum, games
    Map<String, double[]> returns = new LinkedHashMap<>(); // seats played, sum, sum of squares
    GameFacts facts = Games.create(config.game()).facts();
    boolean alone = facts.sides().size() == 1;
    for (ResultRow row : store.results()) {
      List<String> seats = row.seats();
      for (int a = 0; a < seats.size(); a++) {
        if (!representative(facts, a)) {
          continue; // a side (a team) plays once: its first seat stands for it
        }
        double[] r = returns.computeIfAbsent(seats.get(a), p -> new double[3]);
        double value = row.returns().get(a);
        r[0]++;
        r[1] += value;
        r[2] += value * value;
      }
      for (int a = 0; a < seats.size(); a++) {
        for (int b = a + 1; b < seats.size(); b++) {
          String pa = seats.get(a);
          String pb = seats.get(b);
          if (pa.equals(pb) || !representative(facts, a) || !representative(facts, b)) {
            continue;
          }
          double ra = row.returns().get(a);
          double rb = row.returns().get(b);
          double score = ra > rb ? 1 : ra < rb ? 0 : 0.5;
          elo.record(pa, pb, score);
          results.add(new BradleyTerry.Result(pa, pb, score));
          tally(record, pa, score);
          tally(record, pb, 1 - score);
          pair(pairs, pa, pb, score);
          pair(pairs, pb, pa, 1 - score);
        }
      }
    }
    BradleyTerry.Fit fit = results.isEmpty() ? new BradleyTerry.Fit(Map.of())
        : BradleyTerry.fit(results, config.ratings().bootstrap(), config.seed());
    List<Row> rows = new ArrayList<>();
    alone &= !returns.isEmpty();
    if (alone) {
      returns.keySet().forEach(player -> record.put(player, new int[3]));
    }
    for (String player : record.keySet()) {
      int[] r = record.get(player);
      double[] ret = returns.get(player);
      double mean = ret[1] / ret[0];
      double variance = ret[0] > 1 ? Math.max(0, (ret[2] - ret[0] * mean * mean) / (ret[0] - 1)) : 0;
      double half = 1.96 * Math.sqrt(variance / ret[0]);
      BradleyTerry.Rating bt = fit.ratings().get(player);
      PlayerKind kind = kinds.get(player);
      if (kind == null) {
        throw new IllegalStateException(store.name() + " has matches of '" + player + "', who is no player");
      }
      rows.add(new Row(player, kind, alone ? (int) ret[0] : r[0] + r[1] + r[2], r[0], r[1], r[2],
          elo.rating(player), bt == null ? Double.NaN : bt.value(),
          bt == null ? Double.NaN : bt.low(), bt == null ? Double.NaN : bt.high(),
          mean, mean - half, mean + half));
    }
    rows.sort(Comparator.comparingDouble(alone ? Row::returns : Row::elo).reversed());
    List<String> players = rows.stream().map(Row::player).toList();
    double[][] scores = new double[players.size()][players.size()];
    int[][] games = new int[players.size()][players.size()];
    for (int i = 0; i < players.size(); i++) {
      for (int j = 0; j < players.size(); j++) {
        double[] p = pairs.getOrDefault(players.get(i), Map.of()).get(players.get(j));
        scores[i][j] = p == null ? Double.NaN : p[0] / p[1];
        games[i][j] = p == null ? 0 : (int) p[1];
      }
    }
    return new Standings(rows, players, scores, games, alone);
  }

  private static void tally(Map<String, int[]> record, String player, double score) {
    int[] r = record.computeIfAbsent(player, p -> new int[3]);
    r[score == 1 ? 0 : score == 0.5 ? 1 : 2]++;
  }

  private static void pair(Map<String, Map<String, double[]>> pairs, String a, String b, double score) {
    double[] p = pairs.computeIfAbsent(a, x -> new LinkedHashMap<>()).computeIfAbsent(b, x -> new double[2]);
    p[0] += score;
    p[1]++;
  }

  /** Whether {@code seat} is the first of its side, the seat that stands for the side in results. */
  static boolean representative(GameFacts facts, int seat) {
    return facts.sides().get(facts.sideOf(seat)).getFirst() == seat;
  }
}
