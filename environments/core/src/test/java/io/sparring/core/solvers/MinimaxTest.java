package io.sparring.core.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.AbstractState;
import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameFacts;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Games;
import io.sparring.core.game.Policy;
import io.sparring.core.game.State;
import io.sparring.core.spec.Spec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinimaxTest {
  private final Game ticTacToe = Games.create("tic_tac_toe");

  private State ticTacToe(int... cells) {
    State state = ticTacToe.newInitialState(0);
    for (int cell : cells) {
      state.apply(cell);
    }
    return state;
  }

  /** The board is the whole future of a tic-tac-toe state, so positions can share the table. */
  private static Minimax byBoard() {
    return Minimax.builder().transpositionKey(Minimax.observationKey()).build();
  }

  @Test
  void ticTacToeIsADrawAndEveryOpeningMoveKeepsTheDraw() {
    for (Minimax minimax : List.of(Minimax.create(), byBoard())) {
      long start = System.nanoTime();
      Minimax.Analysis analysis = minimax.analyze(ticTacToe());
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("tic-tac-toe solved in %.3f s, %d states searched%n", seconds,
          minimax.nodesSearched());
      assertEquals(0, analysis.value());
      assertEquals(0, analysis.player());
      assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), analysis.bestActions());
      assertEquals(0, minimax.value(ticTacToe()));
      assertTrue(seconds < 2, "full solve took " + seconds + " s");
    }
  }

  @Test
  void anEdgeReplyToACornerLoses() {
    // X takes a corner; O must answer in the centre, every other reply loses.
    Minimax.Analysis analysis = byBoard().analyze(ticTacToe(0));
    assertEquals(List.of(4), analysis.bestActions());
    assertEquals(0, analysis.value());
    assertEquals(1, byBoard().value(ticTacToe(0, 1)));
  }

  @Test
  void takesAnImmediateWin() {
    // X: (0,0) (0,1); O: (1,0) (1,1). X wins at (0,2); a search of one move sees it.
    State state = ticTacToe(0, 3, 1, 4);
    Minimax.Analysis analysis = Minimax.builder().depthLimit(1).build().analyze(state);
    assertEquals(List.of(2), analysis.bestActions());
    assertEquals(1, analysis.value());
    assertEquals(List.of(2), Minimax.create().analyze(state).bestActions());
  }

  @Test
  void blocksAForcedLossAtDepthTwo() {
    // X: (0,0) (0,1); O: (1,1). O must block at (0,2); two moves of lookahead are enough.
    State state = ticTacToe(0, 4, 1);
    Minimax.Analysis analysis = Minimax.builder().depthLimit(2).build().analyze(state);
    assertEquals(1, analysis.player());
    assertEquals(List.of(2), analysis.bestActions());
    assertEquals(0, analysis.value()); // the heuristic's 0 at the cut-off
    Minimax.Analysis full = Minimax.create().analyze(state);
    assertEquals(List.of(2), full.bestActions());
    assertEquals(0, full.value());
  }

  @Test
  void randomTieBreaksVaryWithTheSeedAndRepeatWithIt() {
    Minimax minimax = byBoard();
    Set<Integer> openings = new HashSet<>();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 40; i++) {
      openings.add(minimax.chooseAction(ticTacToe(), random));
    }
    assertTrue(openings.size() >= 5, "openings " + openings);
    SplittableRandom a = new SplittableRandom(5);
    SplittableRandom b = new SplittableRandom(5);
    for (int i = 0; i < 10; i++) {
      assertEquals(minimax.chooseAction(ticTacToe(), a), minimax.chooseAction(ticTacToe(), b));
    }
  }

  @Test
  void perfectPlayDrawsItselfAndNeverLosesToRandomPlay() {
    Policy perfect = byBoard().policy();
    SplittableRandom random = new SplittableRandom(3);
    for (int game = 0; game < 20; game++) {
      State state = ticTacToe.newInitialState(game);
      while (!state.isTerminal()) {
        state.apply(perfect.sample(state, state.currentPlayer(), random));
      }
      assertEquals(0, state.returns()[0]);
    }
    for (int game = 0; game < 40; game++) {
      int perfectSeat = game % 2;
      State state = ticTacToe.newInitialState(game);
      while (!state.isTerminal()) {
        int seat = state.currentPlayer();
        state.apply(seat == perfectSeat ? perfect.sample(state, seat, random)
            : Policy.uniform().sample(state, seat, random));
      }
      assertTrue(state.returns()[perfectSeat] >= 0, "lost as seat " + perfectSeat);
    }
  }

  @Test
  void chanceNodesCountByExpectation() {
    Game gamble = new GambleGame();
    Minimax minimax = Minimax.create();
    Minimax.Analysis analysis = minimax.analyze(gamble.newInitialState(0));
    // Safe: 0.3. Gamble: heads (0.7) lets seat 1 choose 0.5 over 1; tails (0.3) gives -1.
    assertEquals(List.of(GambleState.SAFE), analysis.bestActions());
    assertEquals(0.3, analysis.value(), 1e-12);
    State gambled = gamble.newInitialState(0);
    gambled.apply(GambleState.GAMBLE);
    assertEquals(0.7 * 0.5 - 0.3, minimax.value(gambled), 1e-12);
    gambled.apply(GambleState.HEADS);
    Minimax.Analysis seatOne = minimax.analyze(gambled);
    assertEquals(List.of(GambleState.HALF), seatOne.bestActions());
    assertEquals(-0.5, seatOne.value(), 1e-12);
  }

  @Test
  void rejectsImperfectInformationAndStatesWithoutAMover() {
    State kuhn = Games.create("kuhn_poker").newInitialState(0);
    assertThrows(IllegalArgumentException.class, () -> Minimax.create().analyze(kuhn));
    State over = ticTacToe(0, 3, 1, 4, 2);
    assertThrows(IllegalArgumentException.class, () -> Minimax.create().analyze(over));
    assertEquals(1, Minimax.create().value(over));
  }

  /**
   * Seat 0 takes 0.3 safely, or gambles on a coin: tails (0.3) loses 1, heads (0.7) lets seat 1
   * give seat 0 either 1 or 0.5.
   */
  private record GambleGame() implements Game {
    @Override
    public GameType type() {
      return new GameType(GameType.Dynamics.SEQUENTIAL, GameType.ChanceMode.EXPLICIT,
          GameType.Information.PERFECT, GameType.Utility.ZERO_SUM);
    }

    @Override
    public Spec spec() {
      return Spec.of("gamble");
    }

    @Override
    public GameFacts facts() {
      return GameFacts.builder()
          .players(2)
          .distinctActions(2)
          .utility(-1, 1)
          .maxLength(3)
          .observationShape(1)
          .rules("a gamble")
          .build();
    }

    @Override
    public State newInitialState(long seed) {
      return new GambleState(this, seed);
    }
  }

  private static final class GambleState extends AbstractState {
    static final int SAFE = 0;
    static final int GAMBLE = 1;
    static final int HEADS = 0;
    static final int TAILS = 1;
    static final int FULL = 0;
    static final int HALF = 1;
    private int stage; // 0 seat 0 decides, 1 coin, 2 seat 1 decides, 3 over

    GambleState(Game game, long seed) {
      super(game, seed);
    }

    @Override
    protected int playerToMove() {
      return stage == 0 ? 0 : stage == 1 ? CHANCE : 1;
    }

    @Override
    protected boolean ended() {
      return stage == 3;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      return List.of(0, 1);
    }

    @Override
    protected List<ChanceOutcome> chanceDistribution() {
      return List.of(new ChanceOutcome(HEADS, 0.7), new ChanceOutcome(TAILS, 0.3));
    }

    @Override
    protected void applyMove(int player, int action) {
      if (stage == 0 && action == SAFE) {
        pay(0.3);
      } else if (stage == 0) {
        stage = 1;
      } else if (stage == 1 && action == TAILS) {
        pay(-1);
      } else if (stage == 1) {
        stage = 2;
      } else {
        pay(action == FULL ? 1 : 0.5);
      }
    }

    private void pay(double toSeatZero) {
      reward(0, toSeatZero);
      reward(1, -toSeatZero);
      stage = 3;
    }

    @Override
    public String actionToString(int player, int action) {
      return player + ":" + action;
    }

    @Override
    public String render(int player) {
      return "stage " + stage;
    }

    @Override
    public float[] observationTensor(int player) {
      return new float[] {stage};
    }
  }
}
