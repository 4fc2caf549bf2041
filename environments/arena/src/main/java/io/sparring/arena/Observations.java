package io.sparring.arena;

import java.util.Arrays;

/**
 * The egocentric observation tensor, the same layout in every mode. First the seat's own state
 * ({@link #OWN} values: x / 20, y / 10, cos and sin of the heading, velocity / 5, hit points / 3,
 * cooldown left, time left, the direction it attacks). Then {@link #SLOTS} entity slots of
 * {@link #FEATURES} values, for the K nearest of each type (2 teammates, 3 opponents, the ball, the
 * beacon, 4 shards, the own and the opposing goal): a mask, the position and velocity relative to
 * the seat in its own frame (/ 20 and / 5), the cos and sin of the relative heading, hit points / 3
 * and a one-hot type. Last, with {@code grid=G}, three planes of G x max(1, G/2) cells over the
 * field in its own frame turned so the seat's side attacks +x: own side's units, opponents, and
 * objects (ball, beacon, shards).
 */
final class Observations {
  static final int OWN = 10;
  static final int FEATURES = 8 + 6;
  static final int TEAMMATES = 2;
  static final int OPPONENTS = 3;
  static final int SHARD_SLOTS = 4;
  static final int SLOTS = TEAMMATES + OPPONENTS + 1 + 1 + SHARD_SLOTS + 2;
  static final int TEAMMATE = 0;
  static final int OPPONENT = 1;
  static final int BALL = 2;
  static final int BEACON = 3;
  static final int SHARD = 4;
  static final int GOAL = 5;

  private Observations() {}

  static int size(int grid) {
    return OWN + SLOTS * FEATURES + 3 * grid * gridRows(grid);
  }

  static int gridRows(int grid) {
    return Math.max(1, grid / 2);
  }

  static float[] tensor(ArenaState state, int seat) {
    ArenaGame arena = state.arena();
    Mode mode = state.mode();
    float[] out = new float[size(arena.grid())];
    ArenaState.Frame f = state.frame();
    float x = f.x[seat];
    float y = f.y[seat];
    float angle = f.angle[seat];
    float cos = (float) Math.cos(angle);
    float sin = (float) Math.sin(angle);
    int side = mode.sideOf(seat);
    float attack = mode.sides == 2 && side == 1 ? -1 : 1;
    out[0] = x / Physics.HALF_X;
    out[1] = y / Physics.HALF_Y;
    out[2] = cos;
    out[3] = sin;
    out[4] = f.vx[seat] / Physics.MAX_SPEED;
    out[5] = f.vy[seat] / Physics.MAX_SPEED;
    out[6] = state.hp(seat) / (float) ArenaState.MAX_HP;
    out[7] = (float) state.cooldownFraction(seat);
    out[8] = (float) (state.secondsLeft() / arena.seconds());
    out[9] = attack;
    int slot = 0;
    Writer writer = new Writer(out, x, y, cos, sin, angle);
    // teammates and opponents, nearest first, living units only
    for (int wanted = 0; wanted < 2; wanted++) {
      boolean teammates = wanted == 0;
      int capacity = teammates ? TEAMMATES : OPPONENTS;
      int[] chosen = nearestUnits(state, f, seat, teammates, capacity);
      for (int i = 0; i < capacity; i++) {
        if (chosen[i] >= 0) {
          int u = chosen[i];
          writer.entity(slot + i, teammates ? TEAMMATE : OPPONENT, f.x[u], f.y[u], f.vx[u], f.vy[u], f.angle[u],
              state.hp(u) / (float) ArenaState.MAX_HP);
        }
      }
      slot += capacity;
    }
    if (mode == Mode.SOCCER) {
      int b = mode.seats;
      writer.entity(slot, BALL, f.x[b], f.y[b], f.vx[b], f.vy[b], angle, 0);
    }
    slot++;
    if (mode == Mode.BEACON) {
      writer.entity(slot, BEACON, state.targetX(0), state.targetY(0), 0, 0, angle, 0);
    }
    slot++;
    if (mode == Mode.SHARDS) {
      int[] shards = nearestShards(state, x, y);
      for (int i = 0; i < SHARD_SLOTS; i++) {
        if (shards[i] >= 0) {
          writer.entity(slot + i, SHARD, state.targetX(shards[i]), state.targetY(shards[i]), 0, 0, angle, 0);
        }
      }
    }
    slot += SHARD_SLOTS;
    if (mode == Mode.SOCCER) {
      writer.entity(slot, GOAL, -attack * Physics.HALF_X, 0, 0, 0, angle, 0);
      writer.entity(slot + 1, GOAL, attack * Physics.HALF_X, 0, 0, 0, angle, 0);
    }
    if (arena.grid() > 0) {
      grid(state, f, seat, attack, out, OWN + SLOTS * FEATURES, arena.grid());
    }
    return out;
  }

