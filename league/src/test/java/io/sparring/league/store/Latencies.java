package io.sparring.league.store;

import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;

/** Match records without their wall-clock latencies, which no two runs share and the store may drop. */
public final class Latencies {
  private Latencies() {}

  public static Trajectory cleared(Trajectory record) {
    Trajectory.Builder builder = record.toBuilder();
    for (Step.Builder step : builder.getStepsBuilderList()) {
      for (TurnRecord.Builder turn : step.getTurnsBuilderList()) {
        turn.getRolesBuilderList().forEach(role -> role.clearLatencyMicros());
      }
    }
    return builder.build();
  }

  /** The stored matches with their records' latencies cleared. */
  public static java.util.List<LeagueStore.MatchRow> cleared(java.util.List<LeagueStore.MatchRow> rows) {
    return rows.stream().map(r -> new LeagueStore.MatchRow(r.index(), r.batch(), r.seats(), r.returns(),
        cleared(r.trajectory()))).toList();
  }
}
