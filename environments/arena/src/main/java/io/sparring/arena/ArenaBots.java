package io.sparring.arena;

import com.badlogic.gdx.ai.btree.BehaviorTree;
import com.badlogic.gdx.ai.btree.LeafTask;
import com.badlogic.gdx.ai.btree.Task;
import com.badlogic.gdx.ai.btree.branch.Selector;
import com.badlogic.gdx.ai.btree.branch.Sequence;
import io.sparring.agents.Agent;
import io.sparring.agents.AgentProvider;
import io.sparring.agents.Decision;
import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code arena_bot(level=1..3)}: scripted arena players that read only their seat's observation
 * tensor and act through the same gdx-ai steering as macro actions. Level 3 plays each mode's
 * script: straight to the beacon; shards split between the two units; focus fire on the weakest
 * opponent in a skirmish; a gdx-ai behaviour tree in soccer (the unit nearer the ball attacks, the
 * other guards the goal). Level 2 drops the teamwork (every unit chases the nearest shard, enemy or
 * the ball) and acts at random one decision in five; level 1 acts at random one decision in two.
 */
public final class ArenaBots implements AgentProvider {

  @Override
  public String name() {
    return "arena_bot";
  }

  @Override
  public String description() {
    return "scripted arena players: level 3 plays the mode's script with teamwork, 2 without it, 1 half at random";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.integer("level", 3, 1, 3, "1 (weak) to 3 (strong)"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    if (!(game instanceof ArenaGame arena)) {
      throw new SpecException("arena_bot plays only the arena game, not " + game.spec());
    }
    int level = arguments.getInt("level");
    Bot bot = new Bot(arena.mode(), level, new SplittableRandom(seed));
    return (view, context) -> Decision.action(bot.decide(view.observation().tensor(), view.observation().legalActions()));
  }

  /** One bot's per-match state: its steering scratch, random generator and soccer tree. */
  static final class Bot {
    private final Mode mode;
    private final int level;
    private final SplittableRandom random;
    private final Steering steering = new Steering();
    private final Pitch pitch = new Pitch();
    private final BehaviorTree<Pitch> tree;

    Bot(Mode mode, int level, SplittableRandom random) {
      this.mode = mode;
      this.level = level;
      this.random = random;
      this.tree = new BehaviorTree<>(soccerTree(level == 3), pitch);
    }

    int decide(float[] tensor, List<Integer> legal) {
      if (legal.size() == 1) {
        return legal.getFirst(); // down in a skirmish: hold
      }
      double noise = level == 1 ? 0.5 : level == 2 ? 0.2 : 0;
      if (noise > 0 && random.nextDouble() < noise) {
        return legal.get(random.nextInt(legal.size()));
      }
      Seen seen = new Seen(tensor);
      Macro macro = switch (mode) {
        case BEACON -> new Macro(false, seen.x(beaconSlot()), seen.y(beaconSlot()));
        case SHARDS -> shard(seen);
        case SKIRMISH -> skirmish(seen);
        case SOCCER -> soccer(seen);
      };
      return macro == null ? Motor.HOLD : steering.toward(macro, seen.ownX, seen.ownY, seen.heading,
          seen.ownVx, seen.ownVy, seen.x(ballSlot()), seen.y(ballSlot()), mode);
    }

    /** The nearest shard; at level 3 the next one when the teammate is nearer to it. */
    private Macro shard(Seen seen) {
      int first = Observations.TEAMMATES + Observations.OPPONENTS + 2;
      for (int i = 0; i < Observations.SHARD_SLOTS; i++) {
        int slot = first + i;
        if (!seen.present(slot)) {
          break;
        }
        boolean teammateNearer = level == 3 && seen.present(0)
            && distance(seen.x(0), seen.y(0), seen.x(slot), seen.y(slot)) < seen.distance(slot);
        if (!teammateNearer || i == Observations.SHARD_SLOTS - 1 || !seen.present(slot + 1)) {
          return new Macro(false, seen.x(slot), seen.y(slot));
        }
      }
      return null;
    }

    /**
     * Level 3 focuses the opponent with the fewest hit points, then the one nearest the side's
     * centre, so the side picks the same one, and steps aside when a teammate is in the line of
     * fire; the others shoot the nearest.
     */
    private Macro skirmish(Seen seen) {
      float centreX = seen.ownX;
      float centreY = seen.ownY;
      int teammates = 1;
      for (int slot = 0; slot < Observations.TEAMMATES; slot++) {
        if (seen.present(slot)) {
          centreX += seen.x(slot);
          centreY += seen.y(slot);
          teammates++;
        }
      }
      centreX /= teammates;
      centreY /= teammates;
      int target = -1;
      for (int i = 0; i < Observations.OPPONENTS; i++) {
        int slot = Observations.TEAMMATES + i;
        if (!seen.present(slot)) {
          continue;
        }
        if (target < 0 || level == 3 && (seen.hp(slot) < seen.hp(target) || seen.hp(slot) == seen.hp(target)
            && distance(centreX, centreY, seen.x(slot), seen.y(slot))
                < distance(centreX, centreY, seen.x(target), seen.y(target)))) {
          target = slot;
        }
      }
      if (target < 0) {
        return null;
      }
      float tx = seen.x(target);
      float ty = seen.y(target);
      float range = seen.distance(target);
      if (range >= 0.8f * Physics.SHOT_RANGE) {
        return new Macro(false, clampX(tx), clampY(ty));
      }
      if (level == 3) {
        for (int slot = 0; slot < Observations.TEAMMATES; slot++) {
          if (seen.present(slot) && blocks(seen, slot, tx, ty, range)) {
            // step sideways, away from the teammate's side of the line
            float dx = (tx - seen.ownX) / range;
            float dy = (ty - seen.ownY) / range;
            float side = Math.signum(dx * (seen.y(slot) - seen.ownY) - dy * (seen.x(slot) - seen.ownX));
            side = side == 0 ? 1 : side;
            return new Macro(false, clampX(seen.ownX + side * dy * 2), clampY(seen.ownY - side * dx * 2));
          }
        }
      }
      return new Macro(true, clampX(tx), clampY(ty));
    }

    /** Whether the teammate in a slot stands in the line of fire to a target at this range. */
    private static boolean blocks(Seen seen, int slot, float tx, float ty, float range) {
      float dx = (tx - seen.ownX) / range;
      float dy = (ty - seen.ownY) / range;
      float ax = seen.x(slot) - seen.ownX;
      float ay = seen.y(slot) - seen.ownY;
      float along = ax * dx + ay * dy;
      return along > 0 && along < range && Math.abs(ax * dy - ay * dx) < Physics.UNIT_RADIUS + 0.2f;
    }

    private Macro soccer(Seen seen) {
      pitch.seen = seen;
      pitch.macro = null;
      tree.step();
      return pitch.macro;
    }

    private static int ballSlot() {
      return Observations.TEAMMATES + Observations.OPPONENTS;
    }

    private static int beaconSlot() {
      return ballSlot() + 1;
    }
  }

  /** The soccer tree: a selector of (nearer the ball -> attack) and guard; level 2 always attacks. */
  private static Task<Pitch> soccerTree(boolean teamwork) {
    Task<Pitch> attack = new Attack();
    if (!teamwork) {
      return attack;
    }
    return new Selector<>(new Sequence<>(new NearerTheBall(), attack), new Guard());
  }

  /** What the soccer tree reads and writes. */
  static final class Pitch {
    Seen seen;
    Macro macro;
  }

  private abstract static class Leaf extends LeafTask<Pitch> {
    @Override
    protected Task<Pitch> copyTo(Task<Pitch> task) {
      return task;
    }
  }

  /** Succeeds when this unit is nearer the ball than its teammate. */
  private static final class NearerTheBall extends Leaf {
    @Override
    public Status execute() {
      Seen seen = getObject().seen;
      int ball = Bot.ballSlot();
      boolean nearer = !seen.present(0)
          || seen.distance(ball) <= distance(seen.x(0), seen.y(0), seen.x(ball), seen.y(ball));
      return nearer ? Status.SUCCEEDED : Status.FAILED;
    }
  }

  /** Kicks the ball toward the middle of the opposing goal. */
  private static final class Attack extends Leaf {
    @Override
    public Status execute() {
      Seen seen = getObject().seen;
      getObject().macro = new Macro(true, seen.attack * Physics.HALF_X, 0);
      return Status.SUCCEEDED;
    }
  }

  /** Stands between the ball and the own goal, a third of the way out from the goal. */
  private static final class Guard extends Leaf {
    @Override
    public Status execute() {
      Seen seen = getObject().seen;
      int ball = Bot.ballSlot();
      float goalX = -seen.attack * Physics.HALF_X;
      float x = goalX + (seen.x(ball) - goalX) / 3;
      float y = seen.y(ball) / 3;
      getObject().macro = new Macro(false, clampX(x), clampY(y));
      return Status.SUCCEEDED;
    }
  }

  /** The observation tensor read back into field coordinates. */
  static final class Seen {
    final float[] tensor;
    final float ownX;
    final float ownY;
    final float heading;
    final float ownVx;
    final float ownVy;
    final float attack;
    private final float cos;
    private final float sin;

    Seen(float[] tensor) {
      this.tensor = tensor;
      ownX = tensor[0] * Physics.HALF_X;
      ownY = tensor[1] * Physics.HALF_Y;
      cos = tensor[2];
      sin = tensor[3];
      heading = (float) Math.atan2(sin, cos);
      ownVx = tensor[4] * Physics.MAX_SPEED;
      ownVy = tensor[5] * Physics.MAX_SPEED;
      attack = tensor[9];
    }

    private int at(int slot) {
      return Observations.OWN + slot * Observations.FEATURES;
    }

    boolean present(int slot) {
      return tensor[at(slot)] > 0;
    }

    float x(int slot) {
      float lx = tensor[at(slot) + 1] * Physics.HALF_X;
      float ly = tensor[at(slot) + 2] * Physics.HALF_X;
      return ownX + cos * lx - sin * ly;
    }

    float y(int slot) {
      float lx = tensor[at(slot) + 1] * Physics.HALF_X;
      float ly = tensor[at(slot) + 2] * Physics.HALF_X;
      return ownY + sin * lx + cos * ly;
    }

    float hp(int slot) {
      return tensor[at(slot) + 7];
    }

    float distance(int slot) {
      return (float) Math.hypot(tensor[at(slot) + 1], tensor[at(slot) + 2]) * Physics.HALF_X;
    }
  }

  private static float distance(float x1, float y1, float x2, float y2) {
    return (float) Math.hypot(x2 - x1, y2 - y1);
  }

  private static float clampX(float x) {
    return Math.max(-Physics.HALF_X, Math.min(Physics.HALF_X, x));
  }

  private static float clampY(float y) {
    return Math.max(-Physics.HALF_Y, Math.min(Physics.HALF_Y, y));
  }
}
