package io.sparring.arena;

import com.badlogic.gdx.ai.steer.Steerable;
import com.badlogic.gdx.ai.steer.SteeringAcceleration;
import com.badlogic.gdx.ai.steer.behaviors.Arrive;
import com.badlogic.gdx.ai.steer.behaviors.Face;
import com.badlogic.gdx.ai.utils.Location;
import com.badlogic.gdx.math.Vector2;

/**
 * Carries out macro actions with gdx-ai's {@link Arrive} and {@link Face} behaviours, quantised to
 * one motor action per decision. Pure arithmetic on the unit's state (no clock, no shared random
 * generator), so a macro resolves identically in a replay. One instance per caller: it is mutable.
 */
final class Steering {
  /** Accelerations below this (m/s^2) along a branch leave that branch at none. */
  private static final float THRESHOLD = 2;

  private final Unit unit = new Unit();
  private final Point target = new Point();
  private final Point facing = new Point();
  private final Arrive<Vector2> arrive = new Arrive<>(unit, target)
      .setArrivalTolerance(0.1f).setDecelerationRadius(1.5f).setTimeToTarget(0.1f);
  private final Face<Vector2> face = new Face<>(unit, facing)
      .setAlignTolerance(0.12f).setDecelerationRadius(0.5f).setTimeToTarget(0.1f);
  private final SteeringAcceleration<Vector2> linear = new SteeringAcceleration<>(new Vector2());
  private final SteeringAcceleration<Vector2> angular = new SteeringAcceleration<>(new Vector2());

  /**
   * The motor action that carries out the macro for a unit at (x, y) heading {@code angle} with
   * velocity (vx, vy); the ball's position matters to a soccer kick (NaN elsewhere).
   */
  int toward(Macro macro, float x, float y, float angle, float vx, float vy, float ballX, float ballY,
      Mode mode) {
    unit.position.set(x, y);
    unit.orientation = angle;
    unit.velocity.set(vx, vy);
    if (macro.kick() && mode == Mode.SKIRMISH) {
      return aim(macro.x(), macro.y());
    }
    if (macro.kick() && mode == Mode.SOCCER) {
      return dribble(macro.x(), macro.y(), ballX, ballY);
    }
    return moveTo(macro.x(), macro.y(), macro.x(), macro.y(), false);
  }

  /** Turns toward the point without moving and fires once the heading is within about 6 degrees. */
  private int aim(float tx, float ty) {
    facing.position.set(tx, ty);
    int turn = turnToward();
    float off = Math.abs(wrap((float) Math.atan2(ty - unit.position.y, tx - unit.position.x) - unit.orientation));
    return Motor.index(0, 0, branch(turn), off < 0.1f);
  }

  /**
   * Gets behind the ball on the line from the target through the ball (going around it when in
   * front), then runs through it facing the target and kicks once in reach and aligned.
   */
  private int dribble(float tx, float ty, float ballX, float ballY) {
    float dx = tx - ballX;
    float dy = ty - ballY;
    float length = Math.max(1e-3f, (float) Math.hypot(dx, dy));
    dx /= length;
    dy /= length;
    float behind = Physics.UNIT_RADIUS + Physics.BALL_RADIUS + 0.15f;
    float bx = ballX - dx * behind;
    float by = ballY - dy * behind;
    float toBallX = ballX - unit.position.x;
    float toBallY = ballY - unit.position.y;
    float ahead = -(toBallX * dx + toBallY * dy); // > 0: the unit is on the target's side of the ball
    float distance = (float) Math.hypot(toBallX, toBallY);
    if (ahead > -0.2f) {
      // go around: aim beside the ball, on the unit's side of the line
      float side = Math.signum(toBallX * dy - toBallY * dx);
      side = side == 0 ? 1 : side;
      float clear = Physics.UNIT_RADIUS + Physics.BALL_RADIUS + 0.6f;
      return moveTo(bx - side * dy * clear, by + side * dx * clear, ballX, ballY, false);
    }
    boolean lined = Math.hypot(unit.position.x - bx, unit.position.y - by) < 0.6f
        || (distance < Physics.KICK_REACH && -ahead > 0.8f * distance);
    if (lined) {
      float off = Math.abs(wrap((float) Math.atan2(dy, dx) - unit.orientation));
      return moveTo(ballX + dx * 2, ballY + dy * 2, tx, ty, off < 0.35f && distance < Physics.KICK_REACH);
    }
    return moveTo(bx, by, ballX, ballY, false);
  }

