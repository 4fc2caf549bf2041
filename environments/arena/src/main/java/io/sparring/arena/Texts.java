package io.sparring.arena;

/** The arena as text for people and LLM agents: coordinates in metres rounded to 0.1, headings in degrees. */
final class Texts {
  private Texts() {}

  static String render(ArenaState state, int seat) {
    Mode mode = state.mode();
    ArenaState.Frame f = state.frame();
    StringBuilder text = new StringBuilder(512);
    text.append("Arena ").append(mode.word()).append(", ");
    tenths(text, state.secondsLeft()).append(" s left.");
    if (mode.sides == 2) {
      text.append(" Score: side A ").append(state.sideScore(0)).append(", side B ").append(state.sideScore(1))
          .append(mode == Mode.SKIRMISH ? " kills." : " goals.");
    } else {
      text.append(" Collected: ").append(state.sideScore(0)).append('.');
    }
    if (seat >= 0) {
      text.append("\nYou (seat ").append(seat).append(')');
      if (mode == Mode.SOCCER) {
        text.append(" attack the goal at x = ").append(mode.sideOf(seat) == 0 ? "+20" : "-20");
      }
      unit(text.append(": "), state, f, seat).append('.');
    }
    for (int u = 0; u < mode.seats; u++) {
      if (u == seat) {
        continue;
      }
      String who = seat < 0 || mode.sides == 1 ? "Seat " + u
          : (mode.sideOf(u) == mode.sideOf(seat) ? "Teammate seat " : "Opponent seat ") + u;
      unit(text.append('\n').append(who).append(": "), state, f, u).append('.');
    }
    if (mode == Mode.SOCCER) {
      int b = mode.seats;
      point(text.append("\nBall at "), f.x[b], f.y[b]);
      point(text.append(", velocity "), f.vx[b], f.vy[b]).append('.');
    }
    if (mode == Mode.BEACON) {
      point(text.append("\nBeacon at "), state.targetX(0), state.targetY(0)).append('.');
    }
    if (mode == Mode.SHARDS) {
      text.append("\nShards at");
      String separator = " ";
      for (int i = 0; i < state.targets(); i++) {
        if (state.targetShown(i)) {
          point(text.append(separator), state.targetX(i), state.targetY(i));
          separator = ", ";
        }
      }
      text.append('.');
    }
    text.append("\nMacro actions: ").append(Macro.FORMS).append('.');
    return text.toString();
  }

  private static StringBuilder unit(StringBuilder text, ArenaState state, ArenaState.Frame f, int u) {
    if (state.hp(u) <= 0) {
      return text.append("down");
    }
    point(text.append("at "), f.x[u], f.y[u]);
    text.append(" heading ").append(degrees(f.angle[u])).append(" deg");
    point(text.append(" velocity "), f.vx[u], f.vy[u]);
    if (state.mode() == Mode.SKIRMISH) {
      text.append(" hit points ").append(state.hp(u));
    }
    return text;
  }

  /** A heading in whole degrees in (-180, 180]. */
  static long degrees(float angle) {
    long d = Math.round(Math.toDegrees(angle)) % 360;
    return d > 180 ? d - 360 : d <= -180 ? d + 360 : d;
  }

  private static StringBuilder point(StringBuilder text, float x, float y) {
    tenths(text.append('('), x).append(", ");
    return tenths(text, y).append(')');
  }

  /** Appends a value rounded to 0.1 without String.format, which is slow on this path. */
  static StringBuilder tenths(StringBuilder text, double value) {
    long t = Math.round(value * 10);
    if (t < 0) {
      text.append('-');
      t = -t;
    }
    return text.append(t / 10).append('.').append(t % 10);
  }
}
