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
import java.util.stream.Collectors;

/**
 * Kuhn poker for 2 or 3 players: a deck of players + 1 cards, one card each, an ante of 1 and one
 * betting round in which each player may pass or bet 1. After a bet, each later player calls or
 * folds. The highest card among the players left in wins the pot.
 */
public final class KuhnPoker implements GameProvider {
  static final int PASS = 0;
  static final int BET = 1;
  private static final String[] CARD_NAMES = {"J", "Q", "K", "A"};
  private static final GameType TYPE =
      new GameType(Dynamics.SEQUENTIAL, ChanceMode.EXPLICIT, Information.IMPERFECT, Utility.ZERO_SUM);

  @Override
  public String name() {
    return "kuhn_poker";
  }

  @Override
  public String description() {
    return "Kuhn poker: one card each, one betting round";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.integer("players", 2, 2, 3, "number of players"));
  }

  @Override
  public Game create(Arguments arguments) {
    int players = arguments.getInt("players");
    return new KuhnGame(arguments.toSpec(), players, facts(players));
  }

  private static GameFacts facts(int players) {
    String deck = String.join(", ", Arrays.copyOf(CARD_NAMES, players + 1));
    return GameFacts.builder()
        .players(players)
        .distinctActions(2)
        .utility(-2, 2 * (players - 1))
        .maxLength(players + 2 * players - 1) // the deal, then at most one pass and one call each
        // seat one-hot, card one-hot, each player's chips in the pot
        .observationShape(players + (players + 1) + players)
        // seat one-hot, card one-hot, then pass/bet one-hot for each of the 2n-1 betting turns
        .informationStateShape(players + (players + 1) + 2 * (2 * players - 1))
        .rules(("Kuhn poker for %d players. The deck has %d cards, ranked %s from lowest to highest."
                + " Each player antes 1 chip and is dealt one private card. Players then act in seat"
                + " order, once each: 'pass' (check) or 'bet' (put in 1 more chip). Once someone has"
                + " bet, each later player must 'bet' (call, 1 chip) or 'pass' (fold, giving up the"
                + " pot); the players before the bettor get one more turn to call or fold. The"
                + " player with the highest card among those who did not fold wins the whole pot.")
            .formatted(players, players + 1, deck))
        .build();
  }

  private record KuhnGame(Spec spec, int players, GameFacts facts) implements Game {
    @Override
    public GameType type() {
      return TYPE;
    }

    @Override
    public State newInitialState(long seed) {
      return new KuhnState(this, seed);
    }
  }

  private static final class KuhnState extends AbstractState {
    private final int players;
    private final int[] cards;
    private final int[] chips;
    private final List<Integer> bets = new ArrayList<>();
    private int dealt;
    private int firstBet = -1;

    KuhnState(KuhnGame game, long seed) {
      super(game, seed);
      players = game.players();
      cards = new int[players];
      chips = new int[players];
      Arrays.fill(chips, 1);
    }

    @Override
    protected int playerToMove() {
      return dealt < players ? CHANCE : bets.size() % players;
    }

    @Override
    protected boolean ended() {
      if (dealt < players) {
        return false;
      }
      return firstBet < 0 ? bets.size() == players : bets.size() - firstBet - 1 == players - 1;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      if (player != CHANCE) {
        return List.of(PASS, BET);
      }
      return chanceDistribution().stream().map(ChanceOutcome::action).toList();
    }

    @Override
    protected List<ChanceOutcome> chanceDistribution() {
      List<ChanceOutcome> outcomes = new ArrayList<>();
      double probability = 1.0 / (players + 1 - dealt);
      for (int card = 0; card <= players; card++) {
        if (!isDealt(card)) {
          outcomes.add(new ChanceOutcome(card, probability));
        }
      }
      return outcomes;
    }

    @Override
    protected boolean isLegal(int player, int action) {
      if (player == CHANCE) {
        return action >= 0 && action <= players && !isDealt(action);
      }
      return action == PASS || action == BET;
    }

    private boolean isDealt(int card) {
      for (int i = 0; i < dealt; i++) {
        if (cards[i] == card) {
          return true;
        }
      }
      return false;
    }

    @Override
    protected void applyMove(int player, int action) {
      if (player == CHANCE) {
        cards[dealt++] = action;
        return;
      }
      if (action == BET) {
        if (firstBet < 0) {
          firstBet = bets.size();
        }
        chips[player]++;
      }
      bets.add(action);
      if (ended()) {
        payOut();
      }
    }

    private void payOut() {
      int winner = -1;
      int pot = 0;
      for (int p = 0; p < players; p++) {
        pot += chips[p];
        boolean inShowdown = firstBet < 0 || chips[p] == 2;
        if (inShowdown && (winner < 0 || cards[p] > cards[winner])) {
          winner = p;
        }
      }
      for (int p = 0; p < players; p++) {
        reward(p, p == winner ? pot - chips[p] : -chips[p]);
      }
    }

    @Override
    public String actionToString(int player, int action) {
      if (player == CHANCE) {
        return "deal " + CARD_NAMES[action];
      }
      return switch (action) {
        case PASS -> "pass";
        case BET -> "bet";
        default -> throw new IllegalArgumentException("Kuhn poker has no action " + action);
      };
    }

    @Override
    public int parseAction(int player, String text) {
      String word = text.strip().toLowerCase(Locale.ROOT);
      if (player >= 0 && (word.equals("check") || word.equals("fold"))) {
        return super.parseAction(player, "pass");
      }
      if (player >= 0 && word.equals("call")) {
        return super.parseAction(player, "bet");
      }
      return super.parseAction(player, text);
    }

    @Override
    public String render(int player) {
      StringBuilder out = new StringBuilder();
      boolean showAll = player == CHANCE || isTerminal();
      for (int p = 0; p < players; p++) {
        boolean visible = p < dealt && (showAll || p == player);
        out.append(playerName(p)).append(p == player ? " (you)" : "").append(": card ")
            .append(visible ? CARD_NAMES[cards[p]] : p < dealt ? "?" : "not dealt")
            .append(", chips in pot ").append(chips[p]).append('\n');
      }
      out.append("Bets so far: ");
      if (bets.isEmpty()) {
        out.append("none");
      } else {
        List<String> described = new ArrayList<>();
        for (int i = 0; i < bets.size(); i++) {
          described.add("Player " + i % players + " " + (bets.get(i) == BET ? "bets" : "passes"));
        }
        out.append(String.join(", ", described));
      }
      out.append(". Pot: ").append(Arrays.stream(chips).sum()).append('.');
      if (isTerminal()) {
        double[] returns = returns();
        out.append("\nResult: ").append(
            java.util.stream.IntStream.range(0, players)
                .mapToObj(p -> "Player " + p + " " + String.format(Locale.ROOT, "%+.0f", returns[p]))
                .collect(Collectors.joining(", ")));
      }
      return out.toString();
    }

    @Override
    public float[] observationTensor(int player) {
      float[] tensor = new float[players + players + 1 + players];
      tensor[player] = 1;
      if (player < dealt) {
        tensor[players + cards[player]] = 1;
      }
      for (int p = 0; p < players; p++) {
        tensor[2 * players + 1 + p] = chips[p];
      }
      return tensor;
    }

    @Override
    public String informationStateKey(int player) {
      String card = player < dealt ? CARD_NAMES[cards[player]] : "-";
      return "seat " + player + " card " + card + " bets "
          + bets.stream().map(b -> b == BET ? "b" : "p").collect(Collectors.joining());
    }

    @Override
    public float[] informationStateTensor(int player) {
      float[] tensor = new float[players + players + 1 + 2 * (2 * players - 1)];
      tensor[player] = 1;
      if (player < dealt) {
        tensor[players + cards[player]] = 1;
      }
      int offset = 2 * players + 1;
      for (int i = 0; i < bets.size(); i++) {
        tensor[offset + 2 * i + bets.get(i)] = 1;
      }
      return tensor;
    }
  }
}