  private int moveTo(float tx, float ty, float fx, float fy, boolean act) {
    target.position.set(tx, ty);
    arrive.calculateSteering(linear);
    float cos = (float) Math.cos(unit.orientation);
    float sin = (float) Math.sin(unit.orientation);
    float forward = linear.linear.x * cos + linear.linear.y * sin;
    float lateral = -linear.linear.x * sin + linear.linear.y * cos;
    int turn = 0;
    if (Math.hypot(fx - unit.position.x, fy - unit.position.y) > 0.3f) {
      facing.position.set(fx, fy);
      turn = turnToward();
    }
    return Motor.index(branch(forward > THRESHOLD ? 1 : forward < -THRESHOLD ? -1 : 0),
        branch(lateral > THRESHOLD ? 1 : lateral < -THRESHOLD ? -1 : 0), branch(turn), act);
  }

  /** +1 to turn left, -1 right, 0 when facing the point within Face's tolerance. */
  private int turnToward() {
    face.calculateSteering(angular);
    return angular.angular > 0 ? 1 : angular.angular < 0 ? -1 : 0;
  }

  /** A branch value (+1, -1, 0) as Motor's index digit (1, 2, 0). */
  private static int branch(int value) {
    return value > 0 ? 1 : value < 0 ? 2 : 0;
  }

  static float wrap(float angle) {
    float a = angle % (float) (2 * Math.PI);
    if (a > Math.PI) {
      a -= (float) (2 * Math.PI);
    } else if (a <= -Math.PI) {
      a += (float) (2 * Math.PI);
    }
    return a;
  }

  /** A point for Arrive and Face; its orientation is unused. */
  private static class Point implements Location<Vector2> {
    final Vector2 position = new Vector2();
    float orientation;

    @Override
    public Vector2 getPosition() {
      return position;
    }

    @Override
    public float getOrientation() {
      return orientation;
    }

    @Override
    public void setOrientation(float value) {
      orientation = value;
    }

    @Override
    public float vectorToAngle(Vector2 vector) {
      return (float) Math.atan2(vector.y, vector.x); // Box2D's convention: 0 along +x
    }

    @Override
    public Vector2 angleToVector(Vector2 out, float angle) {
      return out.set((float) Math.cos(angle), (float) Math.sin(angle));
    }

    @Override
    public Location<Vector2> newLocation() {
      return new Point();
    }
  }

  /** The steered unit with the arena's limits. */
  private static final class Unit extends Point implements Steerable<Vector2> {
    final Vector2 velocity = new Vector2();

    @Override
    public Vector2 getLinearVelocity() {
      return velocity;
    }

    @Override
    public float getAngularVelocity() {
      return 0;
    }

    @Override
    public float getBoundingRadius() {
      return Physics.UNIT_RADIUS;
    }

    @Override
    public boolean isTagged() {
      return false;
    }

    @Override
    public void setTagged(boolean tagged) {}

    @Override
    public float getZeroLinearSpeedThreshold() {
      return 0.001f;
    }

    @Override
    public void setZeroLinearSpeedThreshold(float value) {}

    @Override
    public float getMaxLinearSpeed() {
      return Physics.MAX_SPEED;
    }

    @Override
    public void setMaxLinearSpeed(float value) {}

    @Override
    public float getMaxLinearAcceleration() {
      return Physics.ACCELERATION;
    }

    @Override
    public void setMaxLinearAcceleration(float value) {}

    @Override
    public float getMaxAngularSpeed() {
      return Physics.TURN_RATE;
    }

    @Override
    public void setMaxAngularSpeed(float value) {}

    @Override
    public float getMaxAngularAcceleration() {
      return 100;
    }

    @Override
    public void setMaxAngularAcceleration(float value) {}
  }
}
