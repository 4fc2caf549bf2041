package io.sparring.agents.malt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparring.agents.Decision;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaltTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Game TIC_TAC_TOE = Games.create("tic_tac_toe");

  private static Nodes.Refinement refinement(double value) {
    return new Nodes.Refinement(Decision.action(0), 0, 2 * value - 1, value);
  }

  private static Nodes.Critique critique(double... values) {
    List<Nodes.Refinement> refinements = new ArrayList<>();
    for (double v : values) {
      refinements.add(refinement(v));
    }
    return new Nodes.Critique(Decision.verdict(true, "ok"), refinements);
  }

  @Test
  void valuesPropagateAsMeansAndLabelsAreStrictlyAboveOneHalf() {
    // proposal A: critiques with refinements (1,1,0) and (0,0,0.5); proposal B: (1,1,1) and (0.5,0.5,0.5)
    Nodes.Critique a1 = critique(1, 1, 0);
    Nodes.Critique a2 = critique(0, 0, 0.5);
    Nodes.Critique b1 = critique(1, 1, 1);
    Nodes.Critique b2 = critique(0.5, 0.5, 0.5);
    Nodes.Proposal a = new Nodes.Proposal(Decision.action(1), List.of(a1, a2));
    Nodes.Proposal b = new Nodes.Proposal(Decision.action(2), List.of(b1, b2));
    assertEquals(2.0 / 3, a1.value(), 1e-12);
    assertEquals(1.0 / 6, a2.value(), 1e-12);
    assertEquals(5.0 / 12, a.value(), 1e-12);
    assertEquals(0.75, b.value(), 1e-12);
    assertTrue(Nodes.positive(a1.value()));
    assertFalse(Nodes.positive(b2.value()), "a draw-valued node (0.5) is not positive");
    assertFalse(Nodes.positive(a.value()));
    assertTrue(Nodes.positive(b.value()));
    assertThrows(IllegalArgumentException.class, () -> refinement(1.5));
  }

  @Test
  void recordsHoldEveryNodeAndPairPositiveWithNegativeSiblings() throws Exception {
    Nodes.Proposal a = new Nodes.Proposal(Decision.action(1), List.of(critique(1, 0), critique(0, 0)));
    Nodes.Proposal b = new Nodes.Proposal(Decision.action(2), List.of(critique(1, 1), critique(1, 0.5)));
    State state = TIC_TAC_TOE.newInitialState(1);
    Expansion.ExpandedState tree = new Expansion.ExpandedState(3, state, 0, "", List.of(a, b), 0);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : MaltRecords.lines(tree)) {
      lines.add(JSON.readTree(line));
    }
    List<JsonNode> nodes = lines.stream().filter(l -> l.path("kind").asText().equals("node")).toList();
    List<JsonNode> pairs = lines.stream().filter(l -> l.path("kind").asText().equals("pair")).toList();
    assertEquals(tree.size(), nodes.size());
    assertEquals(2 + 4 + 8, tree.size());
    JsonNode first = nodes.getFirst();
    assertEquals("s3.p0", first.path("id").asText());
    assertEquals("s3", first.path("parent").asText());
    assertEquals("generator", first.path("role").asText());
    assertEquals(0.25, first.path("value").asDouble(), 1e-12);
    assertFalse(first.path("positive").asBoolean());
    assertEquals(state.serialize(), first.path("state").asText());
    JsonNode r = nodes.stream().filter(n -> n.path("id").asText().equals("s3.p1.c1.r1")).findFirst().orElseThrow();
    assertEquals("refiner", r.path("role").asText());
    assertEquals(0.5, r.path("value").asDouble());
    assertEquals("ok", r.path("critique").path("text").asText());
    assertEquals(2, r.path("proposal").path("action").asInt());

    // pairs: generator (p1 over p0); verifier under p0 (c0 0.5 vs c1 0: neither positive: none),
    // under p1 (c0 1.0 over c1 0.75? both positive: none); refiner under p0.c0 (r0 over r1),
    // p1.c1 (r0 over r1)
    List<String> described = pairs.stream().map(p -> p.path("chosen").asText() + ">" + p.path("rejected").asText())
        .toList();
    assertEquals(List.of("s3.p1>s3.p0", "s3.p0.c0.r0>s3.p0.c0.r1", "s3.p1.c1.r0>s3.p1.c1.r1"), described);
  }

  @Test
  void expansionPlaysEveryRefinementOutAndIsDeterministic() {
    Expansion.Config config = new Expansion.Config(TIC_TAC_TOE,
        Spec.parse("team(generator=random, verifier=check, refiner=random)"), Spec.parse("random"), 2, 3, 42);
    List<Expansion.ExpandedState> trees = new ArrayList<>();
    new Expansion(config).run(trees::add);
    assertEquals(3, trees.size());
    for (Expansion.ExpandedState tree : trees) {
      assertEquals(2 + 4 + 8, tree.size());
      for (Nodes.Proposal p : tree.proposals()) {
        for (Nodes.Critique c : p.critiques()) {
          for (Nodes.Refinement r : c.refinements()) {
            assertTrue(tree.state().legalActions().contains(r.action()));
            // tic-tac-toe returns are -1, 0, 1: values 0, 0.5, 1
            assertEquals((r.outcomeReturn() + 1) / 2, r.value(), 1e-12);
          }
        }
      }
    }
    List<Expansion.ExpandedState> again = new ArrayList<>();
    new Expansion(config).run(again::add);
    assertEquals(trees.stream().flatMap(t -> MaltRecords.lines(t).stream()).toList(),
        again.stream().flatMap(t -> MaltRecords.lines(t).stream()).toList());
  }

  @Test
  void aBlunderingRefinementLosesInAForcedPosition() {
    // X to move with X(0,0), X(0,1) placed and O threatening: X(0,2) wins at once.
    State state = TIC_TAC_TOE.newInitialState(1);
    for (String move : List.of("X(0,0)", "O(1,0)", "X(0,1)", "O(1,1)")) {
      state.apply(state.parseAction(state.currentPlayer(), move));
    }
    int win = state.parseAction(0, "X(0,2)");
    Expansion expansion = new Expansion(new Expansion.Config(TIC_TAC_TOE,
        Spec.parse("team(generator=random, verifier=check, refiner=solver)"), Spec.parse("solver"), 2, 1, 7));
    Expansion.ExpandedState tree = expansion.expand(0, state, new SplittableRandom(1));
    for (Nodes.Proposal p : tree.proposals()) {
      for (Nodes.Critique c : p.critiques()) {
        for (Nodes.Refinement r : c.refinements()) {
          assertEquals(win, r.action(), "the solver refiner takes the win");
          assertEquals(1.0, r.value());
        }
        assertEquals(1.0, c.value());
      }
    }
  }

  @Test
  void aTeamWithoutVerifierOrRefinerIsRefused() {
    SpecException missing = assertThrows(SpecException.class, () -> new Expansion(new Expansion.Config(
        TIC_TAC_TOE, Spec.parse("team(generator=random)"), Spec.parse("random"), 3, 1, 1)));
    assertTrue(missing.getMessage().contains("verifier"), missing.getMessage());
    assertThrows(SpecException.class, () -> new Expansion(new Expansion.Config(
        TIC_TAC_TOE, Spec.parse("random"), Spec.parse("random"), 3, 1, 1)));
  }
}
