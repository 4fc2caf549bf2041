package io.sparring.arena;

import com.badlogic.gdx.math.Vector2;
import com.badlogic.gdx.physics.box2d.Body;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.sparring.core.game.AbstractState;
import io.sparring.core.game.EndStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A match of the arena. Every decision is a simultaneous step of all seats (dead units in a
 * skirmish may only hold); the step's actions drive the units for {@code decision_steps} physics
 * steps. Placements and respawns come from one generator seeded by the match seed and drawn in a
 * fixed order, so the seed and the actions fix the match. A Box2D world rebuilt from body states
 * does not step exactly like the original, so a copy replays the history (the default).
 */
final class ArenaState extends AbstractState {
  static final int MAX_HP = 3;
  /** A shot or kick can repeat after this many physics steps (0.5 s). */
  static final int COOLDOWN = 30;
  static final float BEACON_RADIUS = 1;
  static final float SHARD_RADIUS = 0.25f;
  static final int SHARDS = 20;
  private static final float MARGIN = 1.5f;
  private static final List<Integer> ALL = range(Motor.ACTIONS);
  private static final List<Integer> HOLD_ONLY = List.of(Motor.HOLD);

  private final ArenaGame arena;
  private final Mode mode;
  private final Physics physics;
  private final SplittableRandom random;
  private final int[] hp;
  private final int[] cooldown;
  private final int[] command;
  private final int[] shotAt;
  private int step;
  private boolean finished;
  private final int[] sideScore;
  // beacon: one target; shards: SHARDS targets
  private final float[] targetX;
  private final float[] targetY;
  private final boolean[] taken;
  private int targetsLeft;
  private long historyHash = 0x9E3779B97F4A7C15L;
  /** The ball's x when shaping last paid for it. */
  private float ballX;
  private Steering steering;
  // Body states read once per physics step for observations; JNI calls are the cost.
  private final Frame frame;

  ArenaState(ArenaGame arena, long seed) {
    super(arena, seed);
    this.arena = arena;
    this.mode = arena.mode();
    this.random = new SplittableRandom(seed);
    int seats = mode.seats;
    hp = new int[seats];
    cooldown = new int[seats];
    command = new int[seats];
    shotAt = new int[seats];
    Arrays.fill(shotAt, -1);
    sideScore = new int[mode.sides];
    Arrays.fill(hp, MAX_HP);
    float[] x = new float[seats];
    float[] y = new float[seats];
    float[] angle = new float[seats];
    switch (mode) {
      case BEACON, SHARDS -> {
        for (int seat = 0; seat < seats; seat++) {
          x[seat] = randomX();
          y[seat] = randomY();
          angle[seat] = (float) (random.nextDouble() * 2 * Math.PI - Math.PI);
        }
      }
      case SKIRMISH, SOCCER -> {
        int perSide = mode.seatsPerSide();
        float spread = mode == Mode.SOCCER ? 8 : 5;
        float back = mode == Mode.SOCCER ? 8 : 12;
        for (int seat = 0; seat < seats; seat++) {
          int side = mode.sideOf(seat);
          int slot = seat % perSide;
          x[seat] = side == 0 ? -back : back;
          y[seat] = (slot - (perSide - 1) / 2f) * spread;
          angle[seat] = side == 0 ? 0 : (float) Math.PI;
        }
      }
    }
    physics = new Physics(mode, x, y, angle);
    int targets = mode == Mode.BEACON ? 1 : mode == Mode.SHARDS ? SHARDS : 0;
    targetX = new float[targets];
    targetY = new float[targets];
    taken = new boolean[targets];
    targetsLeft = targets;
    for (int i = 0; i < targets; i++) {
      place(i, x, y, mode == Mode.BEACON ? 5 : 1);
    }
    frame = new Frame(seats + (physics.ball != null ? 1 : 0));
    for (int seat = 0; seat < seats; seat++) {
      see(x[seat], y[seat]);
      see(angle[seat], 0);
    }
  }

  /**
   * Folds a drawn placement into the history hash: the seed's draws are seen by every seat, so
   * they are part of what tells its information states apart.
   */
  private void see(float x, float y) {
    historyHash = (historyHash ^ Float.floatToIntBits(x)) * 0x100000001B3L;
    historyHash = (historyHash ^ Float.floatToIntBits(y)) * 0x100000001B3L;
  }

