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
import io.sparring.core.game.TextActions;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word chain, a game of free text: two seats take turns writing a word ({@code say[WORD]}, from no
 * fixed list) that starts with the last letter of the previous word and has not been said. Text
 * that is no such word is a no-op move that scores {@code invalid_reward}. It has no indexed
 * actions and an empty tensor, and copies its states field by field.
 */
public final class WordChain implements GameProvider {
  private static final int MAX_LETTERS = 30;
  private static final Pattern SAY = Pattern.compile("\\s*say\\s*\\[\\s*([a-z]{1," + MAX_LETTERS + "})\\s*]\\s*",
      Pattern.CASE_INSENSITIVE);
  private static final GameType TYPE =
      new GameType(Dynamics.SEQUENTIAL, ChanceMode.DETERMINISTIC, Information.PERFECT, Utility.GENERAL_SUM);
  private static final TextActions.Form SAY_FORM = new TextActions.Form("say[WORD]",
      "a word of letters a-z that starts with the last letter of the previous word and has not been said",
      "say[apple]");

  @Override
  public String name() {
    return "word_chain";
  }

  @Override
  public String description() {
    return "Word chain: write a word that starts with the last letter of the previous one (free text)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.integer("rounds", 3, 1, 20, "words each seat writes"),
        Parameter.real("invalid_reward", -1, "the reward for text that is not a usable word"));
  }

  @Override
  public int conformancePlayouts() {
    return 200; // every turn tries text on copies and replays the texts, quadratic in the length
  }

  @Override
  public Game create(Arguments arguments) {
    int rounds = arguments.getInt("rounds");
    double invalid = arguments.getDouble("invalid_reward");
    if (!Double.isFinite(invalid)) {
      throw new IllegalArgumentException("invalid_reward must be a finite number, got " + invalid);
    }
    String rules = ("Word chain. Two players take turns writing a word as say[WORD], for example"
        + " say[apple]: letters a-z only, at most %d. Each word must start with the last letter of the"
        + " previous word and must not have been said before in this game; any word may start the"
        + " chain. A valid word scores 1. Anything else is a move that does nothing and scores %s;"
        + " the turn passes. The game ends when each player has had %d turns.")
        .formatted(MAX_LETTERS, invalid, rounds);
    GameFacts facts = GameFacts.builder()
        .players(2)
        .distinctActions(0)
        .utility(rounds * Math.min(1, invalid), rounds * Math.max(1, invalid))
        .maxLength(2 * rounds)
        .observationShape(0)
        .rules(rules)
        .textActions(TextActions.noOp(invalid, List.of(SAY_FORM)))
        .build();
    return new WordChainGame(arguments.toSpec(), rounds, facts);
  }

  private record WordChainGame(Spec spec, int rounds, GameFacts facts) implements Game {
    @Override
    public GameType type() {
      return TYPE;
    }

    @Override
    public State newInitialState(long seed) {
      return new WordChainState(this, seed);
    }
  }

  private static final class WordChainState extends AbstractState {
    private final WordChainGame game;
    private final List<String> words;
    private int turns;

    WordChainState(WordChainGame game, long seed) {
      super(game, seed);
      this.game = game;
      this.words = new ArrayList<>();
    }

    private WordChainState(WordChainState other) {
      super(other);
      this.game = other.game;
      this.words = new ArrayList<>(other.words);
      this.turns = other.turns;
    }

    @Override
    protected int playerToMove() {
      return turns % 2;
    }

    @Override
    protected boolean ended() {
      return turns == 2 * game.rounds();
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      return List.of();
    }

    @Override
    protected void applyMove(int player, int action) {
      throw new IllegalStateException("word_chain has no indexed actions");
    }

    @Override
    protected boolean applyTextMove(int player, String text) {
      Matcher said = SAY.matcher(text);
      if (!said.matches()) {
        return false;
      }
      String word = said.group(1).toLowerCase(Locale.ROOT);
      if (words.contains(word) || (!words.isEmpty() && word.charAt(0) != lastLetter())) {
        return false;
      }
      words.add(word);
      turns++;
      reward(player, 1);
      return true;
    }

    @Override
    protected void applyNoOpMove(int player) {
      turns++;
    }

    private char lastLetter() {
      String last = words.getLast();
      return last.charAt(last.length() - 1);
    }

    @Override
    public String actionToString(int player, int action) {
      throw new IllegalArgumentException("word_chain has no indexed actions; write say[WORD]");
    }

    @Override
    public String render(int player) {
      String chain = words.isEmpty()
          ? "No word yet; any word may start the chain."
          : "Words so far: " + String.join(", ", words) + ". The next word starts with '" + lastLetter() + "'.";
      return chain + " Turns taken: " + turns + " of " + 2 * game.rounds() + ".";
    }

    @Override
    public float[] observationTensor(int player) {
      return new float[0];
    }

    @Override
    public State copy() {
      return new WordChainState(this);
    }
  }
}
