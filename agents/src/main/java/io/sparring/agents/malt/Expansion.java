package io.sparring.agents.malt;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.agents.Decision;
import io.sparring.agents.Role;
import io.sparring.agents.SeatView;
import io.sparring.agents.TurnContext;
import io.sparring.core.game.Game;
import io.sparring.core.game.State;
import io.sparring.agents.match.SeatViews;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * MALT's search-tree expansion over game states. From each sampled state, the team's generator makes
 * {@code branches} proposals, its verifier {@code branches} critiques of each, its refiner
 * {@code branches} refinements of each critique; every refinement's action is played to the end of
 * the game by the playout agent (by default the team itself, in every seat), and the acting seat's
 * return, scaled by the game's utility bounds to [0, 1], is the refinement's value (win 1, loss 0,
 * draw 0.5 in a ±1 game). A refinement with no legal action is worth 0. Everything random follows
 * from the seed.
 */
public final class Expansion {
  /** Random plies played from the start to reach a sampled state, at most. */
  private static final int MAX_SAMPLE_PLIES = 12;

  /** What to expand. {@code team} must name a generator, a verifier and a refiner. */
  public record Config(Game game, Spec team, Spec playout, int branches, int states, long seed) {
    public Config {
      checkArgument(branches >= 1, "branches must be at least 1, got %s", branches);
      checkArgument(states >= 1, "states must be at least 1, got %s", states);
    }
  }

  /** The expanded tree of one state: where it was and what each role said. */
  public record ExpandedState(int index, State state, int seat, String strategy,
      List<Nodes.Proposal> proposals, int playoutFallbacks) {
    public ExpandedState {
      state = state.copy();
      proposals = List.copyOf(proposals);
    }

    /** Every node of the tree. */
    public int size() {
      int size = proposals.size();
      for (Nodes.Proposal p : proposals) {
        size += p.critiques().size();
        for (Nodes.Critique c : p.critiques()) {
          size += c.refinements().size();
        }
      }
      return size;
    }
  }

  private final Config config;
  private final Game game;
  private final Spec generator;
  private final Spec verifier;
  private final Spec refiner;
  private final Optional<Spec> strategist;

  public Expansion(Config config) {
    this.config = config;
    this.game = config.game();
    if (!config.team().name().equals("team")) {
      throw new SpecException("expand needs a team(generator=…, verifier=…, refiner=…), got " + config.team());
    }
    Agents.registry().arguments(config.team());
    Agents.registry().arguments(config.playout());
    this.generator = member(Role.GENERATOR).orElseThrow();
    this.verifier = member(Role.VERIFIER).orElseThrow(() -> missing(Role.VERIFIER));
    this.refiner = member(Role.REFINER).orElseThrow(() -> missing(Role.REFINER));
    this.strategist = member(Role.STRATEGIST);
  }

  private Optional<Spec> member(Role role) {
    String key = role.name().toLowerCase(Locale.ROOT);
    Spec spec = Agents.registry().arguments(config.team()).getSpec(key);
    return spec.name().equals("none") ? Optional.empty() : Optional.of(spec);
  }

  private SpecException missing(Role role) {
    return new SpecException("expand needs the team's " + role.name().toLowerCase(Locale.ROOT)
        + "; got " + config.team());
  }

  /** Expands {@code states} states in order, handing each tree to {@code done} as it is finished. */
  public void run(Consumer<ExpandedState> done) {
    SplittableRandom seeds = new SplittableRandom(config.seed());
    for (int i = 0; i < config.states(); i++) {
      done.accept(expand(i, sample(new SplittableRandom(seeds.nextLong())), seeds.split()));
    }
  }

  /** Expands the tree of one given state (not a chance, simultaneous or terminal one). */
  public ExpandedState expand(int index, State state, SplittableRandom seeds) {
    checkArgument(!state.isTerminal() && !state.isChanceNode() && !state.isSimultaneousNode(),
        "expansion needs a state where one seat acts");
    int seat = state.currentPlayer();
    SeatView view = SeatViews.of(state, seat, List.of());
    String strategy = strategist.map(spec -> Agents.create(spec, game, seeds.nextLong())
        .decide(view, new TurnContext(Role.STRATEGIST, "", Optional.empty(), Optional.empty(), 0, ""))
        .text()).orElse("");
    Agent generate = Agents.create(generator, game, seeds.nextLong());
    Agent verify = Agents.create(verifier, game, seeds.nextLong());
    Agent refine = Agents.create(refiner, game, seeds.nextLong());
    int[] fallbacks = {0};
    List<Nodes.Proposal> proposals = new ArrayList<>();
    for (int p = 0; p < config.branches(); p++) {
      Decision proposal = generate.decide(view, new TurnContext(Role.GENERATOR, strategy,
          Optional.empty(), Optional.empty(), 0, ""));
      List<Nodes.Critique> critiques = new ArrayList<>();
      for (int c = 0; c < config.branches(); c++) {
        Decision critique = verify.decide(view, new TurnContext(Role.VERIFIER, strategy,
            Optional.of(proposal), Optional.empty(), 1, ""));
        List<Nodes.Refinement> refinements = new ArrayList<>();
        for (int r = 0; r < config.branches(); r++) {
          Decision refinement = refine.decide(view, new TurnContext(Role.REFINER, strategy,
              Optional.of(proposal), Optional.of(critique), 1, ""));
          refinements.add(value(state, seat, refinement, seeds.nextLong(), fallbacks));
        }
        critiques.add(new Nodes.Critique(critique, refinements));
      }
      proposals.add(new Nodes.Proposal(proposal, critiques));
    }
    return new ExpandedState(index, state, seat, strategy, proposals, fallbacks[0]);
  }

