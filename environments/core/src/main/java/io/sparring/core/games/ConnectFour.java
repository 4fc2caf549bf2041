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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connect Four on 6 rows and 7 columns: X (seat 0) moves first; a disc falls to the lowest empty
 * cell of its column, and four in a row in any direction wins.
 */
public final class ConnectFour implements GameProvider {
  private static final int ROWS = 6;
  private static final int COLUMNS = 7;
  private static final int CELLS = ROWS * COLUMNS;
  // Bitboards give column c the bits c*7 .. c*7+5 (row 0 at the bottom); the 7th bit stays empty so
  // that shifted lines cannot wrap from one column into the next.
  private static final int COLUMN_BITS = ROWS + 1;
  private static final int ALL_OPEN = (1 << COLUMNS) - 1;
  // Bit distances between neighbouring cells: up, right, down-right and up-right.
  private static final int[] LINE_STEPS = {1, COLUMN_BITS, COLUMN_BITS - 1, COLUMN_BITS + 1};
  // The legal-action list for each set of open columns, shared so that a move allocates none.
  private static final List<List<Integer>> LEGAL_BY_OPEN_COLUMNS = legalLists();
  private static final Pattern OTHER_FORMS =
      Pattern.compile("(?i)(?:drop|col(?:umn)?|([xo])\\s*@?)\\s*([0-6])");
  private static final GameType TYPE =
      new GameType(
          Dynamics.SEQUENTIAL, ChanceMode.DETERMINISTIC, Information.PERFECT, Utility.ZERO_SUM);
  private static final String RULES =
      "Connect Four. Two players, X and O, take turns dropping a disc into one of the 7 columns of"
          + " an upright grid with 6 rows; X moves first. The disc falls to the lowest empty cell"
          + " of that column; a full column cannot be chosen. The first player to have four discs"
          + " in a line, horizontally, vertically or diagonally, wins (+1, the other -1). If the"
          + " grid fills with no such line, the game is a draw (0 each). Columns are numbered 0 to"
          + " 6 from the left, and 'drop 3' drops your disc into column 3.";
  private static final GameFacts FACTS = GameFacts.builder()
      .players(2)
      .distinctActions(COLUMNS)
      .utility(-1, 1)
      .maxLength(CELLS)
      .observationShape(3, ROWS, COLUMNS)
      .rules(RULES)
      .build();

  @Override
  public String name() {
    return "connect_four";
  }

  @Override
  public String description() {
    return "Connect Four, 6 rows by 7 columns; X moves first";
  }

  @Override
  public Game create(Arguments arguments) {
    return new ConnectFourGame(arguments.toSpec());
  }

  private static List<List<Integer>> legalLists() {
    List<List<Integer>> lists = new ArrayList<>();
    for (int open = 0; open <= ALL_OPEN; open++) {
      List<Integer> columns = new ArrayList<>();
      for (int column = 0; column < COLUMNS; column++) {
        if ((open & 1 << column) != 0) {
          columns.add(column);
        }
      }
      lists.add(List.copyOf(columns));
    }
    return List.copyOf(lists);
  }

  private record ConnectFourGame(Spec spec) implements Game {
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
      return new ConnectFourState(this, seed);
    }
  }

  private static final class ConnectFourState extends AbstractState {
    private final long[] discs = new long[2];
    private final int[] heights = new int[COLUMNS];
    private int open = ALL_OPEN;
    private int moves;
    private int winner = -1;

    ConnectFourState(Game game, long seed) {
      super(game, seed);
    }

    private static char mark(int player) {
      return player == 0 ? 'X' : 'O';
    }

    @Override
    protected int playerToMove() {
      return moves & 1;
    }

    @Override
    protected boolean ended() {
      return winner >= 0 || moves == CELLS;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      return LEGAL_BY_OPEN_COLUMNS.get(open);
    }

    @Override
    protected boolean isLegal(int player, int column) {
      return column >= 0 && column < COLUMNS && (open & 1 << column) != 0;
    }

    @Override
    protected void applyMove(int player, int column) {
      long board = discs[player] | 1L << (column * COLUMN_BITS + heights[column]);
      discs[player] = board;
      if (++heights[column] == ROWS) {
        open &= ~(1 << column);
      }
      moves++;
      // Only a line through the new disc can be new, and the shift test finds any line on the
      // whole board in fewer steps than walking out from that disc would take.
      if (hasLine(board)) {
        winner = player;
        reward(player, 1);
        reward(1 - player, -1);
      }
    }

    /** Whether a bitboard has four discs in a line. */
    private static boolean hasLine(long board) {
      for (int step : LINE_STEPS) {
        long pairs = board & board >>> step;
        if ((pairs & pairs >>> 2 * step) != 0) {
          return true;
        }
      }
      return false;
    }

    /** The seat whose disc is at a cell, or -1 when it is empty. */
    private int owner(int row, int column) {
      long bit = 1L << (column * COLUMN_BITS + row);
      return (discs[0] & bit) != 0 ? 0 : (discs[1] & bit) != 0 ? 1 : -1;
    }

    @Override
    protected String playerName(int player) {
      return player >= 0 ? "Player " + player + " (" + mark(player) + ")"
          : super.playerName(player);
    }

    @Override
    public String actionToString(int player, int column) {
      if (column < 0 || column >= COLUMNS) {
        throw new IllegalArgumentException("no column " + column + "; columns are 0 to 6");
      }
      return "drop " + column;
    }

    @Override
    public int parseAction(int player, String text) {
      // Also accept "column 3", "col 3" and the mover's mark: "X3", "x 3", "X@3" (OpenSpiel: x3).
      Matcher form = OTHER_FORMS.matcher(text.strip());
      if (player >= 0 && form.matches()) {
        String markWritten = form.group(1);
        boolean ownMark =
            markWritten == null || markWritten.equalsIgnoreCase(String.valueOf(mark(player)));
        int column = form.group(2).charAt(0) - '0';
        if (ownMark && legalActions(player).contains(column)) {
          return column;
        }
      }
      return super.parseAction(player, text);
    }

    @Override
    public String render(int player) {
      StringBuilder out = new StringBuilder();
      for (int row = ROWS - 1; row >= 0; row--) {
        for (int column = 0; column < COLUMNS; column++) {
          int owner = owner(row, column);
          out.append(owner < 0 ? '.' : mark(owner)).append(column < COLUMNS - 1 ? " " : "\n");
        }
      }
      out.append("-------------\n0 1 2 3 4 5 6\n");
      if (winner >= 0) {
        out.append(mark(winner)).append(" wins.");
      } else if (moves == CELLS) {
        out.append("Draw.");
      } else {
        out.append(mark(moves & 1)).append(" to move.");
      }
      return out.toString();
    }

    @Override
    public float[] observationTensor(int player) {
      // Planes: empty cells, the seat's own discs, the opponent's discs; each row-major from the
      // bottom row, so cell (row, column) of plane p is at p*42 + row*7 + column.
      float[] tensor = new float[3 * CELLS];
      for (int row = 0; row < ROWS; row++) {
        for (int column = 0; column < COLUMNS; column++) {
          int owner = owner(row, column);
          int plane = owner < 0 ? 0 : owner == player ? 1 : 2;
          tensor[plane * CELLS + row * COLUMNS + column] = 1;
        }
      }
      return tensor;
    }
  }
}