  private float randomX() {
    return (float) (random.nextDouble() * 2 * (Physics.HALF_X - MARGIN) - (Physics.HALF_X - MARGIN));
  }

  private float randomY() {
    return (float) (random.nextDouble() * 2 * (Physics.HALF_Y - MARGIN) - (Physics.HALF_Y - MARGIN));
  }

  /** Places target i at least {@code distance} m from every unit, drawing until it is. */
  private void place(int i, float[] unitX, float[] unitY, float distance) {
    while (true) {
      float x = randomX();
      float y = randomY();
      boolean clear = true;
      for (int seat = 0; seat < unitX.length && clear; seat++) {
        clear = Math.hypot(x - unitX[seat], y - unitY[seat]) >= distance;
      }
      if (clear) {
        targetX[i] = x;
        targetY[i] = y;
        see(x, y);
        return;
      }
    }
  }

  // ---- rules ----

  @Override
  protected int playerToMove() {
    return SIMULTANEOUS;
  }

  @Override
  protected boolean ended() {
    return finished || step >= arena.physicsSteps();
  }

  @Override
  public EndStatus endStatus() {
    return finished ? EndStatus.TERMINATED : step >= arena.physicsSteps() ? EndStatus.TRUNCATED : EndStatus.RUNNING;
  }

  @Override
  protected List<Integer> actionsOf(int player) {
    return hp[player] > 0 ? ALL : HOLD_ONLY;
  }

  @Override
  protected boolean isLegal(int player, int action) {
    return action >= 0 && action < Motor.ACTIONS && (hp[player] > 0 || action == Motor.HOLD);
  }

  @Override
  protected void applyMove(int player, int action) {
    throw new IllegalStateException("every arena step is simultaneous");
  }

  @Override
  protected void applyJointMove(List<Integer> actions) {
    for (int seat = 0; seat < actions.size(); seat++) {
      command[seat] = actions.get(seat);
      historyHash = (historyHash ^ command[seat]) * 0x100000001B3L;
    }
    historyHash = Long.rotateLeft(historyHash, 17) + step;
    for (int i = 0; i < arena.decisionSteps() && !ended(); i++) {
      physicsStep();
    }
  }

  private void physicsStep() {
    int shots = 0;
    for (int seat = 0; seat < mode.seats; seat++) {
      if (hp[seat] <= 0) {
        continue;
      }
      if (cooldown[seat] > 0) {
        cooldown[seat]--;
      } else if (Motor.acts(command[seat])) {
        shots += act(seat) ? 1 : 0;
      }
      physics.drive(seat, command[seat]);
    }
    if (shots > 0) {
      resolveShots();
    }
    physics.step();
    step++;
    switch (mode) {
      case BEACON, SHARDS -> collect();
      case SOCCER -> checkGoal();
      case SKIRMISH -> {
        if (step >= arena.physicsSteps() && !finished) {
          endSkirmishOnTime();
        }
      }
    }
  }

  /** Kicks at once; a skirmish shot marks its target, and all shots of a step land together. */
  private boolean act(int seat) {
    if (mode == Mode.SOCCER) {
      if (physics.kick(seat)) {
        cooldown[seat] = COOLDOWN / 2;
      }
      return false;
    }
    if (mode != Mode.SKIRMISH) {
      return false;
    }
    cooldown[seat] = COOLDOWN;
    int target = physics.shoot(seat);
    boolean enemy = target >= 0 && mode.sideOf(target) != mode.sideOf(seat);
    shotAt[seat] = enemy ? target : -1;
    return enemy;
  }

