package io.sparring.arena;

import io.sparring.core.game.Game;
import io.sparring.core.game.State;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Draws an arena state from above for replays, as 8-bit indexed images in the colours of the
 * default palette (a 6 x 6 x 6 colour cube): the field, goals, units in their side's colour with
 * a heading mark and hit points, the ball, the beacon and shards, and the time left and score in
 * seven-segment digits (no fonts, which a bare machine may lack).
 */
public final class ArenaDrawing {
  /** Pixels per metre. */
  private static final int SCALE = 12;
  private static final int MARGIN = 2;
  private static final Color FIELD = new Color(0x006600);
  private static final Color LINE = new Color(0xFFFFFF);
  private static final Color[] SIDES = {new Color(0x3366FF), new Color(0xFF3333)};
  private static final Color[] GOALS = {new Color(0x003399), new Color(0x990000)};
  private static final Color BALL = Color.WHITE;
  private static final Color BEACON = new Color(0xFFCC00);
  private static final Color SHARD = new Color(0x33CCCC);
  private static final Color DOWN = new Color(0x666666);

  private ArenaDrawing() {}

  /** Whether {@link #draw} draws this game's states. */
  public static boolean draws(Game game) {
    return game instanceof ArenaGame;
  }

  /** Width and height of every frame, in pixels. */
  public static int width() {
    return (int) ((2 * Physics.HALF_X + 2 * MARGIN) * SCALE);
  }

  public static int height() {
    return (int) ((2 * Physics.HALF_Y + 2 * MARGIN) * SCALE) + 20;
  }

  /** One frame of an arena state. */
  public static BufferedImage draw(State state) {
    if (!(state instanceof ArenaState arena)) {
      throw new IllegalArgumentException("not an arena state: " + state.game().spec());
    }
    // Indexed, with colours of its palette and no antialiasing: frames need no dithering and a GIF
    // of them compresses well.
    BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_BYTE_INDEXED);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(new Color(0x333333));
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      drawField(g, arena.mode());
      drawTargets(g, arena);
      drawBodies(g, arena);
      drawHeader(g, arena);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static double px(double x) {
    return (x + Physics.HALF_X + MARGIN) * SCALE;
  }

  private static double py(double y) {
    return 20 + (Physics.HALF_Y - y + MARGIN) * SCALE; // y up, as on a plan
  }

  private static void drawField(Graphics2D g, Mode mode) {
    g.setColor(FIELD);
    g.fill(new Rectangle2D.Double(px(-Physics.HALF_X), py(Physics.HALF_Y), 2 * Physics.HALF_X * SCALE,
        2 * Physics.HALF_Y * SCALE));
    g.setColor(LINE);
    g.setStroke(new BasicStroke(2));
    g.draw(new Rectangle2D.Double(px(-Physics.HALF_X), py(Physics.HALF_Y), 2 * Physics.HALF_X * SCALE,
        2 * Physics.HALF_Y * SCALE));
    if (mode == Mode.SOCCER) {
      g.draw(new Line2D.Double(px(0), py(Physics.HALF_Y), px(0), py(-Physics.HALF_Y)));
      g.draw(circle(0, 0, 3));
      for (int side = 0; side < 2; side++) {
        double end = side == 0 ? Physics.HALF_X : -Physics.HALF_X;
        double back = side == 0 ? Physics.HALF_X + Physics.GOAL_DEPTH : -Physics.HALF_X - Physics.GOAL_DEPTH;
        g.setColor(GOALS[1 - side]); // the goal side A attacks is side B's
        g.fill(new Rectangle2D.Double(px(Math.min(end, back)), py(Physics.GOAL_HALF_WIDTH),
            Physics.GOAL_DEPTH * SCALE, 2 * Physics.GOAL_HALF_WIDTH * SCALE));
      }
    }
  }

  private static void drawTargets(Graphics2D g, ArenaState arena) {
    for (int i = 0; i < arena.targets(); i++) {
      if (!arena.targetShown(i)) {
        continue;
      }
      if (arena.mode() == Mode.BEACON) {
        g.setColor(BEACON);
        g.setStroke(new BasicStroke(3));
        g.draw(circle(arena.targetX(i), arena.targetY(i), ArenaState.BEACON_RADIUS));
      } else {
        g.setColor(SHARD);
        g.fill(circle(arena.targetX(i), arena.targetY(i), ArenaState.SHARD_RADIUS));
      }
    }
  }

  private static void drawBodies(Graphics2D g, ArenaState arena) {
    ArenaState.Frame f = arena.frame();
    Mode mode = arena.mode();
    g.setStroke(new BasicStroke(2));
    for (int seat = 0; seat < mode.seats; seat++) {
      boolean up = arena.hp(seat) > 0;
      g.setColor(up ? SIDES[mode.sideOf(seat)] : DOWN);
      g.fill(circle(f.x[seat], f.y[seat], Physics.UNIT_RADIUS));
      if (!up) {
        continue;
      }
      g.setColor(Color.WHITE);
      double reach = Physics.UNIT_RADIUS * 1.6;
      g.draw(new Line2D.Double(px(f.x[seat]), py(f.y[seat]), px(f.x[seat] + reach * Math.cos(f.angle[seat])),
          py(f.y[seat] + reach * Math.sin(f.angle[seat]))));
      if (mode == Mode.SKIRMISH) {
        for (int h = 0; h < arena.hp(seat); h++) {
          g.fillRect((int) px(f.x[seat] - 0.6 + 0.45 * h), (int) py(f.y[seat] + 0.9), 4, 3);
        }
      }
    }
    if (mode == Mode.SOCCER) {
      g.setColor(BALL);
      g.fill(circle(f.x[mode.seats], f.y[mode.seats], Physics.BALL_RADIUS));
    }
  }

  /** Time left in whole seconds at the left; the score (or beacons, shards) at the right. */
  private static void drawHeader(Graphics2D g, ArenaState arena) {
    g.setColor(LINE);
    g.setStroke(new BasicStroke(2));
    Digits.draw(g, String.valueOf((long) Math.ceil(arena.secondsLeft())), 8, 4);
    String score = arena.mode().sides == 2 ? arena.sideScore(0) + "-" + arena.sideScore(1)
        : String.valueOf(arena.sideScore(0));
    Digits.draw(g, score, width() - 8 - Digits.width(score), 4);
  }

  private static Ellipse2D circle(double x, double y, double radius) {
    return new Ellipse2D.Double(px(x - radius), py(y + radius), 2 * radius * SCALE, 2 * radius * SCALE);
  }

  /** Seven-segment digits and a dash, 8 x 14 pixels each. */
  private static final class Digits {
    // segments a b c d e f g as bits 0..6
    private static final int[] SEGMENTS = {0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F};
    private static final int W = 8;
    private static final int H = 14;

    static int width(String text) {
      return text.length() * (W + 4);
    }

    static void draw(Graphics2D g, String text, int x, int y) {
      for (char c : text.toCharArray()) {
        int segments = c == '-' ? 0x40 : Character.isDigit(c) ? SEGMENTS[c - '0'] : 0;
        int half = H / 2;
        int[][] lines = {{0, 0, W, 0}, {W, 0, W, half}, {W, half, W, H}, {0, H, W, H}, {0, half, 0, H},
            {0, 0, 0, half}, {0, half, W, half}};
        for (int s = 0; s < 7; s++) {
          if ((segments >> s & 1) == 1) {
            g.drawLine(x + lines[s][0], y + lines[s][1], x + lines[s][2], y + lines[s][3]);
          }
        }
        x += W + 4;
      }
    }
  }
}
