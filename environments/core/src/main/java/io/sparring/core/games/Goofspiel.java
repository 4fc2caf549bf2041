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
import java.util.Arrays;
import java.util.List;

/**
 * Goofspiel as in OpenSpiel's defaults: point cards revealed in random order, bids revealed after
 * each round, and win/loss returns. Each player bids with cards 1..N for point cards 1..N; the
 * single highest bid takes the point card, a tied highest bid discards it. The last round, where
 * nobody has a choice left, plays itself.
 */
public final class Goofspiel implements GameProvider {
  private static final int MAX_CARDS = 16;
  private static final int MAX_PLAYERS = 10;
  // Imperfect information only in that bids are simultaneous: once made they are shown to all, so
  // the inherited information-state key (the history so far) is right.
  private static final GameType TYPE =
      new GameType(
          Dynamics.SIMULTANEOUS, ChanceMode.EXPLICIT, Information.IMPERFECT, Utility.ZERO_SUM);
  // Hands and the deck are sets of card indices held as bit masks. The legal-action list and the
  // chance distribution of each set are made once, when the set first occurs, and then shared;
  // racing threads at worst make the same immutable list twice.
  private static final List<?>[] CARD_LISTS = new List<?>[1 << MAX_CARDS];
  private static final List<?>[] DRAWS = new List<?>[1 << MAX_CARDS];

  @Override
  public String name() {
    return "goofspiel";
  }

