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
import io.sparring.core.game.Move;
import io.sparring.core.game.State;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hanabi, the cooperative card game, with the rules of the Hanabi Learning Environment (HLE, used
 * by OpenSpiel): players see every hand but their own, spend information tokens on color or rank
 * hints, and play cards onto one firework per color in rank order. Every player gets the same
 * reward: the change in the firework score, which drops to 0 when the last life token is lost.
 */
public final class Hanabi implements GameProvider {
  private static final String COLOR_LETTERS = "RYGWB";
  private static final String[] COLOR_NAMES = {"red", "yellow", "green", "white", "blue"};
  private static final GameType TYPE =
      new GameType(
          Dynamics.SEQUENTIAL, ChanceMode.EXPLICIT, Information.IMPERFECT, Utility.IDENTICAL);
  private static final List<String> SIZES =
      List.of(
          "players", "colors", "ranks", "hand_size", "max_information_tokens", "max_life_tokens");
  // The MARS presets, in the order of SIZES.
  private static final Map<String, int[]> PRESETS =
      Map.of(
          "mini", new int[] {2, 2, 2, 3, 3, 3},
          "simple", new int[] {2, 3, 2, 5, 8, 3},
          "full", new int[] {2, 3, 3, 5, 8, 3});
  private static final int DISCARD = 0;
  private static final int PLAY = 1;
  private static final int HINT_COLOR = 2;
  private static final int HINT_RANK = 3;

  @Override
  public String name() {
    return "hanabi";
  }

