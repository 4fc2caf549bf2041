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
import java.util.Locale;

/**
 * Leduc hold'em as in OpenSpiel's {@code leduc_poker}: a deck of two suits of players + 1 ranks,
 * an ante of 1, one private card each, a betting round with raises of 2, one public card, a betting
 * round with raises of 4, at most two raises per round. A pair with the public card beats any
 * unpaired hand; otherwise the higher private card wins; equal hands split the pot.
 */
public final class LeducPoker implements GameProvider {
  static final int FOLD = 0;
  static final int CALL = 1;
  static final int RAISE = 2;
  private static final int SUITS = 2;
  private static final int MAX_RAISES = 2;
  private static final int FIRST_RAISE = 2;
  private static final int SECOND_RAISE = 4;
  private static final String RANKS = "23456789TJQK";
  private static final String SUIT_NAMES = "sh";
  private static final List<Integer> CALL_RAISE = List.of(CALL, RAISE);
  private static final List<Integer> FOLD_CALL_RAISE = List.of(FOLD, CALL, RAISE);
  private static final List<Integer> FOLD_CALL = List.of(FOLD, CALL);
  private static final GameType TYPE = new GameType(
      Dynamics.SEQUENTIAL, ChanceMode.EXPLICIT, Information.IMPERFECT, Utility.ZERO_SUM);

  @Override
  public String name() {
    return "leduc_poker";
  }

