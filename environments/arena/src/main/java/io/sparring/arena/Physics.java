package io.sparring.arena;

import com.badlogic.gdx.math.Vector2;
import com.badlogic.gdx.physics.box2d.Body;
import com.badlogic.gdx.physics.box2d.BodyDef;
import com.badlogic.gdx.physics.box2d.Box2D;
import com.badlogic.gdx.physics.box2d.CircleShape;
import com.badlogic.gdx.physics.box2d.EdgeShape;
import com.badlogic.gdx.physics.box2d.Fixture;
import com.badlogic.gdx.physics.box2d.FixtureDef;
import com.badlogic.gdx.physics.box2d.World;
import com.badlogic.gdx.utils.GdxNativesLoader;
import java.lang.ref.Cleaner;

/**
 * One match's Box2D world: the walls, one circular body per seat and, in soccer, the ball. Bodies
 * are created in a fixed order and stepped at a fixed 60 Hz with fixed iterations, which Box2D
 * repeats exactly for the same binary on one platform; nothing of Box2D is promised across
 * platforms. Units are driven by velocity targets with bounded acceleration. Not thread-safe: one
 * match, one thread at a time.
 */
final class Physics {
  static final int HZ = 60;
  static final float DT = 1f / HZ;
  static final int VELOCITY_ITERATIONS = 8;
  static final int POSITION_ITERATIONS = 3;
  /** The field is x in [-HALF_X, HALF_X], y in [-HALF_Y, HALF_Y], in metres. */
  static final float HALF_X = 20;
  static final float HALF_Y = 10;
  /** Soccer goals: the mouth is |y| < GOAL_HALF_WIDTH at x = +-HALF_X, with a pocket behind. */
  static final float GOAL_HALF_WIDTH = 3;
  static final float GOAL_DEPTH = 1.5f;
  static final float UNIT_RADIUS = 0.5f;
  static final float BALL_RADIUS = 0.25f;
  static final float FORWARD_SPEED = 5;
  static final float BACK_SPEED = 2.5f;
  static final float STRAFE_SPEED = 3;
  static final float MAX_SPEED = 5;
  static final float ACCELERATION = 25;
  static final float TURN_RATE = 4;
  /** A kick gives the ball this speed along the kicker's heading. */
  static final float KICK_SPEED = 12;
  static final float KICK_REACH = UNIT_RADIUS + BALL_RADIUS + 0.5f;
  static final float SHOT_RANGE = 10;

  private static final Cleaner CLEANER = Cleaner.create();

  static {
    GdxNativesLoader.load();
    Box2D.init();
  }

  private final World world;
  final Body[] units;
  private final float[] unitMass;
  /** The ball in soccer, else null. */
  final Body ball;

  Physics(Mode mode, float[] startX, float[] startY, float[] startAngle) {
    World created = new World(new Vector2(0, 0), false);
    // The world is native memory that states, copied freely, never close: free it with its owner.
    CLEANER.register(this, created::dispose);
    this.world = created;
    addWalls(mode == Mode.SOCCER);
    units = new Body[mode.seats];
    unitMass = new float[mode.seats];
    for (int seat = 0; seat < mode.seats; seat++) {
      units[seat] = addCircle(startX[seat], startY[seat], startAngle[seat], UNIT_RADIUS, 1f, 0.1f, 0f);
      units[seat].setFixedRotation(true);
      units[seat].setUserData(seat);
      unitMass[seat] = units[seat].getMass();
    }
    ball = mode == Mode.SOCCER ? addCircle(0, 0, 0, BALL_RADIUS, 0.5f, 0.8f, 0.6f) : null;
  }

  private Body addCircle(float x, float y, float angle, float radius, float density, float restitution,
      float damping) {
    BodyDef def = new BodyDef();
    def.type = BodyDef.BodyType.DynamicBody;
    def.position.set(x, y);
    def.angle = angle;
    def.linearDamping = damping;
    def.bullet = radius < UNIT_RADIUS; // a kicked ball must not tunnel through a wall
    Body body = world.createBody(def);
    CircleShape shape = new CircleShape();
    shape.setRadius(radius);
    FixtureDef fixture = new FixtureDef();
    fixture.shape = shape;
    fixture.density = density;
    fixture.friction = 0.2f;
    fixture.restitution = restitution;
    body.createFixture(fixture);
    shape.dispose();
    return body;
  }

