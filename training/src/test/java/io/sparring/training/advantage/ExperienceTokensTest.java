package io.sparring.training.advantage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.llm.FakeChatServer;
import io.sparring.agents.llm.FakeChatServer.TokenMode;
import io.sparring.agents.match.CompactRecords;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.game.Games;
import io.sparring.core.spec.Spec;
import io.sparring.proto.v1.ExperienceTurn;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.Trajectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An llm agent's recorded completion tokens reach the exported experience (issue 17, item 4). */
class ExperienceTokensTest {
  @Test
  void everyRowOfAnLlmSeatCarriesItsRolesTokensLogprobsAndIds() throws Exception {
    try (FakeChatServer server = FakeChatServer.start().tokenMode(TokenMode.VLLM)) {
      String llm = "llm(url='" + server.url() + "', model='test-model')";
      String team = "team(strategist=" + llm + ", generator=" + llm + ", verifier=" + llm + ")";
      Trajectory full = MatchRunner.play(new MatchConfig(Games.create("tic_tac_toe"), 5,
          List.of(new Seating(List.of(0), Spec.parse(team), ""), Seating.of(1, "random")),
          ViolationPolicy.defaultPolicy(), Optional.empty(), "tokens"));
      // as the league stores it and the export reads it: compacted, then expanded
      Trajectory stored = CompactRecords.expand(CompactRecords.compact(full));
      List<ExperienceTurn> rows = new ExperienceRecords(AdvantageConfig.mars()).build("run", 1, List.of("main"),
          List.of(new ExperienceRecords.Played(0, new LearningMatch(stored, Map.of(0, "main"))))).getFirst()
          .getTurnsList();
      List<RoleOutput> roles = full.getStepsList().stream().flatMap(s -> s.getTurnsList().stream())
          .filter(turn -> turn.getSeat() == 0).flatMap(turn -> turn.getRolesList().stream()).toList();
      assertEquals(roles.size(), rows.size(), "one row per role call");
      for (int i = 0; i < rows.size(); i++) {
        RoleOutput role = roles.get(i);
        ExperienceTurn row = rows.get(i);
        assertFalse(role.getTokensList().isEmpty(), "the fake served tokens");
        assertEquals(role.getTokensList(), row.getTokensList());
        assertEquals(role.getTokenIdsList(), row.getTokenIdsList());
        assertEquals(role.getTokenLogprobsCount(), row.getTokenLogprobsCount());
        for (int k = 0; k < role.getTokenLogprobsCount(); k++) {
          assertEquals((float) role.getTokenLogprobs(k), row.getTokenLogprobs(k));
        }
        assertTrue(role.getOutput().isEmpty() || row.getCompletion().equals(role.getOutput()));
      }
    }
  }
}
