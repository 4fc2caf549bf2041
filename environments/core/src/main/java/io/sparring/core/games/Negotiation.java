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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A two-player bargaining game after Lewis et al. (2017), "Deal or no deal?", and OpenSpiel's
 * {@code negotiation}: a pool of books, hats and balls, private values per item, and alternating
 * proposals of how to split the pool until one is accepted or the turns run out.
 */
public final class Negotiation implements GameProvider {
  static final int TYPES = 3;

  /** What the whole pool is worth to each player. */
  static final int TOTAL_VALUE = 10;

  /** Value vectors are written in base 11, from 0 to VECTORS - 1. */
  private static final int VECTORS = (TOTAL_VALUE + 1) * (TOTAL_VALUE + 1) * (TOTAL_VALUE + 1);

  /** Player p's value vector v is the chance outcome {@code (p + 1) * VALUES_OFFSET + v}. */
  static final int VALUES_OFFSET = 10_000;

  private static final int MAX_QUANTITY_LIMIT = 5;
  private static final String[] PLURALS = {"books", "hats", "balls"};
  private static final String[] SINGULARS = {"book", "hat", "ball"};
  private static final GameType TYPE =
      new GameType(
          Dynamics.SEQUENTIAL, ChanceMode.EXPLICIT, Information.IMPERFECT, Utility.GENERAL_SUM);

  private static final String NUMBER =
      "\\d+|no|zero|an?|one|two|three|four|five|six|seven|eight|nine|ten";
  private static final Pattern ITEM = Pattern.compile("\\b(book|hat|ball)s?\\b");
  private static final Pattern COUNT_THEN_ITEM =
      Pattern.compile("\\b(" + NUMBER + ")\\s*(?:x\\s*)?(book|hat|ball)s?\\b");
  private static final Pattern ITEM_THEN_COUNT =
      Pattern.compile("\\b(book|hat|ball)s?\\s*[=:]?\\s*(" + NUMBER + ")\\b");
  private static final Pattern PROPOSE =
      Pattern.compile("propose books=(\\d) hats=(\\d) balls=(\\d)");
  private static final Pattern ACCEPT =
      Pattern.compile(
          "(i )?(accept|agree)( (the|your|this) (deal|offer|proposal))?|(it s a )?deal");

  /** The pools and tables for each max_quantity, built once: games with equal specs are equal. */
  private static final Tables[] TABLES = new Tables[MAX_QUANTITY_LIMIT + 1];

  static {
    for (int m = 1; m <= MAX_QUANTITY_LIMIT; m++) {
      TABLES[m] = new Tables(m);
    }
  }

  @Override
  public String name() {
    return "negotiation";
  }

