package io.sparring.league.engine;

import io.sparring.league.store.LeagueStore.BatchStatsRow;
import io.sparring.training.SnapshotId;
import java.util.List;
import java.util.Map;

/**
 * What one finished batch produced.
 *
 * @param batch the batch number, from 1
 * @param batches the number of batches in the run
 * @param matches matches stored so far in the run
 * @param totalMatches matches the run will play
 * @param seconds wall-clock seconds of this batch
 * @param gamesPerSecond matches per second in this batch
 * @param stats each learner's update
 * @param exploitability each learner's exploitability after the batch, where measured
 * @param minimaxLosses each learner's share of lost games against minimax (greedy play), where
 *     measured
 * @param snapshots snapshots taken after this batch
 */
public record BatchReport(
    int batch,
    int batches,
    long matches,
    long totalMatches,
    double seconds,
    double gamesPerSecond,
    List<BatchStatsRow> stats,
    Map<String, Double> exploitability,
    Map<String, Double> minimaxLosses,
    List<SnapshotId> snapshots) {

  public BatchReport {
    stats = List.copyOf(stats);
    exploitability = Map.copyOf(exploitability);
    minimaxLosses = Map.copyOf(minimaxLosses);
    snapshots = List.copyOf(snapshots);
  }
}