  private Nodes.Refinement value(State state, int seat, Decision refinement, long seed, int[] fallbacks) {
    int action = legalAction(state, seat, refinement);
    if (action == Decision.NO_ACTION) {
      return new Nodes.Refinement(refinement, action, Double.NaN, 0);
    }
    State after = state.copy();
    after.apply(action);
    double outcome = playout(after, seed, fallbacks)[seat];
    return new Nodes.Refinement(refinement, action, outcome, scaled(outcome));
  }

  /** The seat's return scaled to [0, 1] by the game's utility bounds. */
  double scaled(double outcome) {
    return Nodes.value(outcome, game.minUtility(), game.maxUtility());
  }

  /** Plays to the end with the playout agent in every seat; an unreadable or failed answer becomes a random legal action. */
  private double[] playout(State state, long seed, int[] fallbacks) {
    Agent agent = Agents.create(config.playout(), game, seed);
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Decision>> histories = new ArrayList<>();
    for (int p = 0; p < game.numPlayers(); p++) {
      histories.add(new ArrayList<>());
    }
    while (!state.isTerminal()) {
      if (state.isChanceNode()) {
        state.apply(state.sampleChanceOutcome());
        continue;
      }
      List<Integer> joint = new ArrayList<>();
      for (int p : state.actingPlayers()) {
        int action = Decision.NO_ACTION;
        try {
          Decision decision = agent.decide(SeatViews.of(state, p, histories.get(p)), TurnContext.alone());
          histories.get(p).add(decision);
          action = legalAction(state, p, decision);
        } catch (RuntimeException failed) {
          // counted below as a fallback, like the random violation policy
        }
        if (action == Decision.NO_ACTION) {
          fallbacks[0]++;
          List<Integer> legal = state.legalActions(p);
          action = legal.get(random.nextInt(legal.size()));
        }
        joint.add(action);
      }
      if (state.isSimultaneousNode()) {
        state.applyJoint(joint);
      } else {
        state.apply(joint.getFirst());
      }
    }
    return state.returns();
  }

  private static int legalAction(State state, int seat, Decision decision) {
    List<Integer> legal = state.legalActions(seat);
    if (decision.action() != Decision.NO_ACTION) {
      return legal.contains(decision.action()) ? decision.action() : Decision.NO_ACTION;
    }
    if (decision.freeText().isBlank()) {
      return Decision.NO_ACTION;
    }
    try {
      return state.parseAction(seat, decision.freeText());
    } catch (IllegalArgumentException unreadable) {
      return Decision.NO_ACTION;
    }
  }

  /** A state a few random plies from the start where exactly one seat acts. */
  private State sample(SplittableRandom random) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      State state = game.newInitialState(random.nextLong());
      int plies = random.nextInt(Math.min(MAX_SAMPLE_PLIES, game.maxGameLength()) + 1);
      int played = 0;
      while (!state.isTerminal()) {
        if (state.isChanceNode()) {
          state.apply(state.sampleChanceOutcome());
        } else if (played == plies) {
          break;
        } else if (state.isSimultaneousNode()) {
          List<Integer> joint = new ArrayList<>();
          for (int p : state.actingPlayers()) {
            List<Integer> legal = state.legalActions(p);
            joint.add(legal.get(random.nextInt(legal.size())));
          }
          state.applyJoint(joint);
          played++;
        } else {
          List<Integer> legal = state.legalActions();
          state.apply(legal.get(random.nextInt(legal.size())));
          played++;
        }
      }
      if (!state.isTerminal() && !state.isSimultaneousNode()) {
        return state;
      }
    }
    throw new IllegalArgumentException("found no state where one seat acts in " + game.spec()
        + "; expand needs turns taken one seat at a time");
  }
}