  private void resolveShots() {
    int[] damage = new int[mode.seats];
    for (int seat = 0; seat < mode.seats; seat++) {
      if (shotAt[seat] >= 0) {
        damage[shotAt[seat]]++;
      }
    }
    boolean[] alive = new boolean[mode.sides];
    for (int seat = 0; seat < mode.seats; seat++) {
      if (damage[seat] > 0 && hp[seat] > 0) {
        hp[seat] = Math.max(0, hp[seat] - damage[seat]);
        if (hp[seat] == 0) {
          physics.remove(seat);
          int killers = 1 - mode.sideOf(seat);
          sideScore[killers]++;
          if (arena.killReward() != 0) {
            rewardSide(killers, arena.killReward());
            rewardSide(1 - killers, -arena.killReward());
          }
        }
      }
      shotAt[seat] = -1;
    }
    for (int seat = 0; seat < mode.seats; seat++) {
      alive[mode.sideOf(seat)] |= hp[seat] > 0;
    }
    if (!alive[0] || !alive[1]) {
      finished = true;
      if (alive[0] != alive[1]) { // both sides falling in the same step is a draw
        int winner = alive[0] ? 0 : 1;
        rewardSide(winner, 1);
        rewardSide(1 - winner, -1);
      }
    }
  }

  /** At the time limit the side with more units standing wins, then more hit points; else a draw. */
  private void endSkirmishOnTime() {
    int[] standing = new int[2];
    int[] points = new int[2];
    for (int seat = 0; seat < mode.seats; seat++) {
      standing[mode.sideOf(seat)] += hp[seat] > 0 ? 1 : 0;
      points[mode.sideOf(seat)] += hp[seat];
    }
    int order = standing[0] != standing[1] ? Integer.compare(standing[0], standing[1])
        : Integer.compare(points[0], points[1]);
    if (order != 0) {
      int winner = order > 0 ? 0 : 1;
      rewardSide(winner, 1);
      rewardSide(1 - winner, -1);
    }
  }

  private void collect() {
    for (int seat = 0; seat < mode.seats; seat++) {
      Vector2 at = physics.units[seat].getPosition();
      for (int i = 0; i < targetX.length; i++) {
        float reach = mode == Mode.BEACON ? BEACON_RADIUS : Physics.UNIT_RADIUS + SHARD_RADIUS;
        if (!taken[i] && Math.hypot(at.x - targetX[i], at.y - targetY[i]) < reach) {
          rewardSide(0, 1);
          sideScore[0]++;
          if (mode == Mode.BEACON) {
            float[] ux = {at.x};
            float[] uy = {at.y};
            place(i, ux, uy, 5);
          } else {
            taken[i] = true;
            targetsLeft--;
            finished = targetsLeft == 0;
          }
        }
      }
    }
  }

  private void checkGoal() {
    Vector2 ball = physics.ball.getPosition();
    if (arena.progressReward() != 0) {
      // Potential-based shaping (Ng et al. 1999): the ball's x, so an episode's shaping sums to
      // the ball's net progress and cannot be farmed by going back and forth.
      double progress = arena.progressReward() * (ball.x - ballX) / (2 * Physics.HALF_X);
      rewardSide(0, progress);
      rewardSide(1, -progress);
      ballX = ball.x;
    }
    float line = Physics.HALF_X + Physics.BALL_RADIUS;
    int scorer = ball.x > line ? 0 : ball.x < -line ? 1 : -1;
    if (scorer < 0 || Math.abs(ball.y) >= Physics.GOAL_HALF_WIDTH) {
      return;
    }
    // SoccerTwos: the scoring side gets 1 - (time used / episode length), the other side -1.
    rewardSide(scorer, 1 - (double) step / arena.physicsSteps());
    rewardSide(1 - scorer, -1);
    sideScore[scorer]++;
    finished = true;
  }

  private void rewardSide(int side, double value) {
    for (int seat = 0; seat < mode.seats; seat++) {
      if (mode.sideOf(seat) == side) {
        reward(seat, value);
      }
    }
  }

  // ---- what seats see ----

  @Override
  public String actionToString(int player, int action) {
    return Motor.name(action, arena.actWord());
  }

