package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.EvaluationRow;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.TurnRecord;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of the main job's three games, reduced to what it computes (every match's seats,
 * moves and returns, the evaluations, the standings) and compared with a golden file, last
 * recorded when match and agent seeds became keyed (record format 4; public match seeds). Pure-Java learners keep it exact on any machine. To regenerate after
 * an intended change: {@code ./mvnw -pl cli -am test -Dtest=GoldenRunTest -Dgolden.write=PATH
 * -Dsurefire.failIfNoSpecifiedTests=false}, then copy PATH over the resource.
 */
class GoldenRunTest {
  private static final String GOLDEN = "/golden/three-game-run.txt";
  @TempDir Path dir;

  @Test
  void aShortThreeGameRunComputesExactlyWhatItComputedBeforeTheMove() throws Exception {
    Path config = dir.resolve("golden.yaml");
    Files.writeString(config, """
        seed: 7
        match_seeds: public
        threads: 2
        games:
          - game: kuhn_poker
            matches: 600
            batch_matches: 200
            players:
              - name: main
                learner: tabular(learning_rate=0.5, entropy=0.1)
                matchmaker: pfsp
                snapshot_every: 1
            evaluation:
              every: 1
          - game: leduc_poker
            matches: 300
            batch_matches: 100
            players:
              - name: main
                learner: tabular(learning_rate=0.5, entropy=0.1)
                matchmaker: fsp
                snapshot_every: 2
            baselines:
              - name: random
                agent: random
            evaluation:
              every: 3
          - game: tic_tac_toe
            matches: 200
            batch_matches: 100
            players:
              - name: main
                learner: tabular(learning_rate=0.5, entropy=0.1)
                snapshot_every: 1
            baselines:
              - name: random
                agent: random
              - name: minimax
                agent: solver(kind=minimax)
            baseline_rate: 0.5
            evaluation:
              every: 1
              minimax_games: 3
        """);
    Path run = dir.resolve("run");
    CliRun ran = CliRun.of("", "league", "run", "--config", config.toString(), "--run-dir", run.toString());
    assertEquals(0, ran.exitCode(), ran.err());
    String actual = describe(run);
    String wanted = System.getProperty("golden.write");
    if (wanted != null) {
      Files.writeString(Path.of(wanted), actual);
    }
    try (InputStream in = GoldenRunTest.class.getResourceAsStream(GOLDEN)) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual);
    }
  }

  private static String describe(Path run) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String game : Files.readAllLines(run.resolve("games.txt"))) {
      lines.add("# " + game);
      try (LeagueStore store = LeagueStore.open(run.resolve(game))) {
        for (MatchRow m : store.matches()) {
          lines.add(String.format(Locale.ROOT, "match %d batch %d seed %d seats %s returns %s %s moves %s",
              m.index(), m.batch(), m.seed(), m.seats(), m.returns(), m.endReason(), moves(m)));
        }
        for (EvaluationRow e : store.evaluations()) {
          lines.add(String.format(Locale.ROOT, "evaluation batch %d %s %s %.9f", e.batch(), e.player(),
              e.metric(), e.value()));
        }
      }
      CliRun standings = CliRun.of("", "league", "standings", run.resolve(game).toString());
      assertEquals(0, standings.exitCode(), standings.err());
      // the first line names the temporary directory
      standings.out().lines().skip(1).forEach(lines::add);
    }
    return lines.stream().collect(Collectors.joining("\n", "", "\n"));
  }

  private static String moves(MatchRow match) {
    List<String> moves = new ArrayList<>();
    for (Step step : match.trajectory().getStepsList()) {
      if (step.hasChance()) {
        moves.add("c" + step.getChance().getOutcome());
      }
      for (TurnRecord turn : step.getTurnsList()) {
        moves.add(turn.getSeat() + ":" + turn.getAction().getIndex());
      }
    }
    return String.join(" ", moves);
  }
}
