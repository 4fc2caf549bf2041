package io.sparring.agents.team;

import io.sparring.agents.Agent;
import io.sparring.agents.AgentProvider;
import io.sparring.agents.Agents;
import io.sparring.agents.Decision;
import io.sparring.agents.Decision.RoleStep;
import io.sparring.agents.Role;
import io.sparring.agents.SeatView;
import io.sparring.agents.TurnContext;
import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.Spec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The {@code team} backend. Per turn: the strategist (every {@code strategy_every} turns) writes a
 * strategy; the generator proposes; the verifier accepts or rejects with a critique; on rejection the
 * refiner chooses the action from proposal and critique, for at most {@code rounds} rounds. A team
 * playing several seats keeps separate agents and state per seat, so nothing one seat sees reaches
 * another seat's decision.
 */
public final class Teams implements AgentProvider {
  static final String NONE = "none";

  @Override
  public String name() {
    return "team";
  }

  @Override
  public String description() {
    return "roles strategist, generator, verifier, refiner, each any agent";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.spec("strategist", NONE, "writes a short strategy every strategy_every turns"),
        Parameter.requiredSpec("generator", "proposes an action"),
        Parameter.spec("verifier", NONE, "accepts or rejects the proposal with a critique"),
        Parameter.spec("refiner", NONE, "chooses the action after a rejection"),
        Parameter.integer("strategy_every", 1, 1, 1000, "turns between strategies"),
        Parameter.integer("rounds", 1, 1, 10, "verify/refine rounds per turn"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    Map<Role, Spec> members = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      Spec spec = arguments.getSpec(role.name().toLowerCase(java.util.Locale.ROOT));
      if (!spec.name().equals(NONE)) {
        Agents.registry().arguments(spec); // fail now, with the message, not at the first turn
        members.put(role, spec);
      }
    }
    return new Team(game, seed, members, arguments.getInt("strategy_every"), arguments.getInt("rounds"));
  }

  private static final class Team implements Agent {
    private final Game game;
    private final long seed;
    private final Map<Role, Spec> members;
    private final int strategyEvery;
    private final int rounds;
    private final Map<Integer, SeatState> seats = new HashMap<>();

    Team(Game game, long seed, Map<Role, Spec> members, int strategyEvery, int rounds) {
      this.game = game;
      this.seed = seed;
      this.members = members;
      this.strategyEvery = strategyEvery;
      this.rounds = rounds;
    }

    /** One seat's own agents, strategy and turn count. */
    private final class SeatState {
      final Map<Role, Agent> agents = new EnumMap<>(Role.class);
      String strategy = "";
      int turns;

      SeatState(int seat) {
        SplittableRandom seeds = new SplittableRandom(seed + 7919L * seat);
        for (Role role : Role.values()) {
          long roleSeed = seeds.nextLong();
          Spec spec = members.get(role);
          if (spec != null) {
            agents.put(role, Agents.create(spec, game, roleSeed));
          }
        }
      }
    }

    @Override
    public Decision decide(SeatView view, TurnContext context) {
      SeatState seat = seats.computeIfAbsent(view.seat(), SeatState::new);
      List<RoleStep> steps = new ArrayList<>();
      if (seat.agents.containsKey(Role.STRATEGIST) && seat.turns % strategyEvery == 0) {
        TurnContext asked = new TurnContext(Role.STRATEGIST, seat.strategy, Optional.empty(),
            Optional.empty(), 0, context.feedback());
        Decision strategy = call(Role.STRATEGIST, seat, view, asked, seat.strategy, steps);
        seat.strategy = strategy.text();
      }
      seat.turns++;
      TurnContext generate = new TurnContext(Role.GENERATOR, seat.strategy, Optional.empty(),
          Optional.empty(), 0, context.feedback());
      Decision chosen = call(Role.GENERATOR, seat, view, generate, seat.strategy, steps);
      for (int round = 1; round <= rounds && seat.agents.containsKey(Role.VERIFIER); round++) {
        TurnContext verify = new TurnContext(Role.VERIFIER, seat.strategy, Optional.of(chosen),
            Optional.empty(), round, "");
        Decision critique = call(Role.VERIFIER, seat, view, verify, describe(view, chosen), steps);
        if (critique.verdict() != Decision.Verdict.REJECT || !seat.agents.containsKey(Role.REFINER)) {
          break;
        }
        TurnContext refine = new TurnContext(Role.REFINER, seat.strategy, Optional.of(chosen),
            Optional.of(critique), round, context.feedback());
        chosen = call(Role.REFINER, seat, view, refine,
            describe(view, chosen) + "\ncritique: " + critique.text(), steps);
      }
      return chosen.withRoleSteps(steps).withLatency(Duration.ZERO);
    }

    private Decision call(Role role, SeatState seat, SeatView view, TurnContext context,
        String input, List<RoleStep> steps) {
      long start = System.nanoTime();
      Decision decision = seat.agents.get(role).decide(view, context)
          .withLatency(Duration.ofNanos(System.nanoTime() - start));
      steps.add(new RoleStep(role, members.get(role).toString(), input, decision));
      return decision;
    }

    private static String describe(SeatView view, Decision proposal) {
      if (proposal.action() != Decision.NO_ACTION) {
        int index = view.observation().legalActions().indexOf(proposal.action());
        String name = index >= 0 ? view.observation().legalActionNames().get(index) : "(illegal)";
        return "proposal: " + proposal.action() + " " + name;
      }
      return "proposal: " + proposal.freeText();
    }
  }
}
