package io.sparring.training;

import static java.util.Objects.requireNonNull;

import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.agents.AgentProvider;
import io.sparring.agents.Decision;
import io.sparring.agents.Role;
import io.sparring.agents.SeatView;
import io.sparring.agents.StochasticAgent;
import io.sparring.agents.TurnContext;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.State;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code policy(path='...')} backend: plays a learned policy from a snapshot directory (any
 * kind {@link Snapshots#load} reads), and {@link #of} for a policy held in memory (the league's
 * learning players). The agent reads its seat's information state from a world consistent with
 * what the seat knows (under perfect information, a policy that reads only the tensor reads the
 * observation instead), samples an action from the policy with its seeded generator, reports the
 * action's log-probability and writes the distribution as its text. It is a {@link
 * StochasticAgent}, so evaluators can measure it exactly.
 */
public final class PolicyAgents implements AgentProvider {
  /** Snapshots loaded recently, so the matches of a league do not read the same files again. */
  private static final Map<String, Loaded> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
      return size() > 64;
    }
  };

  private record Loaded(SnapshotManifest manifest, LearnedPolicy policy) {}

  @Override
  public String name() {
    return "policy";
  }

  @Override
  public String description() {
    return "plays a trained policy snapshot (a directory with manifest.json)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.text("path", null, "the snapshot directory"),
        Parameter.word("play", "sample",
            "sample: draw from the policy; greedy: its most probable action (ties split evenly)"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    Path path = Path.of(arguments.getString("path"));
    Loaded loaded = load(path);
    String expected = game.spec().toString();
    if (!loaded.manifest().game().equals(expected)) {
      throw new SpecException("snapshot " + path + " plays " + loaded.manifest().game()
          + ", not " + expected);
    }
    if (loaded.policy() instanceof AgentPolicy agent) { // a version of an LLM player: its agent plays
      return Agents.create(agent.agent(), game, seed);
    }
    String play = arguments.getString("play");
    if (!play.equals("sample") && !play.equals("greedy")) {
      throw new SpecException("parameter 'play' of agent policy must be sample or greedy, got '" + play + "'");
    }
    LearnedPolicy policy = play.equals("greedy") ? greedy(loaded.policy()) : loaded.policy();
    return new PolicyAgent("policy " + loaded.manifest().snapshotId(), policy, new SplittableRandom(seed));
  }

  /** The policy's most probable actions, equally likely (within rounding of the best). */
  public static LearnedPolicy greedy(LearnedPolicy policy) {
    if (policy instanceof LearnedPolicy.OfTensor tensorOnly) {
      return (LearnedPolicy.OfTensor) (tensor, legal) -> argmax(tensorOnly.probabilities(tensor, legal), legal);
    }
    return (key, tensor, legal) -> argmax(policy.probabilities(key, tensor, legal), legal);
  }

  private static Map<Integer, Double> argmax(Map<Integer, Double> probabilities, List<Integer> legal) {
    double best = probabilities.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    List<Integer> argmax = legal.stream()
        .filter(a -> probabilities.getOrDefault(a, 0.0) >= best - 1e-12).toList();
    Map<Integer, Double> played = new LinkedHashMap<>();
    argmax.forEach(a -> played.put(a, 1.0 / argmax.size()));
    return played;
  }

  /**
   * An agent that plays {@code policy}, held in memory, drawing its actions from {@code seed}.
   * Give each match its own agent (with the match's agent seed) so matches replay exactly.
   */
  public static StochasticAgent of(LearnedPolicy policy, long seed) {
    // No text: a league records millions of turns, and the distribution is the policy's to recompute.
    return of(policy, "", seed);
  }

  /**
   * As {@link #of(LearnedPolicy, long)}, with a text for each decision: the label and the
   * probabilities of the legal actions (none for an empty label).
   */
  public static StochasticAgent of(LearnedPolicy policy, String label, long seed) {
    return new PolicyAgent(requireNonNull(label), requireNonNull(policy), new SplittableRandom(seed));
  }

  private static Loaded load(Path path) {
    String key = path.toAbsolutePath().normalize().toString();
    try {
      Path manifestFile = path.resolve(Snapshots.MANIFEST);
      String version = Files.isRegularFile(manifestFile)
          ? key + "@" + Files.getLastModifiedTime(manifestFile) : key;
      synchronized (CACHE) {
        Loaded cached = CACHE.get(version);
        if (cached != null) {
          return cached;
        }
      }
      Loaded loaded = new Loaded(Snapshots.manifest(path), Snapshots.load(path));
      synchronized (CACHE) {
        CACHE.put(version, loaded);
      }
      return loaded;
    } catch (IOException unreadable) {
      throw new SpecException("cannot load the policy snapshot: " + unreadable.getMessage());
    }
  }

  /** Plays a learned policy on its seat's information state. */
  private record PolicyAgent(String label, LearnedPolicy policy, SplittableRandom random)
      implements StochasticAgent {

    @Override
    public Map<Integer, Double> actionProbabilities(SeatView view) {
      List<Integer> legal = view.observation().legalActions();
      if (policy instanceof LearnedPolicy.OfTensor tensorOnly
          && view.game().type().information() == GameType.Information.PERFECT
          && view.game().informationStateTensorShape().equals(view.game().observationTensorShape())) {
        // Under perfect information the information-state tensor is the observation tensor
        // (AbstractState's rule), and no world need be copied: in the arena a copy replays the match.
        return tensorOnly.probabilities(view.observation().tensor(), legal);
      }
      // Any world consistent with the seat's information has the seat's information state.
      State world = view.worlds().sample(random);
      int seat = view.seat();
      return policy.probabilities(world.informationStateKey(seat), world.informationStateTensor(seat), legal);
    }

    @Override
    public Decision decide(SeatView view, TurnContext context) {
      if (context.role() == Role.STRATEGIST) {
        return Decision.text("");
      }
      if (context.role() == Role.VERIFIER) {
        throw new IllegalStateException("policy plays; to check proposals use the check verifier");
      }
      Map<Integer, Double> probabilities = actionProbabilities(view);
      List<Integer> legal = view.observation().legalActions();
      // Walk the legal actions in their sorted order, whatever the map's order, and never pick an
      // action of probability 0 (rounding can leave u just above the last cumulative sum).
      double u = random.nextDouble();
      int action = -1;
      for (int a : legal) {
        double p = probabilities.getOrDefault(a, 0.0);
        if (p > 0) {
          action = a;
          u -= p;
          if (u < 0) {
            break;
          }
        }
      }
      if (action < 0) {
        throw new IllegalStateException("the policy gives no legal action a positive probability: "
            + probabilities + ", legal " + legal);
      }
      Decision decision = Decision.action(action).withLogProbability(Math.log(probabilities.get(action)));
      return label.isEmpty() ? decision : decision.withText(label + ": " + describe(view, probabilities));
    }
  }

  private static String describe(SeatView view, Map<Integer, Double> probabilities) {
    StringBuilder text = new StringBuilder();
    List<Integer> legal = view.observation().legalActions();
    for (int i = 0; i < legal.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(view.observation().legalActionNames().get(i))
          .append(String.format(Locale.ROOT, " %.3f", probabilities.getOrDefault(legal.get(i), 0.0)));
    }
    return text.toString();
  }
}