  @Override
  public String description() {
    return "Deal or no deal: split books, hats and balls valued in secret; propose or accept";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.integer(
            "max_rounds",
            10,
            2,
            20,
            "most proposals; the game ends with no deal after the last one"),
        Parameter.integer(
            "max_quantity", 4, 1, MAX_QUANTITY_LIMIT, "most units of each item type in the pool"));
  }

  @Override
  public int conformancePlayouts() {
    return 500; // each step checks every one of up to 217 legal actions by name
  }

  @Override
  public Game create(Arguments arguments) {
    int maxQuantity = arguments.getInt("max_quantity");
    int maxRounds = arguments.getInt("max_rounds");
    Tables tables = TABLES[maxQuantity];
    return new NegotiationGame(arguments.toSpec(), maxRounds, tables, facts(maxRounds, tables));
  }

  private static GameFacts facts(int maxRounds, Tables tables) {
    return GameFacts.builder()
        .players(2)
        .distinctActions(tables.accept + 1)
        .utility(0, TOTAL_VALUE)
        .maxLength(3 + maxRounds) // pool, two valuations, then the proposals (or fewer and accept)
        // current player, ended + agreed, pool, own values, last proposal, proposals made (one-hot)
        .observationShape(2 + 2 + TYPES * tables.base + TYPES * (TOTAL_VALUE + 1)
            + TYPES * tables.base + maxRounds + 1)
        // seat, pool, own values, every proposal slot, accepted
        .informationStateShape(2 + TYPES * tables.base + TYPES * (TOTAL_VALUE + 1)
            + maxRounds * TYPES * tables.base + 1)
        .rules(("Negotiation for 2 players. A pool holds books, hats and balls, 1 to %d of each type;"
                + " both players see it. Each player has private values for one unit of each type"
                + " (whole numbers 0 to 10) such that the whole pool is worth exactly %d to them; the"
                + " other player's values are secret. Players take turns, Player 0 first. On a turn a"
                + " player either proposes a split by naming the share they would take, for example"
                + " 'propose books=1 hats=2 balls=0' (the other player would get the rest of the"
                + " pool), or, from the second turn on, says 'accept' to take the other player's last"
                + " proposal. Accepting ends the game: each player scores the value of their share"
                + " under their own values. After %d proposals without an accept the game ends with"
                + " no deal (the last proposal cannot be accepted) and both score 0. Proposals may"
                + " also be written as 'I propose: 1 book, 2 hats, 0 balls' (unnamed types count 0),"
                + " and accepting as 'deal' or 'I agree'.")
            .formatted(tables.maxQuantity, TOTAL_VALUE, maxRounds))
        .build();
  }

  /**
   * Everything that depends on max_quantity alone. A share (books, hats, balls) has the id {@code
   * (books * base + hats) * base + balls} with {@code base = maxQuantity + 1}, for any pool; a pool
   * has the id of the same vector, and player p's values {@code (p + 1) * 10000 + (v0 * 11 + v1) *
   * 11 + v2}, so that every chance outcome id names the same thing in any state.
   */
  private static final class Tables {
    final int maxQuantity;
    final int base;
    final int accept;

    /** The index of a pool among the valid pools, by pool id; -1 for no valid pool. */
    final int[] poolIndexById;

    final List<int[]> poolCounts = new ArrayList<>();
    final List<ChanceOutcome> pools;
    final List<Integer> poolIds;

    /**
     * Per pool and player, at {@code 2 * pool + player}: the chance node of the player's values.
     */
    final List<List<ChanceOutcome>> valuations = new ArrayList<>();

    final List<List<Integer>> valuationIds = new ArrayList<>();

    /** Per pool: the shares that fit it, and the same followed by accept. */
    final List<List<Integer>> openingMoves = new ArrayList<>();

    final List<List<Integer>> laterMoves = new ArrayList<>();

    Tables(int maxQuantity) {
      this.maxQuantity = maxQuantity;
      base = maxQuantity + 1;
      accept = base * base * base;
      poolIndexById = new int[accept];
      Arrays.fill(poolIndexById, -1);
      List<Integer> ids = new ArrayList<>();
      for (int b = 1; b <= maxQuantity; b++) {
        for (int h = 1; h <= maxQuantity; h++) {
          for (int l = 1; l <= maxQuantity; l++) {
            List<Integer> values = valuationsOf(b, h, l);
            if (values.isEmpty()) {
              continue; // no way to make this pool worth TOTAL_VALUE, for example 3 of each
            }
            int id = (b * base + h) * base + l;
            poolIndexById[id] = poolCounts.size();
            poolCounts.add(new int[] {b, h, l});
            ids.add(id);
            for (int p = 0; p < 2; p++) {
              int offset = (p + 1) * VALUES_OFFSET;
              // List.copyOf, not Stream.toList: AbstractState's List.copyOf then shares them.
              valuationIds.add(List.copyOf(values.stream().map(v -> offset + v).toList()));
              valuations.add(
                  List.copyOf(
                      values.stream()
                          .map(v -> new ChanceOutcome(offset + v, 1.0 / values.size()))
                          .toList()));
            }
            List<Integer> shares = new ArrayList<>();
            for (int sb = 0; sb <= b; sb++) {
              for (int sh = 0; sh <= h; sh++) {
                for (int sl = 0; sl <= l; sl++) {
                  shares.add((sb * base + sh) * base + sl);
                }
              }
            }
            openingMoves.add(List.copyOf(shares));
            shares.add(accept);
            laterMoves.add(List.copyOf(shares));
          }
        }
      }
      poolIds = List.copyOf(ids);
      pools = List.copyOf(ids.stream().map(id -> new ChanceOutcome(id, 1.0 / ids.size())).toList());
    }

    /** The value vectors, in base 11, that make the pool worth exactly TOTAL_VALUE. */
    private static List<Integer> valuationsOf(int books, int hats, int balls) {
      List<Integer> ids = new ArrayList<>();
      for (int vb = 0; vb <= TOTAL_VALUE; vb++) {
        for (int vh = 0; vh <= TOTAL_VALUE; vh++) {
          for (int vl = 0; vl <= TOTAL_VALUE; vl++) {
            if (vb * books + vh * hats + vl * balls == TOTAL_VALUE) {
              ids.add((vb * (TOTAL_VALUE + 1) + vh) * (TOTAL_VALUE + 1) + vl);
            }
          }
        }
      }
      return ids;
    }

    int count(int share, int type) {
      return switch (type) {
        case 0 -> share / (base * base);
        case 1 -> share / base % base;
        default -> share % base;
      };
    }
  }

  private record NegotiationGame(Spec spec, int maxRounds, Tables tables, GameFacts facts)
      implements Game {
    @Override
    public GameType type() {
      return TYPE;
    }

    @Override
    public State newInitialState(long seed) {
      return new NegotiationState(this, seed);
    }
  }

  private static final class NegotiationState extends AbstractState {
    private final Tables tables;
    private final int maxRounds;
    private int chanceMoves;
    private int pool = -1;
    private final int[] counts = new int[TYPES];

    /** Player p's value of one unit of type t at {@code p * TYPES + t}. */
    private final int[] values = new int[2 * TYPES];

    private final int[] proposals;
    private int numProposals;
    private boolean accepted;
    private final int observationSize;
    private final int informationSize;

    NegotiationState(NegotiationGame game, long seed) {
      super(game, seed);
      tables = game.tables();
      maxRounds = game.maxRounds();
      proposals = new int[maxRounds];
      observationSize = game.observationTensorShape().getFirst();
      informationSize = game.informationStateTensorShape().getFirst();
    }

    @Override
    protected int playerToMove() {
      return chanceMoves < 3 ? CHANCE : numProposals & 1;
    }

    @Override
    protected boolean ended() {
      return accepted || numProposals == maxRounds;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      if (player != CHANCE) {
        return numProposals == 0 ? tables.openingMoves.get(pool) : tables.laterMoves.get(pool);
      }
      return chanceMoves == 0
          ? tables.poolIds
          : tables.valuationIds.get(2 * pool + chanceMoves - 1);
    }

    @Override
    protected List<ChanceOutcome> chanceDistribution() {
      return chanceMoves == 0 ? tables.pools : tables.valuations.get(2 * pool + chanceMoves - 1);
    }

    @Override
    protected void applyMove(int player, int action) {
      if (player == CHANCE) {
        if (chanceMoves == 0) {
          pool = tables.poolIndexById[action];
          System.arraycopy(tables.poolCounts.get(pool), 0, counts, 0, TYPES);
        } else {
          decodeValues(action % VALUES_OFFSET, values, (chanceMoves - 1) * TYPES);
        }
        chanceMoves++;
        return;
      }
      if (action != tables.accept) {
        proposals[numProposals++] = action;
        return;
      }
      accepted = true;
      int share = proposals[numProposals - 1];
      reward(1 - player, worth(1 - player, share, false));
      reward(player, worth(player, share, true));
    }

    /** What a share (or the rest of the pool, when {@code rest}) is worth to a player. */
    private int worth(int player, int share, boolean rest) {
      int total = 0;
      for (int t = 0; t < TYPES; t++) {
        int count = tables.count(share, t);
        total += values[player * TYPES + t] * (rest ? counts[t] - count : count);
      }
      return total;
    }

    private static void decodeValues(int vector, int[] into, int offset) {
      into[offset] = vector / ((TOTAL_VALUE + 1) * (TOTAL_VALUE + 1));
      into[offset + 1] = vector / (TOTAL_VALUE + 1) % (TOTAL_VALUE + 1);
      into[offset + 2] = vector % (TOTAL_VALUE + 1);
    }

    private static String vector(int[] counts) {
      return "books=" + counts[0] + " hats=" + counts[1] + " balls=" + counts[2];
    }

    private String shareText(int share, boolean rest) {
      int[] split = new int[TYPES];
      for (int t = 0; t < TYPES; t++) {
        split[t] = rest ? counts[t] - tables.count(share, t) : tables.count(share, t);
      }
      return vector(split);
    }

    @Override
    public String actionToString(int player, int action) {
      if (player == CHANCE) {
        if (action >= 0 && action < tables.accept) {
          int[] pool = {tables.count(action, 0), tables.count(action, 1), tables.count(action, 2)};
          return "pool " + vector(pool);
        }
        int owner = action / VALUES_OFFSET - 1;
        if (owner < 0 || owner > 1 || action % VALUES_OFFSET >= VECTORS) {
          throw new IllegalArgumentException("negotiation has no chance outcome " + action);
        }
        int[] v = new int[TYPES];
        decodeValues(action % VALUES_OFFSET, v, 0);
        return playerName(owner) + " values " + vector(v);
      }
      if (action < 0 || action > tables.accept) {
        throw new IllegalArgumentException("negotiation has no action " + action);
      }
      return action == tables.accept ? "accept" : "propose " + shareText(action, false);
    }

    @Override
    public int parseAction(int player, String text) {
      if (player >= 0) {
        String plain = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9=:]+", " ").strip();
        Matcher exact = PROPOSE.matcher(plain);
        int action =
            exact.matches()
                ? share(
                    exact.group(1).charAt(0) - '0',
                    exact.group(2).charAt(0) - '0',
                    exact.group(3).charAt(0) - '0')
                : ACCEPT.matcher(plain).matches() ? tables.accept : shareIn(plain);
        if (action >= 0 && legalActions(player).contains(action)) {
          return action;
        }
      }
      return super.parseAction(player, text);
    }

    /** The share named in free text, or -1 when no one reading names each item type once. */
    private int shareIn(String text) {
      int mentions = 0;
      for (Matcher m = ITEM.matcher(text); m.find(); ) {
        mentions++;
      }
      if (mentions == 0 || mentions > TYPES) {
        return -1;
      }
      for (Pattern reading : new Pattern[] {COUNT_THEN_ITEM, ITEM_THEN_COUNT}) {
        boolean countFirst = reading == COUNT_THEN_ITEM;
        int[] share = new int[TYPES];
        boolean[] named = new boolean[TYPES];
        int found = 0;
        Matcher m = reading.matcher(text);
        while (m.find()) {
          int type = typeOf(m.group(countFirst ? 2 : 1));
          int count = number(m.group(countFirst ? 1 : 2));
          if (named[type] || count > tables.maxQuantity) {
            found = -1;
            break;
          }
          named[type] = true;
          share[type] = count;
          found++;
        }
        if (found == mentions) {
          return share(share[0], share[1], share[2]);
        }
      }
      return -1;
    }

    /** The id of a share, or -1 where a count is above max_quantity. */
    private int share(int books, int hats, int balls) {
      int most = tables.maxQuantity;
      return books > most || hats > most || balls > most
          ? -1
          : (books * tables.base + hats) * tables.base + balls;
    }

    private static int typeOf(String item) {
      return switch (item) {
        case "book" -> 0;
        case "hat" -> 1;
        default -> 2;
      };
    }

    private static int number(String word) {
      return switch (word) {
        case "no", "zero" -> 0;
        case "a", "an", "one" -> 1;
        case "two" -> 2;
        case "three" -> 3;
        case "four" -> 4;
        case "five" -> 5;
        case "six" -> 6;
        case "seven" -> 7;
        case "eight" -> 8;
        case "nine" -> 9;
        case "ten" -> 10;
        default -> word.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(word);
      };
    }

    @Override
    public String render(int player) {
      StringBuilder out = new StringBuilder("Pool: ");
      if (pool < 0) {
        return out.append("not drawn yet.").toString();
      }
      for (int t = 0; t < TYPES; t++) {
        out.append(t == 0 ? "" : ", ")
            .append(counts[t])
            .append(' ')
            .append(counts[t] == 1 ? SINGULARS[t] : PLURALS[t]);
      }
      out.append(".\n");
      boolean showAll = player == CHANCE || isTerminal();
      for (int p = 0; p < 2; p++) {
        out.append(playerName(p)).append(p == player ? " (you)" : "").append(" values: ");
        if (chanceMoves <= p + 1) {
          out.append("not drawn yet");
        } else if (showAll || p == player) {
          for (int t = 0; t < TYPES; t++) {
            out.append(t == 0 ? "" : ", ")
                .append(SINGULARS[t])
                .append(' ')
                .append(values[p * TYPES + t]);
          }
          out.append(" per unit");
        } else {
          out.append("hidden");
        }
        out.append(".\n");
      }
      out.append("Proposals (")
          .append(numProposals)
          .append(" of at most ")
          .append(maxRounds)
          .append("):");
      if (numProposals == 0) {
        out.append(" none");
      }
      for (int i = 0; i < numProposals; i++) {
        int proposer = i & 1;
        out.append("\n  ")
            .append(playerName(proposer))
            .append(" takes ")
            .append(shareText(proposals[i], false))
            .append(", ")
            .append(playerName(1 - proposer))
            .append(" gets ")
            .append(shareText(proposals[i], true));
        if (player >= 0 && chanceMoves == 3) {
          out.append(" (worth ")
              .append(worth(player, proposals[i], player != proposer))
              .append(" to you)");
        }
      }
      if (accepted) {
        double[] returns = returns();
        out.append("\n")
            .append(playerName(numProposals & 1))
            .append(" accepts. Scores: Player 0 ")
            .append((int) returns[0])
            .append(", Player 1 ")
            .append((int) returns[1])
            .append('.');
      } else if (numProposals == maxRounds) {
        out.append("\nNo deal: the proposals ran out. Both score 0.");
      } else if (numProposals == maxRounds - 1) {
        out.append("\nLast turn: a new proposal would end the game with no deal.");
      }
      return out.toString();
    }

    private int putPool(float[] tensor, int offset) {
      if (pool >= 0) {
        for (int t = 0; t < TYPES; t++) {
          tensor[offset + t * tables.base + counts[t]] = 1;
        }
      }
      return offset + TYPES * tables.base;
    }

    private int putValues(float[] tensor, int offset, int player) {
      if (chanceMoves > player + 1) {
        for (int t = 0; t < TYPES; t++) {
          tensor[offset + t * (TOTAL_VALUE + 1) + values[player * TYPES + t]] = 1;
        }
      }
      return offset + TYPES * (TOTAL_VALUE + 1);
    }

    private int putShare(float[] tensor, int offset, int share) {
      for (int t = 0; t < TYPES; t++) {
        tensor[offset + t * tables.base + tables.count(share, t)] = 1;
      }
      return offset + TYPES * tables.base;
    }

    @Override
    public float[] observationTensor(int player) {
      float[] tensor = new float[observationSize];
      boolean over = ended();
      if (!over && chanceMoves == 3) {
        tensor[numProposals & 1] = 1;
      }
      tensor[2] = over ? 1 : 0;
      tensor[3] = accepted ? 1 : 0;
      int offset = putValues(tensor, putPool(tensor, 4), player);
      if (numProposals > 0) {
        putShare(tensor, offset, proposals[numProposals - 1]);
      }
      offset += TYPES * tables.base;
      tensor[offset + numProposals] = 1;
      return tensor;
    }

    @Override
    public String informationStateKey(int player) {
      StringBuilder key = new StringBuilder("seat ").append(player).append(" pool ");
      key.append(pool < 0 ? "-" : tables.poolIds.get(pool)).append(" values");
      if (chanceMoves > player + 1) {
        for (int t = 0; t < TYPES; t++) {
          key.append(' ').append(values[player * TYPES + t]);
        }
      }
      key.append(" proposals");
      for (int i = 0; i < numProposals; i++) {
        key.append(' ').append(proposals[i]);
      }
      return accepted ? key.append(" accept").toString() : key.toString();
    }

    @Override
    public float[] informationStateTensor(int player) {
      float[] tensor = new float[informationSize];
      tensor[player] = 1;
      int offset = putValues(tensor, putPool(tensor, 2), player);
      for (int i = 0; i < numProposals; i++) {
        putShare(tensor, offset + i * TYPES * tables.base, proposals[i]);
      }
      tensor[tensor.length - 1] = accepted ? 1 : 0;
      return tensor;
    }
  }
}
