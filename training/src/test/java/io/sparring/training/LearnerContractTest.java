package io.sparring.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.Agents;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules every registered learner keeps, checked on Kuhn poker with its default parameters. */
class LearnerContractTest {
  private static final Game KUHN = Games.create("kuhn_poker");

  static Stream<String> learners() {
    return Learners.registry().providers().stream().map(LearnerProvider::name);
  }

  private static List<Map<Integer, Double>> table(LearnedPolicy policy) {
    List<Map<Integer, Double>> table = new ArrayList<>();
    for (InformationStates.Point point : InformationStates.of(KUHN)) {
      table.add(policy.probabilities(point.key(), point.tensor(), point.legal()));
    }
    return table;
  }

  private static void assertDistributions(LearnedPolicy policy) {
    for (InformationStates.Point point : InformationStates.of(KUHN)) {
      Map<Integer, Double> probabilities = policy.probabilities(point.key(), point.tensor(), point.legal());
      assertEquals(point.legal(), List.copyOf(probabilities.keySet()), point.key());
      assertEquals(1, probabilities.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
      probabilities.values().forEach(p -> assertTrue(p >= 0 && p <= 1, point.key() + ": " + p));
    }
  }

  @ParameterizedTest
  @MethodSource("learners")
  void learnsFreezesAndRoundTripsThroughASnapshot(String name, @TempDir Path temp) throws IOException {
    Learner learner = Learners.create(name, KUHN, 0);
    assertDistributions(learner.policy());
    SelfPlay selfPlay = new SelfPlay(KUHN, learner);
    Learner.UpdateStats stats = selfPlay.iterate(200, 0);
    assertTrue(stats.samples() > 200, "samples " + stats.samples());
    LearnedPolicy frozen = learner.freeze();
    List<Map<Integer, Double>> before = table(frozen);
    assertDistributions(frozen);
    selfPlay.iterate(200, 200);
    assertEquals(before, table(frozen), "a frozen policy must not follow later updates");
    assertFalse(before.equals(table(learner.policy())), "the live policy follows updates");

    Path snapshot = temp.resolve("snapshot");
    learner.save(snapshot, new Provenance(name, KUHN.spec().toString(), "", 0, "", 400));
    assertEquals(table(learner.freeze()), table(Snapshots.load(snapshot)));
    SnapshotManifest manifest = Snapshots.manifest(snapshot);
    assertEquals(Learners.canonical(name), manifest.learner());
    assertEquals(KUHN.spec().toString(), manifest.game());
  }

  @Test
  void theBackendsAreRegistered() {
    assertTrue(learners().toList().contains("tabular"));
    assertTrue(Agents.registry().providers().stream().anyMatch(p -> p.name().equals("policy")));
  }
}
