package io.sparring.rpc.environment;

import io.sparring.core.game.AbstractState;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameFacts;
import io.sparring.core.game.GameType;
import io.sparring.core.game.GameType.ChanceMode;
import io.sparring.core.game.GameType.Dynamics;
import io.sparring.core.game.GameType.Information;
import io.sparring.core.game.GameType.Utility;
import io.sparring.core.game.State;
import io.sparring.core.spec.Spec;
import java.util.List;

/**
 * Matching pennies over three rounds, both seats choosing at once: a simultaneous-move game for the
 * server's tests (no registered game has simultaneous moves yet). Seat 0 wins a round (+1, seat 1
 * -1) when the coins match, seat 1 when they differ.
 */
record Pennies(Spec spec) implements Game {
  static final int ROUNDS = 3;
  static final String NAME = "test_pennies";

  Pennies() {
    this(Spec.of(NAME));
  }

  @Override
  public GameType type() {
    return new GameType(Dynamics.SIMULTANEOUS, ChanceMode.DETERMINISTIC, Information.PERFECT, Utility.ZERO_SUM);
  }

  @Override
  public GameFacts facts() {
    return GameFacts.builder()
        .players(2)
        .distinctActions(2)
        .utility(-ROUNDS, ROUNDS)
        .maxLength(ROUNDS)
        .observationShape(1)
        .rules("Matching pennies, " + ROUNDS + " rounds: both show heads or tails at once.")
        .build();
  }

  @Override
  public State newInitialState(long seed) {
    return new PenniesState(this, seed);
  }

  private static final class PenniesState extends AbstractState {
    private int round;
    private int score;

    PenniesState(Game game, long seed) {
      super(game, seed);
    }

    @Override
    protected int playerToMove() {
      return SIMULTANEOUS;
    }

    @Override
    protected boolean ended() {
      return round == ROUNDS;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      return List.of(0, 1);
    }

    @Override
    protected void applyMove(int player, int action) {
      throw new IllegalStateException("pennies has only simultaneous moves");
    }

    @Override
    protected void applyJointMove(List<Integer> actions) {
      int winner = actions.get(0).equals(actions.get(1)) ? 0 : 1;
      reward(winner, 1);
      reward(1 - winner, -1);
      score += winner == 0 ? 1 : -1;
      round++;
    }

    @Override
    public String actionToString(int player, int action) {
      return switch (action) {
        case 0 -> "heads";
        case 1 -> "tails";
        default -> throw new IllegalArgumentException("no action " + action);
      };
    }

    @Override
    public String render(int player) {
      return "Round " + (round + 1) + " of " + ROUNDS + "; seat 0 leads by " + score + ".";
    }

    @Override
    public float[] observationTensor(int player) {
      return new float[] {round};
    }
  }
}
