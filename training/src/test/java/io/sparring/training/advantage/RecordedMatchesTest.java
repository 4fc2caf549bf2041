package io.sparring.training.advantage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparring.core.game.Games;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.proto.v1.Trajectory;
import io.sparring.training.Experience;
import io.sparring.training.ExperienceBatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Advantages over matches the match runner really played, checked against their records. */
class RecordedMatchesTest {

  @ParameterizedTest
  @ValueSource(strings = {"tic_tac_toe", "kuhn_poker", "goofspiel", "connect_four"})
  void turnRewardsAddUpToTheReturnsAndEveryTurnGivesOneExperience(String spec) {
    for (long seed = 0; seed < 20; seed++) {
      Trajectory match = MatchRunner.play(new MatchConfig(Games.create(spec), seed,
          List.of(Seating.of(0, "random"), Seating.of(1, "random")), ViolationPolicy.defaultPolicy(),
          Optional.empty(), "m" + seed));
      Map<String, ExperienceBatch> batches = new MarsAdvantages(AdvantageConfig.mars())
          .compute(List.of(new LearningMatch(match, Map.of(0, "north", 1, "south"))));
      for (int seat = 0; seat < 2; seat++) {
        int s = seat;
        List<Experience> experiences = batches.get(seat == 0 ? "north" : "south").experiences();
        long turns = match.getStepsList().stream()
            .flatMap(step -> step.getTurnsList().stream()).filter(t -> t.getSeat() == s).count();
        assertEquals(turns, experiences.size(), spec + " seed " + seed);
        assertEquals(match.getReturns(seat), experiences.stream().mapToDouble(Experience::reward).sum(), 1e-9,
            spec + " seed " + seed + " seat " + seat);
      }
    }
  }
}