  /** Writes entity slots relative to the seat. */
  private record Writer(float[] out, float x, float y, float cos, float sin, float angle) {
    void entity(int slot, int type, float ex, float ey, float evx, float evy, float heading, float hp) {
      int at = OWN + slot * FEATURES;
      float dx = ex - x;
      float dy = ey - y;
      out[at] = 1;
      out[at + 1] = (cos * dx + sin * dy) / Physics.HALF_X;
      out[at + 2] = (-sin * dx + cos * dy) / Physics.HALF_X;
      out[at + 3] = (cos * evx + sin * evy) / Physics.MAX_SPEED;
      out[at + 4] = (-sin * evx + cos * evy) / Physics.MAX_SPEED;
      out[at + 5] = (float) Math.cos(heading - angle);
      out[at + 6] = (float) Math.sin(heading - angle);
      out[at + 7] = hp;
      out[at + 8 + type] = 1;
    }
  }

  private static int[] nearestUnits(ArenaState state, ArenaState.Frame f, int seat, boolean teammates,
      int capacity) {
    Mode mode = state.mode();
    int[] chosen = new int[capacity];
    float[] distance = new float[capacity];
    Arrays.fill(chosen, -1);
    for (int u = 0; u < mode.seats; u++) {
      boolean same = mode.sideOf(u) == mode.sideOf(seat);
      if (u == seat || same != teammates || state.hp(u) <= 0) {
        continue;
      }
      insert(chosen, distance, u, (float) Math.hypot(f.x[u] - f.x[seat], f.y[u] - f.y[seat]));
    }
    return chosen;
  }

  private static int[] nearestShards(ArenaState state, float x, float y) {
    int[] chosen = new int[SHARD_SLOTS];
    float[] distance = new float[SHARD_SLOTS];
    Arrays.fill(chosen, -1);
    for (int i = 0; i < state.targets(); i++) {
      if (state.targetShown(i)) {
        insert(chosen, distance, i, (float) Math.hypot(state.targetX(i) - x, state.targetY(i) - y));
      }
    }
    return chosen;
  }

  /** Keeps the nearest entries sorted by distance, ties to the lower index (inserted first). */
  private static void insert(int[] chosen, float[] distance, int index, float d) {
    for (int i = 0; i < chosen.length; i++) {
      if (chosen[i] < 0 || d < distance[i]) {
        System.arraycopy(chosen, i, chosen, i + 1, chosen.length - i - 1);
        System.arraycopy(distance, i, distance, i + 1, distance.length - i - 1);
        chosen[i] = index;
        distance[i] = d;
        return;
      }
    }
  }

  private static void grid(ArenaState state, ArenaState.Frame f, int seat, float attack, float[] out, int start,
      int columns) {
    Mode mode = state.mode();
    int rows = gridRows(columns);
    int plane = columns * rows;
    for (int u = 0; u < mode.seats; u++) {
      if (state.hp(u) > 0) {
        mark(out, start + (mode.sideOf(u) == mode.sideOf(seat) ? 0 : plane), f.x[u] * attack, f.y[u] * attack,
            columns, rows);
      }
    }
    int objects = start + 2 * plane;
    if (mode == Mode.SOCCER) {
      mark(out, objects, f.x[mode.seats] * attack, f.y[mode.seats] * attack, columns, rows);
    }
    for (int i = 0; i < state.targets(); i++) {
      if (state.targetShown(i)) {
        mark(out, objects, state.targetX(i) * attack, state.targetY(i) * attack, columns, rows);
      }
    }
  }

  private static void mark(float[] out, int start, float x, float y, int columns, int rows) {
    int column = Math.min(columns - 1, Math.max(0, (int) ((x + Physics.HALF_X) / (2 * Physics.HALF_X) * columns)));
    int row = Math.min(rows - 1, Math.max(0, (int) ((y + Physics.HALF_Y) / (2 * Physics.HALF_Y) * rows)));
    out[start + row * columns + column] += 1;
  }
}
