package io.sparring.agents.malt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparring.agents.Decision;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The JSON lines of an expanded state: one {@code "kind": "node"} line per proposal, critique and
 * refinement (its id, parent, role, the state it saw, what it wrote, its value and label), then one
 * {@code "kind": "pair"} line per preference pair: a positive and a non-positive sibling under the
 * same parent. Ids are {@code s3}, {@code s3.p0}, {@code s3.p0.c1}, {@code s3.p0.c1.r2}.
 */
public final class MaltRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MaltRecords() {}

  public static List<String> lines(Expansion.ExpandedState expanded) {
    List<String> nodes = new ArrayList<>();
    List<String> pairs = new ArrayList<>();
    String root = "s" + expanded.index();
    List<Nodes.Proposal> proposals = expanded.proposals();
    pairs(pairs, root, "generator", proposals, Nodes.Proposal::value);
    for (int p = 0; p < proposals.size(); p++) {
      Nodes.Proposal proposal = proposals.get(p);
      String pid = root + ".p" + p;
      nodes.add(node(expanded, pid, root, "generator", proposal.decision(), proposal.value(), null, null)
          .toString());
      pairs(pairs, pid, "verifier", proposal.critiques(), Nodes.Critique::value);
      for (int c = 0; c < proposal.critiques().size(); c++) {
        Nodes.Critique critique = proposal.critiques().get(c);
        String cid = pid + ".c" + c;
        nodes.add(node(expanded, cid, pid, "verifier", critique.decision(), critique.value(),
            proposal.decision(), null).toString());
        pairs(pairs, cid, "refiner", critique.refinements(), Nodes.Refinement::value);
        for (int r = 0; r < critique.refinements().size(); r++) {
          Nodes.Refinement refinement = critique.refinements().get(r);
          ObjectNode line = node(expanded, cid + ".r" + r, cid, "refiner", refinement.decision(),
              refinement.value(), proposal.decision(), critique.decision());
          line.put("legal_action", refinement.action());
          if (refinement.action() >= 0) {
            line.put("action_name", expanded.state().actionToString(expanded.seat(), refinement.action()));
            line.put("return", refinement.outcomeReturn());
          }
          nodes.add(line.toString());
        }
      }
    }
    nodes.addAll(pairs);
    return nodes;
  }

  private static ObjectNode node(Expansion.ExpandedState expanded, String id, String parent, String role,
      Decision decision, double value, Decision proposal, Decision critique) {
    State state = expanded.state();
    ObjectNode line = JSON.createObjectNode().put("kind", "node").put("id", id).put("parent", parent)
        .put("role", role).put("game", state.game().spec().toString())
        .put("state", state.serialize()).put("seat", expanded.seat())
        .put("observation", state.observationText(expanded.seat()));
    if (!expanded.strategy().isEmpty()) {
      line.put("strategy", expanded.strategy());
    }
    if (proposal != null) {
      line.set("proposal", decision(proposal));
    }
    if (critique != null) {
      line.set("critique", decision(critique));
    }
    line.set("output", decision(decision));
    line.put("value", value).put("positive", Nodes.positive(value));
    return line;
  }

  private static ObjectNode decision(Decision decision) {
    ObjectNode out = JSON.createObjectNode().put("text", decision.text());
    if (decision.action() != Decision.NO_ACTION) {
      out.put("action", decision.action());
    }
    if (!decision.freeText().isEmpty()) {
      out.put("free_text", decision.freeText());
    }
    if (decision.verdict() != Decision.Verdict.NONE) {
      out.put("verdict", decision.verdict().name().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static <T> void pairs(List<String> out, String parent, String role, List<T> siblings,
      ToDoubleFunction<T> value) {
    for (int i = 0; i < siblings.size(); i++) {
      for (int j = 0; j < siblings.size(); j++) {
        double chosen = value.applyAsDouble(siblings.get(i));
        double rejected = value.applyAsDouble(siblings.get(j));
        if (Nodes.positive(chosen) && !Nodes.positive(rejected)) {
          out.add(JSON.createObjectNode().put("kind", "pair").put("role", role).put("parent", parent)
              .put("chosen", childId(parent, role, i)).put("rejected", childId(parent, role, j))
              .put("chosen_value", chosen).put("rejected_value", rejected).toString());
        }
      }
    }
  }

  private static String childId(String parent, String role, int index) {
    String letter = switch (role) {
      case "generator" -> ".p";
      case "verifier" -> ".c";
      default -> ".r";
    };
    return parent + letter + index;
  }
}