  @Override
  public String description() {
    return "Goofspiel: bid with cards 1..N for point cards revealed at random";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.integer("cards", 13, 1, MAX_CARDS, "cards in each hand and in the point deck"),
        Parameter.integer("players", 2, 2, MAX_PLAYERS, "number of players"));
  }

  @Override
  public int conformancePlayouts() {
    return 300; // each step of a 13-card game checks many large tensors and texts
  }

  @Override
  public Game create(Arguments arguments) {
    int cards = arguments.getInt("cards");
    int players = arguments.getInt("players");
    return new GoofspielGame(arguments.toSpec(), cards, players, facts(cards, players));
  }

  private static GameFacts facts(int cards, int players) {
    String returns = players == 2
        ? "The player with more points wins (+1, the other -1); equal points are a draw (0 each)."
        : "The players with the most points win and share +1; the others share -1; if all have"
            + " equal points, it is a draw (0 each).";
    return GameFacts.builder()
        .players(players)
        .distinctActions(cards)
        .utility(-1, 1)
        // A reveal and a joint bid per round, except the last round, which plays itself.
        .maxLength(cards == 1 ? 2 : 2 * (cards - 1))
        // the current point card (one-hot), the unrevealed point cards, the points, the hands
        .observationShape(2 * cards + players * pointSlots(cards) + players * cards)
        // each player's points (one-hot), the point card of each round (one-hot), each hand
        .informationStateShape(players * pointSlots(cards) + cards * cards + players * cards)
        .rules(("Goofspiel for %d players with %d cards. Each player holds bid cards 1 to %d, and a"
                + " deck of point cards 1 to %d is shuffled. Each round one point card is revealed,"
                + " then all players bid one of their remaining bid cards at the same time, and the"
                + " bids are shown to everyone. The single highest bid wins points equal to the point"
                + " card's value; if the highest bid is tied, the point card is discarded. Bid cards"
                + " are used up. When one card is left, the last round plays itself. After %d rounds"
                + " the game ends. %s Actions are named 'bid V' to bid your card of value V; the"
                + " point card revealed is named 'reveal V'.")
            .formatted(players, cards, cards, cards, cards, returns))
        .build();
  }

  /** Point totals run from 0 to 1 + 2 + ... + N. */
  private static int pointSlots(int cards) {
    return cards * (cards + 1) / 2 + 1;
  }

  /** The cards in a set, ascending. */
  @SuppressWarnings("unchecked")
  private static List<Integer> cardsIn(int set) {
    List<Integer> cards = (List<Integer>) CARD_LISTS[set];
    if (cards == null) {
      Integer[] values = new Integer[Integer.bitCount(set)];
      for (int i = 0, rest = set; rest != 0; i++, rest &= rest - 1) {
        values[i] = Integer.numberOfTrailingZeros(rest);
      }
      cards = List.of(values);
      CARD_LISTS[set] = cards;
    }
    return cards;
  }

  /** A uniform draw from the cards in a set. */
  @SuppressWarnings("unchecked")
  private static List<ChanceOutcome> uniformDraw(int set) {
    List<ChanceOutcome> draw = (List<ChanceOutcome>) DRAWS[set];
    if (draw == null) {
      double probability = 1.0 / Integer.bitCount(set);
      // List.copyOf, unlike Stream.toList, makes a list that AbstractState need not copy again.
      draw = List.copyOf(
          cardsIn(set).stream().map(card -> new ChanceOutcome(card, probability)).toList());
      DRAWS[set] = draw;
    }
    return draw;
  }

  private record GoofspielGame(Spec spec, int cards, int players, GameFacts facts) implements Game {
    @Override
    public GameType type() {
      return TYPE;
    }

    @Override
    public State newInitialState(long seed) {
      return new GoofspielState(this, seed);
    }
  }

  private static final class GoofspielState extends AbstractState {
    private final GoofspielGame game;
    private final int cards;
    private final int players;
    private final int[] hands; // bit v-1 set while the bid card of value v is in hand
    private int unrevealed; // bit v-1 set while the point card of value v is in the deck
    private int pointCard = -1; // the index of the point card being bid for, -1 before the reveal
    private int round; // rounds finished
    private final int[] points;
    private final int[] pointCards; // per round, the index of its point card
    private final int[] bids; // per round and player, the index of the bid card
    private final int[] roundWinners; // per round, the seat that took the card or -1 for a tie
    private boolean over;

    GoofspielState(GoofspielGame game, long seed) {
      super(game, seed);
      this.game = game;
      cards = game.cards();
      players = game.players();
      int all = (int) ((1L << cards) - 1);
      hands = new int[players];
      Arrays.fill(hands, all);
      unrevealed = all;
      points = new int[players];
      pointCards = new int[cards];
      bids = new int[cards * players];
      roundWinners = new int[cards];
    }

    @Override
    protected int playerToMove() {
      return pointCard < 0 ? CHANCE : SIMULTANEOUS;
    }

    @Override
    protected boolean ended() {
      return over;
    }

    @Override
    protected List<Integer> simultaneousActors() {
      return cardsIn((1 << players) - 1); // the seats 0 .. players-1
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      return cardsIn(player == CHANCE ? unrevealed : hands[player]);
    }

    @Override
    protected List<ChanceOutcome> chanceDistribution() {
      return uniformDraw(unrevealed);
    }

    @Override
    protected boolean isLegal(int player, int card) {
      int set = player == CHANCE ? unrevealed : hands[player];
      return card >= 0 && card < cards && (set & 1 << card) != 0;
    }

    @Override
    protected void applyMove(int player, int card) {
      reveal(card); // the only single-player moves are chance's reveals
    }

    private void reveal(int card) {
      pointCard = card;
      unrevealed &= ~(1 << card);
    }

    @Override
    protected void applyJointMove(List<Integer> actions) {
      for (int p = 0; p < players; p++) {
        bids[round * players + p] = actions.get(p);
      }
      finishRound();
      if (round == cards - 1) {
        // Nobody has a choice left: reveal the last point card and play the last bid cards, as
        // OpenSpiel does, without asking (these moves are not in the history).
        reveal(Integer.numberOfTrailingZeros(unrevealed));
        for (int p = 0; p < players; p++) {
          bids[round * players + p] = Integer.numberOfTrailingZeros(hands[p]);
        }
        finishRound();
      }
      if (round == cards) {
        over = true;
        payOut();
      }
    }

    /** Settles the bids of the current round and moves on to the next. */
    private void finishRound() {
      int best = -1;
      int bestSeat = -1;
      for (int p = 0; p < players; p++) {
        int bid = bids[round * players + p];
        if (bid > best) {
          best = bid;
          bestSeat = p;
        } else if (bid == best) {
          bestSeat = -1;
        }
        hands[p] &= ~(1 << bid);
      }
      if (bestSeat >= 0) {
        points[bestSeat] += pointCard + 1;
      }
      pointCards[round] = pointCard;
      roundWinners[round] = bestSeat;
      round++;
      pointCard = -1;
    }

    private void payOut() {
      int most = 0;
      for (int p = 0; p < players; p++) {
        most = Math.max(most, points[p]);
      }
      int winners = 0;
      for (int p = 0; p < players; p++) {
        winners += points[p] == most ? 1 : 0;
      }
      if (winners == players) {
        return; // a draw
      }
      for (int p = 0; p < players; p++) {
        reward(p, points[p] == most ? 1.0 / winners : -1.0 / (players - winners));
      }
    }

    @Override
    public String actionToString(int player, int action) {
      if (action < 0 || action >= cards) {
        throw new IllegalArgumentException("no card " + action + "; cards are 0 to " + (cards - 1));
      }
      return (player == CHANCE ? "reveal " : "bid ") + (action + 1);
    }

    @Override
    public String render(int player) {
      // Everything is public once played, so every seat sees the same, bar the "(you)".
      StringBuilder out = new StringBuilder();
      for (int r = 0; r < round; r++) {
        out.append("Round ").append(r + 1).append(": point card ").append(pointCards[r] + 1)
            .append("; bids");
        for (int p = 0; p < players; p++) {
          out.append(p == 0 ? " " : ", ").append("P").append(p).append(' ')
              .append(bids[r * players + p] + 1);
        }
        int winner = roundWinners[r];
        out.append(winner < 0 ? "; tied, card discarded\n"
            : "; Player " + winner + " takes " + (pointCards[r] + 1) + "\n");
      }
      for (int p = 0; p < players; p++) {
        out.append(playerName(p)).append(p == player ? " (you)" : "").append(": ")
            .append(points[p]).append(points[p] == 1 ? " point" : " points");
        if (!over) {
          out.append(", bid cards left ").append(values(hands[p]));
        }
        out.append('\n');
      }
      if (over) {
        return out.append("Game over. ").append(outcome()).toString();
      }
      out.append("Point cards not yet revealed: ").append(values(unrevealed)).append('\n');
      if (pointCard < 0) {
        out.append("Round ").append(round + 1).append(" of ").append(cards)
            .append(": the next point card is about to be revealed.");
      } else {
        out.append("Round ").append(round + 1).append(" of ").append(cards)
            .append(": the point card is ").append(pointCard + 1).append("; everyone bids.");
      }
      return out.toString();
    }

    /** Who won, for example "Player 1 wins." or "Draw." */
    private String outcome() {
      int most = Arrays.stream(points).max().orElseThrow();
      List<String> winners = new ArrayList<>();
      for (int p = 0; p < players; p++) {
        if (points[p] == most) {
          winners.add(String.valueOf(p));
        }
      }
      if (winners.size() == players) {
        return "Draw.";
      }
      return winners.size() == 1
          ? "Player " + winners.getFirst() + " wins."
          : "Players " + String.join(", ", winners) + " win.";
    }

    /** The card values in a bit set, for example "1 4 5", or "none". */
    private static String values(int mask) {
      if (mask == 0) {
        return "none";
      }
      StringBuilder out = new StringBuilder();
      for (int rest = mask; rest != 0; rest &= rest - 1) {
        out.append(out.isEmpty() ? "" : " ").append(Integer.numberOfTrailingZeros(rest) + 1);
      }
      return out.toString();
    }

    // Both tensors follow OpenSpiel's goofspiel (its default, bids-public variant); players are
    // listed in seat order starting with the observer.

    @Override
    public float[] observationTensor(int player) {
      // The current point card (one-hot), the unrevealed point cards, the points, the hands.
      float[] tensor = new float[game.observationTensorShape().getFirst()];
      if (pointCard >= 0) {
        tensor[pointCard] = 1;
      }
      for (int card = 0; card < cards; card++) {
        tensor[cards + card] = (unrevealed >>> card) & 1;
      }
      writeHands(tensor, writePoints(tensor, 2 * cards, player), player);
      return tensor;
    }

    @Override
    public float[] informationStateTensor(int player) {
      // The points, the point cards in the order revealed (one-hot per round), the hands.
      float[] tensor = new float[game.informationStateTensorShape().getFirst()];
      int offset = writePoints(tensor, 0, player);
      for (int r = 0; r < round; r++) {
        tensor[offset + r * cards + pointCards[r]] = 1;
      }
      if (pointCard >= 0) {
        tensor[offset + round * cards + pointCard] = 1;
      }
      writeHands(tensor, offset + cards * cards, player);
      return tensor;
    }

    /** Each player's points, one-hot over 0 .. N(N+1)/2; returns the offset after them. */
    private int writePoints(float[] tensor, int offset, int player) {
      int slots = pointSlots(game.cards());
      for (int i = 0; i < players; i++) {
        tensor[offset + i * slots + points[(player + i) % players]] = 1;
      }
      return offset + players * slots;
    }

    /** Each player's bid cards left, one flag per card value. */
    private void writeHands(float[] tensor, int offset, int player) {
      for (int i = 0; i < players; i++) {
        int hand = hands[(player + i) % players];
        for (int card = 0; card < cards; card++) {
          tensor[offset + i * cards + card] = (hand >>> card) & 1;
        }
      }
    }
  }
}
