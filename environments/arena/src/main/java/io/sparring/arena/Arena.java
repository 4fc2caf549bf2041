package io.sparring.arena;

import io.sparring.core.game.Game;
import io.sparring.core.game.GameFacts;
import io.sparring.core.game.GameProvider;
import io.sparring.core.game.GameType;
import io.sparring.core.game.GameType.ChanceMode;
import io.sparring.core.game.GameType.Dynamics;
import io.sparring.core.game.GameType.Information;
import io.sparring.core.game.GameType.Utility;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code arena} game: a real-time team game on LibGDX's Box2D with mini-games as a parameter
 * ({@code beacon}, {@code shards}, {@code skirmish}, {@code soccer}). A seat is one unit; all seats
 * act together every {@code decision_steps} physics steps at 60 Hz; episodes are cut off after
 * {@code seconds}. See docs/arena.md.
 */
public final class Arena implements GameProvider {

  @Override
  public String name() {
    return "arena";
  }

  @Override
  public String description() {
    return "A real-time team arena on Box2D: beacon, shards, skirmish (3v3) or soccer (2v2); simultaneous moves";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.word("mode", "soccer", "beacon, shards, skirmish or soccer"),
        Parameter.integer("seconds", 120, 1, 3600, "game time before the episode is cut off (truncation)"),
        Parameter.integer("decision_steps", 5, 1, 60, "physics steps (1/60 s each) per decision"),
        Parameter.integer("grid", 0, 0, 64, "columns of the optional grid planes (0: none)"),
        Parameter.real("kill_reward", 0, "skirmish: reward per kill to the killer's side, taken from the other"),
        Parameter.real("progress_reward", 0, "soccer: reward to a side per field length (40 m) the ball moves"
            + " toward the goal it attacks, taken from the other (potential-based shaping)"));
  }

  @Override
  public int conformancePlayouts() {
    return 100;
  }

  @Override
  public Game create(Arguments arguments) {
    Mode mode;
    try {
      mode = Mode.parse(arguments.getString("mode"));
    } catch (IllegalArgumentException e) {
      throw new SpecException(e.getMessage());
    }
    int seconds = arguments.getInt("seconds");
    int decisionSteps = arguments.getInt("decision_steps");
    int grid = arguments.getInt("grid");
    double kill = arguments.getDouble("kill_reward");
    if (kill < 0 || kill > 1 || !Double.isFinite(kill)) {
      throw new SpecException("kill_reward must be between 0 and 1, got " + kill);
    }
    if (kill != 0 && mode != Mode.SKIRMISH) {
      throw new SpecException("kill_reward is for mode=skirmish, not " + mode.word());
    }
    double progress = arguments.getDouble("progress_reward");
    if (progress < 0 || progress > 10 || !Double.isFinite(progress)) {
      throw new SpecException("progress_reward must be between 0 and 10, got " + progress);
    }
    if (progress != 0 && mode != Mode.SOCCER) {
      throw new SpecException("progress_reward is for mode=soccer, not " + mode.word());
    }
    int physicsSteps = seconds * Physics.HZ;
    int decisions = (physicsSteps + decisionSteps - 1) / decisionSteps;
    GameFacts.Builder facts = GameFacts.builder()
        .players(mode.seats)
        .distinctActions(Motor.ACTIONS)
        .maxLength(decisions)
        .observationShape(Observations.size(grid))
        .rules(rules(mode, seconds, decisionSteps))
        .sides(sides(mode));
    Utility utility;
    switch (mode) {
      case BEACON -> {
        // a new beacon is at least 5 m away and taken within 1 m: at least 4 m of running each
        facts.utility(0, Math.floor(seconds * Physics.MAX_SPEED / 4.0) + 1);
        utility = Utility.IDENTICAL;
      }
      case SHARDS -> {
        facts.utility(0, ArenaState.SHARDS);
        utility = Utility.IDENTICAL;
      }
      case SKIRMISH -> {
        double most = 1 + kill * mode.seatsPerSide();
        facts.utility(-most, most);
        utility = Utility.ZERO_SUM;
      }
      default -> {
        // the ball's net progress over an episode is at most the field and a goal pocket
        double shaped = progress * (Physics.HALF_X + Physics.GOAL_DEPTH) / (2 * Physics.HALF_X);
        facts.utility(-1 - shaped, 1 + shaped);
        utility = Utility.GENERAL_SUM;
      }
    }
    GameType type = new GameType(Dynamics.SIMULTANEOUS, ChanceMode.DETERMINISTIC, Information.PERFECT, utility);
    return new ArenaGame(arguments.toSpec(), facts.build(), type, mode, seconds, decisionSteps, grid, kill, progress);
  }

  private static List<List<Integer>> sides(Mode mode) {
    List<List<Integer>> sides = new ArrayList<>();
    for (int side = 0; side < mode.sides; side++) {
      List<Integer> seats = new ArrayList<>();
      for (int seat = side * mode.seatsPerSide(); seat < (side + 1) * mode.seatsPerSide(); seat++) {
        seats.add(seat);
      }
      sides.add(seats);
    }
    return sides;
  }

  private static String rules(Mode mode, int seconds, int decisionSteps) {
    String field = "A 40 x 20 m field (x from -20 to 20, y from -10 to 10) walled all round. Each seat is one round"
        + " unit (radius 0.5 m; 5 m/s forward, 2.5 m/s back, 3 m/s sideways, turning 4 rad/s). All seats act"
        + " together every %d/60 s; the episode is cut off after %d s. Motor actions combine forward or back,"
        + " strafe_left or strafe_right, turn_left or turn_right, and %s; hold does nothing.";
    String goal = switch (mode) {
      case BEACON -> " Move onto the beacon (within 1 m): +1 each time; a new beacon then appears at least 5 m away.";
      case SHARDS -> " Two units of one side collect 20 shards: +1 to the side for each; the episode ends when"
          + " none is left.";
      case SKIRMISH -> " Three against three, 3 hit points each. fire shoots along the heading (10 m, once per"
          + " 0.5 s; a teammate in the way blocks it); a unit at 0 is down. The side left standing gets +1, the"
          + " other -1; at the time limit more units standing, then more hit points, wins.";
      case SOCCER -> " Two against two with a ball; side A (seats 0, 1) attacks the goal at x = +20, side B"
          + " (seats 2, 3) the goal at x = -20 (mouths |y| < 3). kick sends the ball at 12 m/s along the heading"
          + " when it is within reach in front. A goal ends the episode: the scorers get 1 - (time used /"
          + " episode length), the others -1.";
    };
    return field.formatted(decisionSteps, seconds, mode == Mode.SKIRMISH ? "fire" : "kick") + goal
        + " Or write a macro action: " + Macro.FORMS + ".";
  }
}
