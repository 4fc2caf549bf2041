package io.sparring.agents.match;

/**
 * A match record that does not reproduce: the game, replayed from the record's seed and moves,
 * parts from it at {@link #step()} (an index into the record's steps; their count when the record
 * ends early or its returns differ).
 */
public final class ReplayMismatch extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int step;

  ReplayMismatch(int step, String problem, Throwable cause) {
    super("the trajectory does not replay at step " + step + ": " + problem, cause);
    this.step = step;
  }

  public int step() {
    return step;
  }
}
