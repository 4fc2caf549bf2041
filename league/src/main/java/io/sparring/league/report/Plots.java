package io.sparring.league.report;

import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.EvaluationRow;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** PNG charts of a run, drawn headless from its database. */
public final class Plots {
  private Plots() {}

  /** Writes ratings.png and, where measured, exploitability.png; returns the files written. */
  public static List<Path> write(LeagueStore store, Path directory) throws SQLException, IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> written = new ArrayList<>();
    SortedMap<Integer, Map<String, Double>> history = store.ratingHistory();
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    history.forEach((batch, ratings) -> ratings.forEach((player, elo) ->
        series.computeIfAbsent(player, p -> new ArrayList<>()).add(new double[] {batch, elo})));
    if (!series.isEmpty()) { // a one-seat game has no ratings
      written.add(save(chart("Elo ratings over the run", "batch", "Elo", series), directory, "ratings"));
    }
    Map<String, List<double[]>> exploitability = new LinkedHashMap<>();
    for (EvaluationRow row : store.evaluations()) {
      if (row.metric().equals("exploitability")) {
        exploitability.computeIfAbsent(row.player(), p -> new ArrayList<>())
            .add(new double[] {row.batch(), row.value()});
      }
    }
    if (!exploitability.isEmpty()) {
      written.add(save(chart("Exploitability of the learners (NashConv / players)", "batch",
          "exploitability", exploitability), directory, "exploitability"));
    }
    return written;
  }

  private static XYChart chart(String title, String x, String y, Map<String, List<double[]>> series) {
    XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(x)
        .yAxisTitle(y).build();
    chart.getStyler().setMarkerSize(3);
    series.forEach((name, points) -> {
      double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
      double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
      chart.addSeries(name, xs, ys).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    });
    return chart;
  }

  private static Path save(XYChart chart, Path directory, String name) throws IOException {
    Path file = directory.resolve(name + ".png");
    BitmapEncoder.saveBitmap(chart, directory.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