  private void addWalls(boolean goals) {
    Body walls = world.createBody(new BodyDef());
    float x = HALF_X;
    float y = HALF_Y;
    edge(walls, -x, -y, x, -y);
    edge(walls, -x, y, x, y);
    for (float side : new float[] {-1, 1}) {
      float end = side * x;
      if (goals) {
        float g = GOAL_HALF_WIDTH;
        float back = side * (x + GOAL_DEPTH);
        edge(walls, end, -y, end, -g);
        edge(walls, end, g, end, y);
        edge(walls, end, -g, back, -g);
        edge(walls, end, g, back, g);
        edge(walls, back, -g, back, g);
      } else {
        edge(walls, end, -y, end, y);
      }
    }
  }

  private static void edge(Body walls, float x1, float y1, float x2, float y2) {
    EdgeShape shape = new EdgeShape();
    shape.set(x1, y1, x2, y2);
    FixtureDef fixture = new FixtureDef();
    fixture.shape = shape;
    fixture.friction = 0.2f;
    fixture.restitution = 0.5f;
    walls.createFixture(fixture);
    shape.dispose();
  }

  /** Steers a unit one physics step toward the velocity and turn its motor action asks for. */
  void drive(int seat, int action) {
    Body unit = units[seat];
    if (!unit.isActive()) {
      return;
    }
    float angle = unit.getAngle();
    int move = Motor.move(action);
    float forward = move > 0 ? FORWARD_SPEED : move < 0 ? -BACK_SPEED : 0;
    float lateral = Motor.strafe(action) * STRAFE_SPEED;
    float speed = (float) Math.sqrt(forward * forward + lateral * lateral);
    if (speed > MAX_SPEED) {
      forward *= MAX_SPEED / speed;
      lateral *= MAX_SPEED / speed;
    }
    float cos = (float) Math.cos(angle);
    float sin = (float) Math.sin(angle);
    float wantX = forward * cos - lateral * sin;
    float wantY = forward * sin + lateral * cos;
    Vector2 velocity = unit.getLinearVelocity();
    float dx = wantX - velocity.x;
    float dy = wantY - velocity.y;
    float change = (float) Math.sqrt(dx * dx + dy * dy);
    float limit = ACCELERATION * DT;
    if (change > limit) {
      dx *= limit / change;
      dy *= limit / change;
    }
    Vector2 centre = unit.getWorldCenter();
    unit.applyLinearImpulse(dx * unitMass[seat], dy * unitMass[seat], centre.x, centre.y, true);
    unit.setAngularVelocity(Motor.turn(action) * TURN_RATE);
  }

  /** Kicks the ball along the unit's heading when it is within reach in front; true when kicked. */
  boolean kick(int seat) {
    Body unit = units[seat];
    Vector2 at = unit.getPosition();
    Vector2 ballAt = ball.getPosition();
    float dx = ballAt.x - at.x;
    float dy = ballAt.y - at.y;
    float distance = (float) Math.sqrt(dx * dx + dy * dy);
    float angle = unit.getAngle();
    float cos = (float) Math.cos(angle);
    float sin = (float) Math.sin(angle);
    if (distance > KICK_REACH || dx * cos + dy * sin < 0.7f * distance) {
      return false; // out of reach, or more than about 45 degrees off the heading
    }
    ball.setLinearVelocity(KICK_SPEED * cos, KICK_SPEED * sin);
    return true;
  }

  /** The seat a unit's shot hits first along its heading within range, or -1 (a wall, or nothing). */
  int shoot(int seat) {
    Body unit = units[seat];
    Vector2 at = unit.getPosition();
    float angle = unit.getAngle();
    float cos = (float) Math.cos(angle);
    float sin = (float) Math.sin(angle);
    float startX = at.x + cos * (UNIT_RADIUS + 0.01f);
    float startY = at.y + sin * (UNIT_RADIUS + 0.01f);
    float[] nearest = {2};
    int[] hit = {-1};
    // Box2D reports fixtures in no promised order: keep the nearest, which is order-free.
    world.rayCast((Fixture fixture, Vector2 point, Vector2 normal, float fraction) -> {
      if (!fixture.getBody().isActive()) {
        return -1;
      }
      if (fraction < nearest[0]) {
        nearest[0] = fraction;
        hit[0] = fixture.getBody().getUserData() instanceof Integer target ? target : -1;
      }
      return fraction;
    }, startX, startY, startX + cos * SHOT_RANGE, startY + sin * SHOT_RANGE);
    return hit[0];
  }

  void remove(int seat) {
    units[seat].setLinearVelocity(0, 0);
    units[seat].setActive(false);
  }

  void step() {
    world.step(DT, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
  }
}