  @Override
  public String description() {
    return "Leduc hold'em: one private card, one public card, two betting rounds";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.integer("players", 2, 2, 3, "number of players"));
  }

  @Override
  public Game create(Arguments arguments) {
    int players = arguments.getInt("players");
    return new LeducGame(arguments.toSpec(), players, facts(players));
  }

  private static GameFacts facts(int players) {
    int cards = SUITS * (players + 1);
    String ranks = RANKS.substring(RANKS.length() - players - 1);
    return GameFacts.builder()
        .players(players)
        .distinctActions(3)
        .utility(-maxStake(), (players - 1) * maxStake())
        .maxLength(players + 1 + 2 * maxBetsPerRound(players)) // deals, public card, two rounds of bets
        // seat one-hot, private card one-hot, public card one-hot, each seat's chips in the pot
        .observationShape(players + 2 * cards + players)
        // seat one-hot, private card one-hot, public card one-hot, then per round and bet slot
        // two bits: call = 10, raise = 01 (fold = 00)
        .informationStateShape(players + 2 * cards + 2 * 2 * maxBetsPerRound(players))
        .rules(("Leduc hold'em poker for %d players. The deck has %d cards: ranks %s (lowest to"
                + " highest) in two suits, s and h; a card is named rank then suit, for example Js."
                + " Each player antes 1 chip and is dealt one private card. Then comes a betting"
                + " round, a public card is revealed, and a second betting round follows. In each"
                + " round Player 0 (or the first player still in after Player 0) acts first and play"
                + " goes around the table. The actions are 'fold' (give up the pot; only allowed"
                + " when you must put in chips to stay in), 'call' (put in chips to match the"
                + " highest stake; with nothing to match this is a check, and 'check' is accepted)"
                + " and 'raise' (match the highest stake and add 2 chips in the first round or 4 in"
                + " the second; 'bet' is accepted for the first raise of a round). At most two"
                + " raises are allowed per round. A round ends when everyone still in has acted and"
                + " matched the highest stake. If all but one player fold, the last one wins the"
                + " pot. Otherwise, at the end of the second round, a private card of the same"
                + " rank as the public card (a pair) wins; without pairs the higher private card"
                + " wins; equal hands split the pot. Your return is the chips you win minus the"
                + " chips you put in.")
            .formatted(players, cards, String.join(", ", ranks.split(""))))
        .build();
  }

  /** The most bets in one round: checks, a raise, calls, a re-raise, then calls all round. */
  private static int maxBetsPerRound(int players) {
    return 3 * players - 2;
  }

  /** The most one player can put in: the ante and both raises of both rounds. */
  private static int maxStake() {
    return 1 + MAX_RAISES * FIRST_RAISE + MAX_RAISES * SECOND_RAISE;
  }

  private record LeducGame(Spec spec, int players, GameFacts facts) implements Game {
    @Override
    public GameType type() {
      return TYPE;
    }

    int cards() {
      return SUITS * (players + 1);
    }

    @Override
    public State newInitialState(long seed) {
      return new LeducState(this, seed);
    }
  }

  private static final class LeducState extends AbstractState {
    private final int players;
    private final int cardCount;
    private final boolean[] used;
    private final int[] privateCards;
    private final int[] chips;
    private final boolean[] folded;
    // Bets per round (0-based round index), with the seat that made each.
    private final int[][] bets;
    private final int[][] bettors;
    private final int[] betCount = new int[2];
    private int dealt;
    private int publicCard = -1;
    private int round; // 0 or 1
    private int current = CHANCE;
    private int stakes = 1;
    private int calls;
    private int raises;
    private int remaining;
    private boolean over;

    LeducState(LeducGame game, long seed) {
      super(game, seed);
      players = game.players();
      cardCount = game.cards();
      used = new boolean[cardCount];
      privateCards = new int[players];
      Arrays.fill(privateCards, -1);
      chips = new int[players];
      Arrays.fill(chips, 1);
      folded = new boolean[players];
      bets = new int[2][maxBetsPerRound(players)];
      bettors = new int[2][maxBetsPerRound(players)];
      remaining = players;
    }

    @Override
    protected int playerToMove() {
      return current;
    }

    @Override
    protected boolean ended() {
      return over;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      if (player == CHANCE) {
        List<Integer> cards = new ArrayList<>(cardCount);
        for (int card = 0; card < cardCount; card++) {
          if (!used[card]) {
            cards.add(card);
          }
        }
        return cards;
      }
      // A round ends as soon as everyone has matched a raise, so whoever is not facing a bet acts
      // before any raise of the round and may raise.
      if (stakes == chips[player]) {
        return CALL_RAISE;
      }
      return raises < MAX_RAISES ? FOLD_CALL_RAISE : FOLD_CALL;
    }

    @Override
    protected List<ChanceOutcome> chanceDistribution() {
      int left = cardCount - dealt - (publicCard >= 0 ? 1 : 0);
      List<ChanceOutcome> outcomes = new ArrayList<>(left);
      for (int card = 0; card < cardCount; card++) {
        if (!used[card]) {
          outcomes.add(new ChanceOutcome(card, 1.0 / left));
        }
      }
      return outcomes;
    }

    @Override
    protected void applyMove(int player, int action) {
      if (player == CHANCE) {
        used[action] = true;
        if (dealt < players) {
          privateCards[dealt++] = action;
          if (dealt == players) {
            current = 0;
          }
        } else {
          publicCard = action;
          current = nextPlayer(players - 1);
        }
        return;
      }
      bets[round][betCount[round]] = action;
      bettors[round][betCount[round]++] = player;
      switch (action) {
        case FOLD -> {
          folded[player] = true;
          remaining--;
        }
        case CALL -> {
          chips[player] = stakes;
          calls++;
        }
        default -> {
          stakes += round == 0 ? FIRST_RAISE : SECOND_RAISE;
          chips[player] = stakes;
          raises++;
          calls = 0;
        }
      }
      boolean roundOver =
          raises == 0 ? calls == remaining : calls == remaining - 1;
      if (remaining == 1 || (roundOver && round == 1)) {
        over = true;
        payOut();
      } else if (roundOver) {
        round = 1;
        calls = 0;
        raises = 0;
        current = CHANCE;
      } else {
        current = nextPlayer(player);
      }
    }

    /** The first seat after {@code seat}, going around, that has not folded. */
    private int nextPlayer(int seat) {
      for (int i = 1; i <= players; i++) {
        int p = (seat + i) % players;
        if (!folded[p]) {
          return p;
        }
      }
      throw new IllegalStateException("every player has folded");
    }

    private void payOut() {
      int pot = Arrays.stream(chips).sum();
      boolean[] wins = new boolean[players];
      int winners = 0;
      int best = -1;
      for (int p = 0; p < players; p++) {
        if (folded[p]) {
          continue;
        }
        int strength = remaining == 1 ? 0 : handStrength(p);
        if (strength > best) {
          Arrays.fill(wins, false);
          best = strength;
          winners = 0;
        }
        if (strength == best) {
          wins[p] = true;
          winners++;
        }
      }
      for (int p = 0; p < players; p++) {
        reward(p, (wins[p] ? (double) pot / winners : 0) - chips[p]);
      }
    }

    /** A pair with the public card beats every unpaired hand; otherwise the private rank counts. */
    private int handStrength(int player) {
      int rank = privateCards[player] / SUITS;
      return rank == publicCard / SUITS ? players + 1 + rank : rank;
    }

    private String cardName(int card) {
      int lowestRank = RANKS.length() - (players + 1);
      return RANKS.charAt(lowestRank + card / SUITS) + "" + SUIT_NAMES.charAt(card % SUITS);
    }

    @Override
    public String actionToString(int player, int action) {
      if (player == CHANCE) {
        if (action < 0 || action >= cardCount) {
          throw new IllegalArgumentException("no card " + action + " in a deck of " + cardCount);
        }
        return (dealt < players ? "deal " : "reveal ") + cardName(action);
      }
      return switch (action) {
        case FOLD -> "fold";
        case CALL -> "call";
        case RAISE -> "raise";
        default -> throw new IllegalArgumentException("Leduc poker has no action " + action);
      };
    }

    @Override
    public int parseAction(int player, String text) {
      String word = text.strip().toLowerCase(Locale.ROOT);
      if (player >= 0 && !isTerminal()) {
        if (word.equals("check") && stakes == chips[player]) {
          return super.parseAction(player, "call");
        }
        if (word.equals("bet") && raises == 0) {
          return super.parseAction(player, "raise");
        }
      }
      return super.parseAction(player, text);
    }

    @Override
    public String render(int player) {
      boolean showAll = player == CHANCE || isTerminal();
      StringBuilder out = new StringBuilder();
      out.append("Round ").append(round + 1).append(" of 2. Public card: ")
          .append(publicCard >= 0 ? cardName(publicCard) : "not revealed").append(". Pot: ")
          .append(Arrays.stream(chips).sum()).append(".\n");
      for (int p = 0; p < players; p++) {
        boolean visible = privateCards[p] >= 0 && (showAll || p == player);
        out.append(playerName(p)).append(p == player ? " (you)" : "").append(": card ")
            .append(visible ? cardName(privateCards[p]) : privateCards[p] >= 0 ? "?" : "not dealt")
            .append(", chips in pot ").append(chips[p]).append(folded[p] ? ", folded" : "")
            .append('\n');
      }
      for (int r = 0; r <= round; r++) {
        out.append("Round ").append(r + 1).append(" bets: ");
        List<String> described = new ArrayList<>();
        for (int i = 0; i < betCount[r]; i++) {
          described.add(
              "Player " + bettors[r][i] + " " + actionToString(bettors[r][i], bets[r][i]) + "s");
        }
        out.append(described.isEmpty() ? "none" : String.join(", ", described)).append(".\n");
      }
      if (isTerminal()) {
        double[] returns = returns();
        List<String> results = new ArrayList<>();
        for (int p = 0; p < players; p++) {
          // Split pots leave halves; whole returns print without decimals.
          String format = returns[p] == Math.rint(returns[p]) ? "%+.0f" : "%+.1f";
          results.add("Player " + p + " " + String.format(Locale.ROOT, format, returns[p]));
        }
        out.append("Result: ").append(String.join(", ", results)).append('.');
      } else if (current == CHANCE) {
        out.append(dealt < players ? "Dealing private cards." : "Revealing the public card.");
      } else {
        out.append(playerName(current)).append(" to act; to call: ")
            .append(stakes - chips[current]).append('.');
      }
      return out.toString();
    }

    @Override
    public float[] observationTensor(int player) {
      float[] tensor = new float[players + 2 * cardCount + players];
      writeCards(tensor, player);
      for (int p = 0; p < players; p++) {
        tensor[players + 2 * cardCount + p] = chips[p];
      }
      return tensor;
    }

    private void writeCards(float[] tensor, int player) {
      tensor[player] = 1;
      if (privateCards[player] >= 0) {
        tensor[players + privateCards[player]] = 1;
      }
      if (publicCard >= 0) {
        tensor[players + cardCount + publicCard] = 1;
      }
    }

    @Override
    public String informationStateKey(int player) {
      StringBuilder key = new StringBuilder("seat ").append(player).append(" card ")
          .append(privateCards[player] >= 0 ? cardName(privateCards[player]) : "-")
          .append(" public ").append(publicCard >= 0 ? cardName(publicCard) : "-")
          .append(" bets ");
      for (int r = 0; r < 2; r++) {
        for (int i = 0; i < betCount[r]; i++) {
          key.append("fcr".charAt(bets[r][i]));
        }
        key.append(r == 0 ? "/" : "");
      }
      return key.toString();
    }

    @Override
    public float[] informationStateTensor(int player) {
      int slots = maxBetsPerRound(players);
      float[] tensor = new float[players + 2 * cardCount + 2 * 2 * slots];
      writeCards(tensor, player);
      int offset = players + 2 * cardCount;
      for (int r = 0; r < 2; r++) {
        for (int i = 0; i < betCount[r]; i++) {
          if (bets[r][i] != FOLD) {
            tensor[offset + 2 * (r * slots + i) + bets[r][i] - 1] = 1;
          }
        }
      }
      return tensor;
    }
  }
}