  @Override
  public int parseAction(int player, String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    int motor = Motor.parse(wanted, arena.actWord());
    if (motor >= 0 && legalActions(player).contains(motor)) {
      return motor;
    }
    if (wanted.startsWith("move_to") || wanted.startsWith("kick ") || wanted.equals("kick")) {
      Macro macro = Macro.parse(text);
      if (hp[player] <= 0) {
        return Motor.HOLD;
      }
      if (steering == null) {
        steering = new Steering();
      }
      Frame f = frame();
      return steering.toward(macro, f.x[player], f.y[player], f.angle[player], f.vx[player], f.vy[player],
          mode == Mode.SOCCER ? f.x[mode.seats] : Float.NaN, mode == Mode.SOCCER ? f.y[mode.seats] : Float.NaN,
          mode);
    }
    return super.parseAction(player, text);
  }

  @Override
  protected String playerName(int player) {
    if (player < 0) {
      return super.playerName(player);
    }
    return mode.sides == 1 ? "Seat " + player : "Seat " + player + " (side " + "AB".charAt(mode.sideOf(player)) + ")";
  }

  @Override
  public String render(int player) {
    return Texts.render(this, player);
  }

  @Override
  public float[] observationTensor(int player) {
    return Observations.tensor(this, player);
  }

  @Override
  public String informationStateKey(int player) {
    // Everything is seen; the history hash stands for the history, which a long match makes too
    // long to be a key.
    return player + ":" + step + ":" + Long.toHexString(historyHash);
  }

  @Override
  public long fingerprint() {
    Hasher hasher = Hashing.murmur3_128().newHasher();
    hasher.putInt(step).putBoolean(finished);
    for (Body body : physics.units) {
      putBody(hasher, body);
    }
    if (physics.ball != null) {
      putBody(hasher, physics.ball);
    }
    for (int seat = 0; seat < mode.seats; seat++) {
      hasher.putInt(hp[seat]).putInt(cooldown[seat]);
    }
    for (int i = 0; i < targetX.length; i++) {
      hasher.putFloat(targetX[i]).putFloat(targetY[i]).putBoolean(taken[i]);
    }
    for (double r : returns()) {
      hasher.putDouble(r);
    }
    return hasher.hash().asLong();
  }

  private static void putBody(Hasher hasher, Body body) {
    Vector2 at = body.getPosition();
    Vector2 velocity = body.getLinearVelocity();
    hasher.putFloat(at.x).putFloat(at.y).putFloat(body.getAngle())
        .putFloat(velocity.x).putFloat(velocity.y).putFloat(body.getAngularVelocity())
        .putBoolean(body.isActive());
  }

  // ---- read access for observations, texts, bots' tests and drawings ----

  ArenaGame arena() {
    return arena;
  }

  Mode mode() {
    return mode;
  }

  int stepsDone() {
    return step;
  }

  double secondsLeft() {
    return (arena.physicsSteps() - step) / (double) Physics.HZ;
  }

  int hp(int seat) {
    return hp[seat];
  }

  double cooldownFraction(int seat) {
    return cooldown[seat] / (double) COOLDOWN;
  }

  int sideScore(int side) {
    return sideScore[side];
  }

  int targets() {
    return targetX.length;
  }

  boolean targetShown(int i) {
    return !taken[i];
  }

  float targetX(int i) {
    return targetX[i];
  }

  float targetY(int i) {
    return targetY[i];
  }

  /** Positions, headings and velocities of the units (seat order) then the ball, as of now. */
  Frame frame() {
    if (frame.step != step) {
      Body[] units = physics.units;
      for (int i = 0; i < frame.x.length; i++) {
        Body body = i < units.length ? units[i] : physics.ball;
        Vector2 at = body.getPosition();
        frame.x[i] = at.x;
        frame.y[i] = at.y;
        frame.angle[i] = body.getAngle();
        Vector2 velocity = body.getLinearVelocity();
        frame.vx[i] = velocity.x;
        frame.vy[i] = velocity.y;
      }
      frame.step = step;
    }
    return frame;
  }

  /** Body states at one physics step: units in seat order, then the ball in soccer. */
  static final class Frame {
    int step = -1;
    final float[] x;
    final float[] y;
    final float[] angle;
    final float[] vx;
    final float[] vy;

    Frame(int bodies) {
      x = new float[bodies];
      y = new float[bodies];
      angle = new float[bodies];
      vx = new float[bodies];
      vy = new float[bodies];
    }
  }

  private static List<Integer> range(int n) {
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return Collections.unmodifiableList(all);
  }
}
