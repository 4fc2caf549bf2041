package io.sparring.core.games;

import io.sparring.core.game.AbstractState;
import io.sparring.core.game.ChanceOutcome;
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
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Liar's dice for two players, as OpenSpiel's {@code liars_dice} (bidding rule "reset-face"): each
 * player rolls some dice in secret, then the players raise a bid on how many dice of a face lie on
 * the table, until one calls the other a liar. The highest face is wild.
 */
public final class LiarsDice implements GameProvider {
  private static final GameType TYPE =
      new GameType(
          Dynamics.SEQUENTIAL, ChanceMode.EXPLICIT, Information.IMPERFECT, Utility.ZERO_SUM);
  private static final Pattern BID =
      Pattern.compile("(?:bid\\s*)?(\\d+)\\s*(?:x|-|\\*|\\s)\\s*(\\d+)s?");

  @Override
  public String name() {
    return "liars_dice";
  }

  @Override
  public String description() {
    return "Liar's dice: secret dice, rising bids, call liar; the highest face is wild";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.integer("dice", 1, 1, 5, "dice per player"),
        Parameter.integer("sides", 6, 2, 6, "faces per die; the highest face is wild"));
  }

  @Override
  public Game create(Arguments arguments) {
    return LiarsDiceGame.of(
        arguments.toSpec(), arguments.getInt("dice"), arguments.getInt("sides"));
  }

  /**
   * The game with its tables: {@code legalAfter.get(b + 1)} are the legal actions after bid {@code
   * b} (index 0: the opening, where liar is not allowed), shared by every state.
   */
  private record LiarsDiceGame(
      Spec spec,
      int dice,
      int sides,
      List<List<Integer>> legalAfter,
      List<ChanceOutcome> rolls,
      List<Integer> rollActions,
      GameFacts facts)
      implements Game {

    static LiarsDiceGame of(Spec spec, int dice, int sides) {
      int liar = 2 * dice * sides;
      List<List<Integer>> legalAfter = new ArrayList<>();
      for (int last = -1; last < liar; last++) {
        List<Integer> legal = new ArrayList<>();
        for (int a = last + 1; a <= liar; a++) {
          if (a < liar || last >= 0) {
            legal.add(a);
          }
        }
        legalAfter.add(List.copyOf(legal));
      }
      List<ChanceOutcome> rolls = new ArrayList<>();
      List<Integer> rollActions = new ArrayList<>();
      for (int face = 0; face < sides; face++) {
        rolls.add(new ChanceOutcome(face, 1.0 / sides));
        rollActions.add(face);
      }
      return new LiarsDiceGame(spec, dice, sides, List.copyOf(legalAfter), List.copyOf(rolls),
          List.copyOf(rollActions), facts(dice, sides));
    }

    private static GameFacts facts(int dice, int sides) {
      int totalDice = 2 * dice;
      int liar = totalDice * sides;
      return GameFacts.builder()
          .players(2)
          .distinctActions(liar + 1)
          .utility(-1, 1)
          .maxLength(totalDice + liar + 1) // the rolls, every bid once, then liar
          // seat one-hot, own dice one-hot each, the last two entries of the bid sequence
          .observationShape(2 + dice * sides + liar + 1)
          // seat one-hot, own dice one-hot each, every entry of the bid sequence
          .informationStateShape(2 + dice * sides + liar + 1)
          .rules(("Liar's dice for 2 players. Each player rolls %d %d-sided %s in secret (faces 1 to"
                  + " %d). Players then take turns, Player 0 first. On a turn a player either makes"
                  + " a bid 'bid QxF', claiming that at least Q dice among all %d dice on the table"
                  + " show face F, or calls 'liar' on the previous bid (not allowed on the very"
                  + " first turn). Each bid must be higher than the previous one: a larger"
                  + " quantity, or the same quantity of a higher face (bid 1x1 < 1x2 < ... < 1x%d <"
                  + " 2x1 < ...). Face %d is wild: it counts as any face. When liar is called, all"
                  + " dice are revealed: if at least Q dice show F or %d, the bid stands and the"
                  + " caller loses; otherwise the bidder loses. The winner gets +1, the loser -1.")
              .formatted(dice, sides, dice == 1 ? "die" : "dice", sides, totalDice, sides, sides, sides))
          .build();
    }

    int totalDice() {
      return 2 * dice;
    }

    /** The action id of calling liar; bids are {@code 0 .. liar - 1}. */
    int liar() {
      return totalDice() * sides;
    }

    @Override
    public GameType type() {
      return TYPE;
    }

    @Override
    public State newInitialState(long seed) {
      return new LiarsDiceState(this, seed);
    }
  }

  private static final class LiarsDiceState extends AbstractState {
    private final LiarsDiceGame game;
    private final int dicePerPlayer;
    private final int sides;
    private final int liar;

    /** Player p's faces (1..sides) at {@code p * dice ..}, kept sorted as they are rolled. */
    private final int[] faces;

    /** The bid sequence, liar included. */
    private final int[] bids;

    private int rolled;
    private int numBids;
    private int lastBid = -1;
    private int caller = -1;
    private int matches;

    LiarsDiceState(LiarsDiceGame game, long seed) {
      super(game, seed);
      this.game = game;
      dicePerPlayer = game.dice();
      sides = game.sides();
      liar = game.liar();
      faces = new int[game.totalDice()];
      bids = new int[liar + 1];
    }

    @Override
    protected int playerToMove() {
      return rolled < faces.length ? CHANCE : numBids & 1;
    }

    @Override
    protected boolean ended() {
      return caller >= 0;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      return player == CHANCE ? game.rollActions() : game.legalAfter().get(lastBid + 1);
    }

    @Override
    protected List<ChanceOutcome> chanceDistribution() {
      return game.rolls();
    }

    @Override
    protected void applyMove(int player, int action) {
      if (player == CHANCE) {
        // Insertion into the roller's sorted dice: the order of rolls is not information.
        int start = rolled / dicePerPlayer * dicePerPlayer;
        int i = rolled++;
        while (i > start && faces[i - 1] > action + 1) {
          faces[i] = faces[i - 1];
          i--;
        }
        faces[i] = action + 1;
        return;
      }
      bids[numBids++] = action;
      if (action != liar) {
        lastBid = action;
        return;
      }
      caller = player;
      int face = lastBid % sides + 1;
      matches = 0;
      for (int f : faces) {
        if (f == face || f == sides) {
          matches++;
        }
      }
      int loser = matches >= lastBid / sides + 1 ? caller : 1 - caller;
      reward(loser, -1);
      reward(1 - loser, 1);
    }

    private String bidName(int bid) {
      return (bid / sides + 1) + "x" + (bid % sides + 1);
    }

    @Override
    public String actionToString(int player, int action) {
      if (player == CHANCE) {
        if (action < 0 || action >= sides) {
          throw new IllegalArgumentException("a " + sides + "-sided die has no outcome " + action);
        }
        return "roll " + (action + 1);
      }
      if (action < 0 || action > liar) {
        throw new IllegalArgumentException("liar's dice has no action " + action);
      }
      return action == liar ? "liar" : "bid " + bidName(action);
    }

    @Override
    public int parseAction(int player, String text) {
      // Also accept "2x5" and OpenSpiel's "2-5", and "call" or "challenge" for liar.
      String word = text.strip().toLowerCase(Locale.ROOT).replaceAll("[.!]+$", "");
      if (player >= 0) {
        int action = -1;
        Matcher bid = BID.matcher(word);
        if (word.equals("liar")
            || word.equals("call")
            || word.equals("challenge")
            || word.equals("call liar")) {
          action = liar;
        } else if (bid.matches() && bid.group(1).length() < 4 && bid.group(2).length() < 4) {
          int quantity = Integer.parseInt(bid.group(1));
          int face = Integer.parseInt(bid.group(2));
          if (quantity >= 1 && quantity <= faces.length && face >= 1 && face <= sides) {
            action = (quantity - 1) * sides + face - 1;
          }
        }
        if (action >= 0 && legalActions(player).contains(action)) {
          return action;
        }
      }
      return super.parseAction(player, text);
    }

    @Override
    public String render(int player) {
      StringBuilder out = new StringBuilder();
      boolean showAll = player == CHANCE || isTerminal();
      for (int p = 0; p < 2; p++) {
        out.append(playerName(p)).append(p == player ? " (you)" : "").append(": dice");
        for (int d = p * dicePerPlayer; d < (p + 1) * dicePerPlayer; d++) {
          out.append(' ').append(d >= rolled ? "-" : showAll || p == player ? faces[d] : "?");
        }
        out.append('\n');
      }
      out.append("Bids: ");
      if (numBids == 0) {
        out.append("none");
      }
      for (int i = 0; i < numBids; i++) {
        out.append(i == 0 ? "" : ", ")
            .append(playerName(i & 1))
            .append(bids[i] == liar ? " calls liar" : " bids " + bidName(bids[i]));
      }
      out.append('.');
      if (caller >= 0) {
        int face = lastBid % sides + 1;
        out.append("\nThe bid ")
            .append(bidName(lastBid))
            .append(" needed ")
            .append(lastBid / sides + 1)
            .append(
                face == sides ? " dice showing " + sides : " dice showing " + face + " or " + sides)
            .append("; there were ")
            .append(matches)
            .append(". ")
            .append(playerName(returns()[0] > 0 ? 0 : 1))
            .append(" wins.");
      } else if (lastBid >= 0) {
        out.append(" Current bid: ")
            .append(bidName(lastBid))
            .append(" by ")
            .append(playerName((numBids - 1) & 1))
            .append('.');
      }
      return out.toString();
    }

    /** Seat one-hot, then own dice one-hot each; shared by both tensors. */
    private float[] privatePart(int player) {
      float[] tensor = new float[2 + dicePerPlayer * sides + liar + 1];
      tensor[player] = 1;
      int first = player * dicePerPlayer;
      for (int d = 0; d < dicePerPlayer && first + d < rolled; d++) {
        tensor[2 + d * sides + faces[first + d] - 1] = 1;
      }
      return tensor;
    }

    @Override
    public float[] observationTensor(int player) {
      float[] tensor = privatePart(player);
      int offset = 2 + dicePerPlayer * sides;
      for (int i = Math.max(0, numBids - 2); i < numBids; i++) {
        tensor[offset + bids[i]] = 1;
      }
      return tensor;
    }

    @Override
    public String informationStateKey(int player) {
      StringBuilder key = new StringBuilder("seat ").append(player).append(" dice");
      int first = player * dicePerPlayer;
      for (int d = first; d < first + dicePerPlayer && d < rolled; d++) {
        key.append(' ').append(faces[d]);
      }
      key.append(" bids");
      for (int i = 0; i < numBids; i++) {
        key.append(' ').append(bids[i] == liar ? "liar" : bidName(bids[i]));
      }
      return key.toString();
    }

    @Override
    public float[] informationStateTensor(int player) {
      // Bids only rise and seats alternate, so the set of bids made gives their order and bidders.
      float[] tensor = privatePart(player);
      int offset = 2 + dicePerPlayer * sides;
      for (int i = 0; i < numBids; i++) {
        tensor[offset + bids[i]] = 1;
      }
      return tensor;
    }
  }
}
