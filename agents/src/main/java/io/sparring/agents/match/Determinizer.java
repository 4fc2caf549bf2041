package io.sparring.agents.match;

import io.sparring.agents.Worlds;
import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Move;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws full states that one seat cannot tell from the real one. It replays the real history,
 * drawing each chance outcome anew among those that keep the seat's information-state key as it
 * was at that point (weighted by their probabilities), so the seat's own cards stay and hidden ones
 * change. Players' moves (indexed, joint or text) are replayed as they were; a draw under which one
 * of them is illegal is thrown away and tried again.
 */
final class Determinizer implements Worlds {
  private static final int ATTEMPTS = 100;

  private final State real;
  private final int seat;
  private final List<Move> history;
  private final List<String> keys = new ArrayList<>();

  private Determinizer(State real, int seat) {
    this.real = real.copy();
    this.seat = seat;
    this.history = real.history();
    State replay = real.game().newInitialState(real.seed());
    keys.add(replay.informationStateKey(seat));
    for (Move move : history) {
      replay.replay(move);
      keys.add(replay.informationStateKey(seat));
    }
  }

  /** Worlds for a seat: the state itself under perfect information, else determinizations. */
  static Worlds of(State state, int seat) {
    if (state.game().type().information() == GameType.Information.PERFECT) {
      // Copied when first asked, not per decision: a copy replays the history, which costs a long
      // match (the arena) quadratic time; the state does not change during the decision.
      return new Worlds() {
        private State snapshot;

        @Override
        public State sample(RandomGenerator random) {
          if (snapshot == null) {
            snapshot = state.copy();
          }
          return snapshot.copy();
        }
      };
    }
    return new Determinizer(state, seat);
  }

  @Override
  public State sample(RandomGenerator random) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      State world = tryOnce(random);
      if (world != null) {
        return world;
      }
    }
    throw new IllegalStateException(
        "could not draw a world consistent with seat %d's information in %d attempts: %s"
            .formatted(seat, ATTEMPTS, real.game().spec()));
  }

  private State tryOnce(RandomGenerator random) {
    State world = real.game().newInitialState(real.seed());
    for (int i = 0; i < history.size(); i++) {
      Move move = history.get(i);
      if (move.player() != State.CHANCE) {
        try {
          world.replay(move);
        } catch (IllegalArgumentException | IllegalStateException inconsistent) {
          return null;
        }
        continue;
      }
      List<ChanceOutcome> consistent = new ArrayList<>();
      double total = 0;
      for (ChanceOutcome outcome : world.chanceOutcomes()) {
        State next = world.copy();
        next.apply(outcome.action());
        if (next.informationStateKey(seat).equals(keys.get(i + 1))) {
          consistent.add(outcome);
          total += outcome.probability();
        }
      }
      if (consistent.isEmpty()) {
        return null;
      }
      double u = random.nextDouble() * total;
      int chosen = consistent.getLast().action();
      for (ChanceOutcome outcome : consistent) {
        u -= outcome.probability();
        if (u < 0) {
          chosen = outcome.action();
          break;
        }
      }
      world.apply(chosen);
    }
    return world;
  }
}