  @Override
  public String description() {
    return "Hanabi: cooperative fireworks card game with hints (HLE rules)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.integer("players", 2, 2, 5, "number of players"),
        Parameter.integer("colors", 5, 1, 5, "number of colors (fireworks)"),
        Parameter.integer("ranks", 5, 1, 5, "number of ranks per color"),
        Parameter.integer("hand_size", 5, 1, 5, "cards in each hand"),
        Parameter.integer("max_information_tokens", 8, 1, 8, "information (hint) tokens"),
        Parameter.integer("max_life_tokens", 3, 1, 3, "life tokens; each misplay costs one"),
        Parameter.word("preset", "none",
            "none, or mini/simple/full (MARS sizes); parameters written explicitly override it"));
  }

  @Override
  public Game create(Arguments arguments) {
    String preset = arguments.getString("preset");
    int[] presetSizes = PRESETS.get(preset);
    if (presetSizes == null && !preset.equals("none")) {
      throw new IllegalArgumentException(
          "unknown preset '" + preset + "' for hanabi; choose none, mini, simple or full");
    }
    int[] sizes = new int[SIZES.size()];
    Map<String, SpecValue> canonical = new LinkedHashMap<>();
    for (int i = 0; i < sizes.length; i++) {
      String name = SIZES.get(i);
      boolean fromPreset = presetSizes != null && !arguments.isGiven(name);
      sizes[i] = fromPreset ? presetSizes[i] : arguments.getInt(name);
      canonical.put(name, new SpecValue.Number(BigDecimal.valueOf(sizes[i])));
    }
    canonical.put("preset", new SpecValue.Word(preset));
    int players = sizes[0];
    int colors = sizes[1];
    int ranks = sizes[2];
    int handSize = sizes[3];
    if (players * handSize > deckSizeOf(colors, ranks)) {
      throw new IllegalArgumentException(
          ("hanabi: players=%d x hand_size=%d needs %d cards for the deal, but colors=%d and"
                  + " ranks=%d make a deck of only %d cards")
              .formatted(players, handSize, players * handSize, colors, ranks, deckSizeOf(colors, ranks)));
    }
    // The canonical spec names the sizes in effect, so it recreates this game whatever the preset.
    return new HanabiGame(new Spec(name(), canonical), players, colors, ranks, handSize, sizes[4],
        sizes[5], facts(players, colors, ranks, handSize, sizes[4], sizes[5]));
  }

  private static int deckSizeOf(int colors, int ranks) {
    int perColor = 0;
    for (int rank = 0; rank < ranks; rank++) {
      perColor += copies(rank, ranks);
    }
    return colors * perColor;
  }

  private static GameFacts facts(
      int players, int colors, int ranks, int handSize, int maxInformation, int maxLives) {
    int cardKinds = colors * ranks;
    int deckSize = deckSizeOf(colors, ranks);
    // Every card is drawn at most once; each play or discard before the deck runs out draws one;
    // hints are paid by the starting tokens, discards and completed colors; then one round.
    int draws = deckSize - players * handSize;
    int lastMoveSize = 2 * players + 4 + colors + ranks + 2 * handSize + cardKinds + 1;
    int observationSize =
        (players - 1) * handSize * cardKinds // the others' cards, one-hot
            + players * handSize * (colors + ranks) // what hints tell about every hand
            + cardKinds // fireworks
            + maxInformation + maxLives + deckSize // tokens and deck, thermometers
            + deckSize // discard pile, a thermometer per card kind
            + lastMoveSize;
    StringBuilder colorList = new StringBuilder();
    for (int c = 0; c < colors; c++) {
      colorList.append(c == 0 ? "" : ", ").append(COLOR_NAMES[c])
          .append(" (").append(COLOR_LETTERS.charAt(c)).append(')');
    }
    String copiesText =
        ranks == 1 ? "three cards of rank 1"
            : ranks == 2 ? "three 1s and one 2"
            : ranks == 3 ? "three 1s, two 2s and one 3"
            : "three 1s, two of each of ranks 2 to " + (ranks - 1) + " and one " + ranks;
    String rules = ("Hanabi, a cooperative game for %d players (P0 to P%d), with the rules of the Hanabi"
            + " Learning Environment. There are %d colors: %s, and ranks 1 to %d; for each color"
            + " the deck has %s (%d cards in all). Each player holds %d cards that the others can"
            + " see but the holder cannot; cards in a hand are numbered from 0, and a drawn card"
            + " goes to the right end. The team shares %d information tokens (all available at"
            + " the start) and %d life tokens. Players take turns from P0; on your turn do one"
            + " thing: 'play N' puts your card N on the firework of its color if it is the next"
            + " rank there (fireworks start empty, so a 1 goes first), scoring 1 point, and"
            + " finishing a color with its %d gives back an information token; otherwise the card"
            + " is discarded and a life token is lost. 'discard N' throws card N away and gives"
            + " back an information token; it is not allowed while all tokens are available."
            + " 'hint PX red' or 'hint PX rank 2' spends an information token to show player PX"
            + " all of their cards of that color or rank; it must point at least one card. After"
            + " a play or a discard you draw a card while the deck lasts. The game ends when the"
            + " last life token is lost (the score is then 0), when every firework is complete,"
            + " or when the deck is empty and every player has had one more turn. All players"
            + " share the score: the number of cards in the fireworks, at most %d.")
        .formatted(players, players - 1, colors, colorList, ranks, copiesText, deckSize,
            handSize, maxInformation, maxLives, ranks, cardKinds);
    return GameFacts.builder()
        .players(players)
        .distinctActions(2 * handSize + (players - 1) * (colors + ranks))
        .utility(0, cardKinds)
        .maxLength(deckSize + draws + (maxInformation + draws + colors) + players)
        .observationShape(observationSize)
        .rules(rules)
        .build();
  }

  @Override
  public int conformancePlayouts() {
    return 500; // games run to 60 moves, and the kit replays the history at every step
  }

  /** Copies per card of a 0-based rank (HLE): three of the lowest, one of the top, else two. */
  private static int copies(int rank, int ranks) {
    return rank == 0 ? 3 : rank == ranks - 1 ? 1 : 2;
  }

  private record HanabiGame(
      Spec spec,
      int players,
      int colors,
      int ranks,
      int handSize,
      int maxInformation,
      int maxLives,
      GameFacts facts)
      implements Game {

    int cardKinds() {
      return colors * ranks;
    }

    int deckSize() {
      return deckSizeOf(colors, ranks);
    }

    @Override
    public GameType type() {
      return TYPE;
    }

    @Override
    public State newInitialState(long seed) {
      return new HanabiState(this, seed);
    }
  }

  private static final class HanabiState extends AbstractState {
    private final HanabiGame game;
    private final int players;
    private final int colors;
    private final int ranks;
    private final int handSize;
    private final int[] deck; // copies left per card kind (color * ranks + rank)
    private int deckSize;
    private final int[][] hands;
    private final int[] handLength;
    // What hints told about each card: bit c of colorsPossible / bit r of ranksPossible.
    private final int[][] colorsPossible;
    private final int[][] ranksPossible;
    private final int[] fireworks; // cards played per color
    private final int[] discards; // copies discarded per card kind
    private int score;
    private int information;
    private int lives;
    private int turnsToPlay; // counts down once the deck is empty (HLE)
    private int turn; // the seat that plays next, after any draw
    // Per history entry, what the action alone does not say: for a draw the card and who got it,
    // for a play or discard the card (plus 1 << 8 if it scored), for a hint the cards it pointed.
    private final int[] outcomes;

    HanabiState(HanabiGame game, long seed) {
      super(game, seed);
      this.game = game;
      players = game.players();
      colors = game.colors();
      ranks = game.ranks();
      handSize = game.handSize();
      deck = new int[game.cardKinds()];
      for (int card = 0; card < deck.length; card++) {
        deck[card] = copies(card % ranks, ranks);
      }
      deckSize = game.deckSize();
      hands = new int[players][handSize];
      handLength = new int[players];
      colorsPossible = new int[players][handSize];
      ranksPossible = new int[players][handSize];
      fireworks = new int[colors];
      discards = new int[game.cardKinds()];
      information = game.maxInformation();
      lives = game.maxLives();
      turnsToPlay = players;
      outcomes = new int[game.maxGameLength()];
    }

    /** The seat that draws next, or -1 when nobody draws (HLE: the first hand that is short). */
    private int drawer() {
      if (deckSize == 0) {
        return -1;
      }
      for (int p = 0; p < players; p++) {
        if (handLength[p] < handSize) {
          return p;
        }
      }
      return -1;
    }

    @Override
    protected int playerToMove() {
      return drawer() >= 0 ? CHANCE : turn;
    }

    @Override
    protected boolean ended() {
      return lives == 0 || score == game.cardKinds() || turnsToPlay <= 0;
    }

    private int type(int action) {
      int hintBase = 2 * handSize;
      return action < handSize ? DISCARD
          : action < hintBase ? PLAY
          : action < hintBase + (players - 1) * colors ? HINT_COLOR
          : HINT_RANK;
    }

    /** The card slot of a play or discard, the offset (1..players-1) of a hint's target. */
    private int slotOrOffset(int action) {
      int hint = action - 2 * handSize;
      return switch (type(action)) {
        case DISCARD -> action;
        case PLAY -> action - handSize;
        case HINT_COLOR -> 1 + hint / colors;
        default -> 1 + (hint - (players - 1) * colors) / ranks;
      };
    }

    /** The color or rank a hint names. */
    private int hinted(int action) {
      int hint = action - 2 * handSize;
      return type(action) == HINT_COLOR ? hint % colors : (hint - (players - 1) * colors) % ranks;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      List<Integer> legal = new ArrayList<>();
      if (player == CHANCE) {
        for (int card = 0; card < deck.length; card++) {
          if (deck[card] > 0) {
            legal.add(card);
          }
        }
        return legal;
      }
      int length = handLength[player];
      if (information < game.maxInformation()) {
        for (int slot = 0; slot < length; slot++) {
          legal.add(slot);
        }
      }
      for (int slot = 0; slot < length; slot++) {
        legal.add(handSize + slot);
      }
      if (information == 0) {
        return legal;
      }
      // A hint must point at least one card: only the colors and ranks the target holds.
      int colorBase = 2 * handSize;
      for (int offset = 1; offset < players; offset++) {
        int held = heldMask(player, offset, true);
        for (int c = 0; c < colors; c++) {
          if ((held & 1 << c) != 0) {
            legal.add(colorBase + (offset - 1) * colors + c);
          }
        }
      }
      int rankBase = colorBase + (players - 1) * colors;
      for (int offset = 1; offset < players; offset++) {
        int held = heldMask(player, offset, false);
        for (int r = 0; r < ranks; r++) {
          if ((held & 1 << r) != 0) {
            legal.add(rankBase + (offset - 1) * ranks + r);
          }
        }
      }
      return legal;
    }

    /** Bit c (or r) set when the hand at this offset from the player holds that color (or rank). */
    private int heldMask(int player, int offset, boolean color) {
      int target = (player + offset) % players;
      int held = 0;
      for (int slot = 0; slot < handLength[target]; slot++) {
        int card = hands[target][slot];
        held |= 1 << (color ? card / ranks : card % ranks);
      }
      return held;
    }

    @Override
    protected List<ChanceOutcome> chanceDistribution() {
      List<ChanceOutcome> distribution = new ArrayList<>();
      for (int card = 0; card < deck.length; card++) {
        if (deck[card] > 0) {
          distribution.add(new ChanceOutcome(card, (double) deck[card] / deckSize));
        }
      }
      return distribution;
    }

    @Override
    protected void applyMove(int player, int action) {
      int step = history().size() - 1;
      if (player == CHANCE) {
        int drawer = drawer();
        deck[action]--;
        deckSize--;
        int slot = handLength[drawer]++;
        hands[drawer][slot] = action;
        colorsPossible[drawer][slot] = (1 << colors) - 1;
        ranksPossible[drawer][slot] = (1 << ranks) - 1;
        outcomes[step] = drawer << 8 | action;
        return;
      }
      if (deckSize == 0) {
        turnsToPlay--;
      }
      turn = (player + 1) % players;
      int type = type(action);
      if (type == DISCARD || type == PLAY) {
        int card = removeCard(player, slotOrOffset(action));
        boolean scored = type == PLAY && fireworks[card / ranks] == card % ranks;
        outcomes[step] = card | (scored ? 1 << 8 : 0);
        if (type == DISCARD) {
          discards[card]++;
          information++;
        } else if (scored) {
          score++;
          rewardAll(1);
          if (++fireworks[card / ranks] == ranks && information < game.maxInformation()) {
            information++;
          }
        } else {
          discards[card]++;
          if (--lives == 0) {
            rewardAll(-score); // HLE scores a game that ran out of lives as 0
          }
        }
        return;
      }
      information--;
      int target = (player + slotOrOffset(action)) % players;
      int value = hinted(action);
      int pointed = 0;
      for (int slot = 0; slot < handLength[target]; slot++) {
        int card = hands[target][slot];
        boolean matches = type == HINT_COLOR ? card / ranks == value : card % ranks == value;
        int[] possible = type == HINT_COLOR ? colorsPossible[target] : ranksPossible[target];
        if (matches) {
          pointed |= 1 << slot;
          possible[slot] = 1 << value;
        } else {
          possible[slot] &= ~(1 << value);
        }
      }
      outcomes[step] = pointed;
    }

    private void rewardAll(double value) {
      for (int p = 0; p < players; p++) {
        reward(p, value);
      }
    }

    /** Takes a card out of a hand; the cards to its right move one slot left (HLE). */
    private int removeCard(int player, int slot) {
      int card = hands[player][slot];
      int last = --handLength[player];
      for (int s = slot; s < last; s++) {
        hands[player][s] = hands[player][s + 1];
        colorsPossible[player][s] = colorsPossible[player][s + 1];
        ranksPossible[player][s] = ranksPossible[player][s + 1];
      }
      return card;
    }

    // ---- Names ----

    @Override
    protected String playerName(int player) {
      return player >= 0 ? "P" + player : super.playerName(player);
    }

    private String cardName(int card) {
      return COLOR_LETTERS.charAt(card / ranks) + String.valueOf(card % ranks + 1);
    }

    @Override
    public String actionToString(int player, int action) {
      if (player == CHANCE) {
        if (action < 0 || action >= deck.length) {
          throw new IllegalArgumentException("hanabi has no card " + action);
        }
        return "draw " + cardName(action);
      }
      if (action < 0 || action >= game.numDistinctActions() || player >= players) {
        throw new IllegalArgumentException("hanabi has no action " + action + " for P" + player);
      }
      return switch (type(action)) {
        case DISCARD -> "discard " + action;
        case PLAY -> "play " + (action - handSize);
        case HINT_COLOR -> "hint P" + (player + slotOrOffset(action)) % players
            + " " + COLOR_NAMES[hinted(action)];
        default -> "hint P" + (player + slotOrOffset(action)) % players
            + " rank " + (hinted(action) + 1);
      };
    }

    @Override
    public int parseAction(int player, String text) {
      try {
        return super.parseAction(player, text);
      } catch (IllegalArgumentException notAName) {
        // Also accept a color letter or a bare rank: "hint P1 r", "hint 1 2", "hint p1 rank2".
        String[] words = text.strip().toLowerCase(Locale.ROOT).split("\\s+");
        if (player < 0 || words.length < 3 || !words[0].equals("hint")) {
          throw notAName;
        }
        String target = words[1].startsWith("p") ? words[1] : "p" + words[1];
        String value = String.join("", List.of(words).subList(2, words.length));
        if (value.startsWith("rank")) {
          value = value.substring("rank".length());
        }
        int letter =
            value.length() == 1 ? COLOR_LETTERS.toLowerCase(Locale.ROOT).indexOf(value) : -1;
        if (letter >= 0) {
          value = COLOR_NAMES[letter];
        }
        String canonical = "hint " + target + " " + (value.matches("[1-9]") ? "rank " : "") + value;
        try {
          return super.parseAction(player, canonical);
        } catch (IllegalArgumentException stillNot) {
          throw notAName; // names the text as written
        }
      }
    }

    // ---- What a seat sees ----

    @Override
    public String render(int player) {
      boolean showAll = player == CHANCE || isTerminal();
      StringBuilder out = new StringBuilder("Fireworks:");
      for (int c = 0; c < colors; c++) {
        out.append(' ').append(COLOR_LETTERS.charAt(c)).append(fireworks[c]);
      }
      out.append("   score ").append(lives == 0 ? 0 : score).append(" of ").append(game.cardKinds())
          .append('\n');
      out.append("Information tokens ").append(information).append(" of ")
          .append(game.maxInformation()).append(", lives ").append(lives).append(" of ")
          .append(game.maxLives()).append(", deck ").append(deckSize)
          .append(deckSize == 1 ? " card" : " cards");
      if (deckSize == 0 && !isTerminal()) {
        out.append(" (").append(turnsToPlay).append(turnsToPlay == 1 ? " turn" : " turns")
            .append(" left)");
      }
      out.append("\nDiscards:");
      boolean any = false;
      for (int card = 0; card < discards.length; card++) {
        for (int k = 0; k < discards[card]; k++) {
          out.append(' ').append(cardName(card));
          any = true;
        }
      }
      out.append(any ? "\n" : " none\n");
      for (int p = 0; p < players; p++) {
        out.append('P').append(p);
        if (p == player) {
          out.append(" (you): ").append(knowledge(p)).append("  (your cards as hints tell)");
          if (!showAll) {
            out.append('\n').append(ownCardsInWords(p));
          } else {
            out.append("\n  actually: ").append(cards(p));
          }
        } else {
          out.append(": ").append(cards(p)).append("  (").append('P').append(p).append(" knows: ")
              .append(knowledge(p)).append(')');
        }
        out.append('\n');
      }
      List<String> recent = recentMoves();
      if (!recent.isEmpty()) {
        out.append("Recent moves: ").append(String.join("; ", recent)).append('\n');
      }
      if (isTerminal()) {
        out.append(lives == 0 ? "Game over: all lives lost, the score is 0."
            : score == game.cardKinds()
                ? "Game over: every firework is complete, score " + score + "."
            : "Game over: the deck ran out, score " + score + ".");
      } else {
        int mover = currentPlayer();
        out.append(mover == CHANCE ? "A card is being drawn." : "P" + mover + " to move.");
      }
      return out.toString();
    }

    private String cards(int player) {
      if (handLength[player] == 0) {
        return "no cards";
      }
      StringBuilder out = new StringBuilder();
      for (int slot = 0; slot < handLength[player]; slot++) {
        out.append(slot == 0 ? "" : " ").append(cardName(hands[player][slot]));
      }
      return out.toString();
    }

    /** A hand as hints describe it: R? for a card known red, ?2 for a known 2. */
    private String knowledge(int player) {
      if (handLength[player] == 0) {
        return "no cards";
      }
      StringBuilder out = new StringBuilder();
      for (int slot = 0; slot < handLength[player]; slot++) {
        int color = single(colorsPossible[player][slot]);
        int rank = single(ranksPossible[player][slot]);
        out.append(slot == 0 ? "" : " ")
            .append(color >= 0 ? COLOR_LETTERS.charAt(color) : '?')
            .append(rank >= 0 ? String.valueOf(rank + 1) : "?");
      }
      return out.toString();
    }

    private String ownCardsInWords(int player) {
      StringBuilder out = new StringBuilder("  ");
      for (int slot = 0; slot < handLength[player]; slot++) {
        out.append(slot == 0 ? "" : "; ").append("card ").append(slot).append(": ");
        String colorPart = possibilities(colorsPossible[player][slot], colors, true);
        String rankPart = possibilities(ranksPossible[player][slot], ranks, false);
        out.append(colorPart.isEmpty() && rankPart.isEmpty() ? "no hints"
            : colorPart.isEmpty() ? rankPart
            : rankPart.isEmpty() ? colorPart
            : colorPart + ", " + rankPart);
      }
      return out.toString();
    }

    /** "red", "not red or blue", "rank 2", "not rank 1", or "" when nothing is known. */
    private static String possibilities(int mask, int count, boolean isColor) {
      int all = (1 << count) - 1;
      if (mask == all) {
        return "";
      }
      int known = single(mask);
      if (known >= 0) {
        return isColor ? COLOR_NAMES[known] : "rank " + (known + 1);
      }
      List<String> excluded = new ArrayList<>();
      for (int v = 0; v < count; v++) {
        if ((mask & 1 << v) == 0) {
          excluded.add(isColor ? COLOR_NAMES[v] : String.valueOf(v + 1));
        }
      }
      return "not " + (isColor ? "" : "rank ") + String.join(" or ", excluded);
    }

    private static int single(int mask) {
      return Integer.bitCount(mask) == 1 ? Integer.numberOfTrailingZeros(mask) : -1;
    }

    /** The player moves of the last round, oldest first. */
    private List<String> recentMoves() {
      List<Move> history = history();
      List<String> recent = new ArrayList<>();
      for (int step = history.size() - 1; step >= 0 && recent.size() < players; step--) {
        Move move = history.get(step);
        if (move.player() != CHANCE) {
          recent.addFirst(describe(move.player(), move.action(), outcomes[step]));
        }
      }
      return recent;
    }

    private String describe(int player, int action, int outcome) {
      int card = outcome & 0xFF;
      String who = "P" + player;
      return switch (type(action)) {
        case DISCARD -> who + " discarded card " + action + ": " + cardName(card);
        case PLAY -> who + " played card " + (action - handSize) + ": " + cardName(card)
            + ((outcome >> 8) == 1 ? "" : " (misplay, a life lost)");
        default -> {
          List<String> slots = new ArrayList<>();
          for (int slot = 0; slot < handSize; slot++) {
            if ((outcome & 1 << slot) != 0) {
              slots.add(String.valueOf(slot));
            }
          }
          String hint = actionToString(player, action); // "hint P1 red"
          yield who + " hinted " + hint.substring("hint ".length())
              + " (card" + (slots.size() > 1 ? "s " : " ") + String.join(", ", slots) + ")";
        }
      };
    }

    @Override
    public float[] observationTensor(int player) {
      float[] tensor = new float[game.observationTensorShape().getFirst()];
      int kinds = game.cardKinds();
      int at = 0;
      for (int offset = 1; offset < players; offset++) {
        int p = (player + offset) % players;
        for (int slot = 0; slot < handLength[p]; slot++) {
          tensor[at + slot * kinds + hands[p][slot]] = 1;
        }
        at += handSize * kinds;
      }
      for (int offset = 0; offset < players; offset++) {
        int p = (player + offset) % players;
        for (int slot = 0; slot < handLength[p]; slot++) {
          int base = at + slot * (colors + ranks);
          setBits(tensor, base, colorsPossible[p][slot], colors);
          setBits(tensor, base + colors, ranksPossible[p][slot], ranks);
        }
        at += handSize * (colors + ranks);
      }
      for (int c = 0; c < colors; c++) {
        if (fireworks[c] > 0) {
          tensor[at + c * ranks + fireworks[c] - 1] = 1;
        }
      }
      at += kinds;
      at = thermometer(tensor, at, information, game.maxInformation());
      at = thermometer(tensor, at, lives, game.maxLives());
      at = thermometer(tensor, at, deckSize, game.deckSize());
      for (int card = 0; card < kinds; card++) {
        at = thermometer(tensor, at, discards[card], copies(card % ranks, ranks));
      }
      encodeLastMove(tensor, at, player);
      return tensor;
    }

    private static void setBits(float[] tensor, int at, int mask, int count) {
      for (int v = 0; v < count; v++) {
        if ((mask & 1 << v) != 0) {
          tensor[at + v] = 1;
        }
      }
    }

    private static int thermometer(float[] tensor, int at, int value, int size) {
      for (int i = 0; i < value; i++) {
        tensor[at + i] = 1;
      }
      return at + size;
    }

    /**
     * The last player move: mover's offset from the observer, type (discard, play, color hint, rank
     * hint), the hint's target offset, color, rank and pointed slots, the slot and card played or
     * discarded, and whether a play scored.
     */
    private void encodeLastMove(float[] tensor, int at, int observer) {
      List<Move> history = history();
      int step = history.size() - 1;
      while (step >= 0 && history.get(step).player() == CHANCE) {
        step--;
      }
      if (step < 0) {
        return;
      }
      int mover = history.get(step).player();
      int action = history.get(step).action();
      int outcome = outcomes[step];
      int type = type(action);
      tensor[at + (mover - observer + players) % players] = 1;
      at += players;
      tensor[at + type] = 1;
      at += 4;
      if (type == HINT_COLOR || type == HINT_RANK) {
        int target = (mover + slotOrOffset(action)) % players;
        tensor[at + (target - observer + players) % players] = 1;
        int value = hinted(action);
        tensor[at + players + (type == HINT_COLOR ? value : colors + value)] = 1;
        setBits(tensor, at + players + colors + ranks, outcome, handSize);
        return;
      }
      at += players + colors + ranks + handSize;
      tensor[at + slotOrOffset(action)] = 1;
      at += handSize;
      tensor[at + (outcome & 0xFF)] = 1;
      tensor[at + game.cardKinds()] = outcome >> 8;
    }

    @Override
    public float[] informationStateTensor(int player) {
      return observationTensor(player);
    }

    @Override
    public String informationStateKey(int player) {
      // The seat's view of the whole history: every move, with the seat's own draws hidden, and
      // what each play, discard or hint revealed.
      StringBuilder key = new StringBuilder("P").append(player);
      List<Move> history = history();
      for (int step = 0; step < history.size(); step++) {
        Move move = history.get(step);
        int outcome = outcomes[step];
        if (move.player() == CHANCE) {
          key.append(" d").append(outcome >> 8 == player ? "?" : cardName(outcome & 0xFF));
        } else {
          key.append(' ').append(move.player()).append(':').append(move.action()).append(':')
              .append(outcome);
        }
      }
      return key.toString();
    }
  }
}
