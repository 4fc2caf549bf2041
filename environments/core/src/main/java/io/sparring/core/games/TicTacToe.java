package io.sparring.core.games;

import io.sparring.core.game.AbstractState;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameFacts;
import io.sparring.core.game.GameProvider;
import io.sparring.core.game.GameType;
import io.sparring.core.game.GameType.ChanceMode;
import io.sparring.core.game.GameType.Dynamics;
import io.sparring.core.game.GameType.Information;
import io.sparring.core.game.GameType.Utility;
import io.sparring.core.game.State;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/** Tic-tac-toe on a 3×3 board: X (seat 0) moves first; three in a row wins. */
public final class TicTacToe implements GameProvider {
  private static final int CELLS = 9;
  private static final int[][] LINES = {
    {0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}
  };
  private static final GameType TYPE =
      new GameType(Dynamics.SEQUENTIAL, ChanceMode.DETERMINISTIC, Information.PERFECT, Utility.ZERO_SUM);
  private static final String RULES =
      "Tic-tac-toe. Two players, X and O, take turns marking an empty cell of a 3x3 grid; X moves"
          + " first. A player who gets three marks in a row, column or diagonal wins (+1, the other"
          + " -1). If the grid fills with no line, the game is a draw (0 each). Cells are named"
          + " MARK(row,column) with rows and columns numbered 0 to 2 from the top left, for"
          + " example X(0,2) is the top right cell.";
  private static final GameFacts FACTS = GameFacts.builder()
      .players(2)
      .distinctActions(CELLS)
      .utility(-1, 1)
      .maxLength(CELLS)
      .observationShape(3, 3, 3)
      .rules(RULES)
      .build();

  @Override
  public String name() {
    return "tic_tac_toe";
  }

  @Override
  public String description() {
    return "Tic-tac-toe, 3x3; X moves first";
  }

  @Override
  public Game create(Arguments arguments) {
    return new TicTacToeGame(arguments.toSpec());
  }

  private record TicTacToeGame(Spec spec) implements Game {
    @Override
    public GameType type() {
      return TYPE;
    }

    @Override
    public GameFacts facts() {
      return FACTS;
    }

    @Override
    public State newInitialState(long seed) {
      return new TicTacToeState(this, seed);
    }
  }

  private static final class TicTacToeState extends AbstractState {
    private static final char EMPTY = '.';
    private final char[] board = new char[CELLS];
    private int marks;
    private char winner = EMPTY;

    TicTacToeState(Game game, long seed) {
      super(game, seed);
      java.util.Arrays.fill(board, EMPTY);
    }

    private static char mark(int player) {
      return player == 0 ? 'X' : 'O';
    }

    @Override
    protected int playerToMove() {
      return marks % 2;
    }

    @Override
    protected boolean ended() {
      return winner != EMPTY || marks == CELLS;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      List<Integer> empty = new ArrayList<>();
      for (int cell = 0; cell < CELLS; cell++) {
        if (board[cell] == EMPTY) {
          empty.add(cell);
        }
      }
      return empty;
    }

    @Override
    protected boolean isLegal(int player, int cell) {
      return cell >= 0 && cell < CELLS && board[cell] == EMPTY;
    }

    @Override
    protected void applyMove(int player, int cell) {
      board[cell] = mark(player);
      marks++;
      for (int[] line : LINES) {
        if (board[line[0]] == board[cell] && board[line[1]] == board[cell] && board[line[2]] == board[cell]) {
          winner = board[cell];
          reward(player, 1);
          reward(1 - player, -1);
          return;
        }
      }
    }

    @Override
    protected String playerName(int player) {
      return player >= 0 ? "Player " + player + " (" + mark(player) + ")" : super.playerName(player);
    }

    @Override
    public String actionToString(int player, int cell) {
      if (cell < 0 || cell >= CELLS) {
        throw new IllegalArgumentException("no cell " + cell + " on a 3x3 board");
      }
      return (player == 1 ? "O" : "X") + "(" + cell / 3 + "," + cell % 3 + ")";
    }

    @Override
    public int parseAction(int player, String text) {
      // Also accept the cell without the mark: "(0,2)" or "0,2" or "0 2".
      String digits = text.replaceAll("^\\s*[XxOo]?\\s*\\(?\\s*|\\s*\\)?\\s*$", "");
      String[] parts = digits.split("\\s*[, ]\\s*");
      if (parts.length == 2 && parts[0].matches("[0-2]") && parts[1].matches("[0-2]")) {
        int cell = Integer.parseInt(parts[0]) * 3 + Integer.parseInt(parts[1]);
        if (legalActions(player).contains(cell)) {
          return cell;
        }
      }
      return super.parseAction(player, text);
    }

    @Override
    public String render(int player) {
      StringBuilder out = new StringBuilder("    0   1   2\n");
      for (int row = 0; row < 3; row++) {
        out.append(row).append("   ");
        for (int col = 0; col < 3; col++) {
          char c = board[row * 3 + col];
          out.append(c == EMPTY ? ' ' : c).append(col < 2 ? " | " : "\n");
        }
        if (row < 2) {
          out.append("   ---+---+---\n");
        }
      }
      if (winner != EMPTY) {
        out.append(winner).append(" wins.");
      } else if (marks == CELLS) {
        out.append("Draw.");
      } else {
        out.append(mark(marks % 2)).append(" to move.");
      }
      return out.toString();
    }

    @Override
    public float[] observationTensor(int player) {
      // Planes: empty cells, X marks, O marks.
      float[] tensor = new float[3 * CELLS];
      for (int cell = 0; cell < CELLS; cell++) {
        int plane = board[cell] == EMPTY ? 0 : board[cell] == 'X' ? 1 : 2;
        tensor[plane * CELLS + cell] = 1;
      }
      return tensor;
    }
  }
}
