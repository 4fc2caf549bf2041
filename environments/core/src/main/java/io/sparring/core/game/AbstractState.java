package io.sparring.core.game;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The base of a game's state. It owns what every game shares: the history, rewards and returns, the
 * legality checks (with messages that name the state and the legal actions), the seeded chance
 * sampler, action parsing, text actions, observation text and copying. A game supplies the rules
 * through the abstract methods and reports rewards with {@link #reward}; a game that declares text
 * actions reads them in {@link #applyTextMove}.
 */
public abstract class AbstractState implements State {
  private final Game game;
  private final long seed;
  // The history as parallel arrays: no object per move on the hot path of playouts and search.
  private int[] movePlayers = new int[16];
  private int[] moveActions = new int[16];
  private int moveCount;
  private final List<List<Integer>> jointActions = new ArrayList<>();
  // A text move stores the index of its text in moveActions and is marked here.
  private final BitSet textMoves = new BitSet();
  private final List<String> texts = new ArrayList<>();
  private final double[] rewards;
  private final double[] returns;

  protected AbstractState(Game game, long seed) {
    this.game = game;
    this.seed = seed;
    this.rewards = new double[game.numPlayers()];
    this.returns = new double[game.numPlayers()];
  }

  /**
   * A copy of another state's game, seed, history, rewards and returns, for a game whose {@link
   * #copy()} copies its own fields rather than replaying the history.
   */
  protected AbstractState(AbstractState other) {
    this.game = other.game;
    this.seed = other.seed;
    this.movePlayers = other.movePlayers.clone();
    this.moveActions = other.moveActions.clone();
    this.moveCount = other.moveCount;
    this.jointActions.addAll(other.jointActions); // the joint actions are immutable lists
    this.textMoves.or(other.textMoves);
    this.texts.addAll(other.texts);
    this.rewards = other.rewards.clone();
    this.returns = other.returns.clone();
  }

  // ---- What a game defines ----

  /** The seat to move, {@link #CHANCE} or {@link #SIMULTANEOUS}; only asked while running. */
  protected abstract int playerToMove();

  /** Whether the rules have ended the episode. */
  protected abstract boolean ended();

  /**
   * The sorted legal actions of an acting seat, or the outcomes at a chance node, as a new list (or
   * an immutable one) that callers may keep.
   */
  protected abstract List<Integer> actionsOf(int player);

  /**
   * Whether an acting seat (or chance) may take an action now. The default searches {@link
   * #actionsOf}; games override it when they can answer faster, and it must agree with that list.
   */
  protected boolean isLegal(int player, int action) {
    return actionsOf(player).contains(action);
  }

  /** Applies a legal action of one seat or of chance, calling {@link #reward} for any rewards. */
  protected abstract void applyMove(int player, int action);

  /** The distribution at a chance node; games with chance override this. */
  protected List<ChanceOutcome> chanceDistribution() {
    throw new IllegalStateException("game " + game.spec() + " has no chance nodes");
  }

  /** Applies one legal action per acting seat; simultaneous games override this. */
  protected void applyJointMove(List<Integer> actions) {
    throw new IllegalStateException("game " + game.spec() + " has no simultaneous moves");
  }

  /**
   * Applies a text action of the seat to move, for games that declare text actions: returns false,
   * having changed nothing, when the game cannot use the text; else applies it (calling {@link
   * #reward} for any rewards) and returns true. The move is already in the history when this runs.
   * Only asked for text that names no legal action.
   */
  protected boolean applyTextMove(int player, String text) {
    return false;
  }

  /**
   * Passes the turn after unusable text became a no-op move (in games whose {@link
   * TextActions#unusable()} is {@code NO_OP}); the seat already has the no-op reward. By default
   * nothing changes but the history.
   */
  protected void applyNoOpMove(int player) {}

  /** The seats acting at a simultaneous step; by default all of them. */
  protected List<Integer> simultaneousActors() {
    List<Integer> all = new ArrayList<>();
    for (int p = 0; p < game.numPlayers(); p++) {
      all.add(p);
    }
    return all;
  }

  /** Gives a seat a reward for the move being applied. */
  protected final void reward(int player, double value) {
    rewards[player] += value;
    returns[player] += value;
  }

  /** How a seat is called in texts; games may add a mark, for example {@code Player 0 (X)}. */
  protected String playerName(int player) {
    return player == CHANCE ? "Chance" : "Player " + player;
  }

  // ---- Shared behaviour ----

  @Override
  public final Game game() {
    return game;
  }

  @Override
  public final long seed() {
    return seed;
  }

  @Override
  public final int currentPlayer() {
    return ended() ? TERMINAL : playerToMove();
  }

  @Override
  public final List<Integer> actingPlayers() {
    int player = currentPlayer();
    if (player == SIMULTANEOUS) {
      return List.copyOf(simultaneousActors());
    }
    return player >= 0 ? List.of(player) : List.of();
  }

  @Override
  public EndStatus endStatus() {
    return ended() ? EndStatus.TERMINATED : EndStatus.RUNNING;
  }

  @Override
  public final List<Integer> legalActions(int player) {
    return isActing(player) ? Collections.unmodifiableList(actionsOf(player)) : List.of();
  }

  private boolean isActing(int player) {
    int current = currentPlayer();
    if (current == SIMULTANEOUS) {
      return player >= 0 && simultaneousActors().contains(player);
    }
    return current != TERMINAL && player == current;
  }

  @Override
  public final List<Integer> legalActions() {
    int current = currentPlayer();
    if (current == SIMULTANEOUS) {
      throw new IllegalStateException(
          "several seats act now " + actingPlayers() + "; ask legalActions(seat) for each");
    }
    return current == TERMINAL ? List.of() : legalActions(current);
  }

  @Override
  public final List<ChanceOutcome> chanceOutcomes() {
    if (currentPlayer() != CHANCE) {
      throw new IllegalStateException("not a chance node; " + whoMoves() + "\n" + render(CHANCE));
    }
    return List.copyOf(chanceDistribution());
  }

  @Override
  public final int sampleChanceOutcome() {
    // A fresh generator per move keeps sampling a function of (seed, history), so copies,
    // deserialized states and replays draw the same outcomes.
    long mixed = Seeds.start(seed, moveCount * 0xBF58476D1CE4E5B9L);
    return ChanceOutcome.sample(chanceOutcomes(), new SplittableRandom(mixed));
  }

  @Override
  public final void apply(int action) {
    int player = currentPlayer();
    if (player == TERMINAL) {
      throw new IllegalStateException(
          "the game is over; no action can be applied (got %s)\n%s"
              .formatted(describeAction(CHANCE, action), render(CHANCE)));
    }
    if (player == SIMULTANEOUS) {
      throw new IllegalStateException(
          "several seats act now " + actingPlayers() + "; use applyJoint with one action each");
    }
    checkLegal(player, action);
    Arrays.fill(rewards, 0);
    record(player, action);
    applyMove(player, action);
  }

  @Override
  public final void applyJoint(List<Integer> actions) {
    int player = currentPlayer();
    if (player != SIMULTANEOUS) {
      throw new IllegalStateException(
          "applyJoint is for simultaneous steps; " + whoMoves() + (player == TERMINAL ? "" : "; use apply"));
    }
    List<Integer> actors = actingPlayers();
    if (actions.size() != actors.size()) {
      throw new IllegalArgumentException(
          "expected %d actions, one for each of seats %s, got %s".formatted(actors.size(), actors, actions));
    }
    for (int i = 0; i < actors.size(); i++) {
      checkLegal(actors.get(i), actions.get(i));
    }
    Arrays.fill(rewards, 0);
    List<Integer> joint = List.copyOf(actions);
    record(SIMULTANEOUS, jointActions.size());
    jointActions.add(joint);
    applyJointMove(joint);
  }

  @Override
  public final boolean applyText(int player, String text) {
    int current = currentPlayer();
    if (current == TERMINAL || current == CHANCE || current == SIMULTANEOUS) {
      throw new IllegalStateException(
          "a text action is for the one seat to move; %s (got '%s')".formatted(whoMoves(), text));
    }
    if (player != current) {
      throw new IllegalArgumentException(
          "%s is not to move; %s (got '%s')".formatted(playerName(player), whoMoves(), text));
    }
    TextActions accepted = game.facts().textActions();
    int named;
    try {
      named = parseAction(player, text);
    } catch (IllegalArgumentException notNamed) {
      if (!accepted.accepted()) {
        throw notNamed;
      }
      named = -1;
    }
    if (named >= 0) {
      apply(named);
      return true;
    }
    double[] before = rewards.clone();
    Arrays.fill(rewards, 0);
    textMoves.set(moveCount);
    record(player, texts.size());
    texts.add(text);
    if (applyTextMove(player, text)) {
      return true;
    }
    if (accepted.unusable() == TextActions.Unusable.NO_OP) {
      reward(player, accepted.noOpReward());
      applyNoOpMove(player);
      return false;
    }
    moveCount--;
    textMoves.clear(moveCount);
    texts.removeLast();
    System.arraycopy(before, 0, rewards, 0, rewards.length);
    throw new IllegalArgumentException(
        "'%s' is not an action %s can take; legal: %s; text actions: %s\n%s"
            .formatted(text.strip(), playerName(player), namesOf(player, legalActions(player)),
                formsOf(accepted), render(player)));
  }

  private static String formsOf(TextActions accepted) {
    return accepted.forms().stream()
        .map(f -> "%s (%s; for example %s)".formatted(f.pattern(), f.description(), f.example()))
        .collect(Collectors.joining(", "));
  }

  private void record(int player, int action) {
    if (moveCount == movePlayers.length) {
      movePlayers = Arrays.copyOf(movePlayers, 2 * moveCount);
      moveActions = Arrays.copyOf(moveActions, 2 * moveCount);
    }
    movePlayers[moveCount] = player;
    moveActions[moveCount] = action;
    moveCount++;
  }

  private void checkLegal(int player, int action) {
    if (!isActing(player) || !isLegal(player, action)) {
      List<Integer> legal = legalActions(player);
      throw new IllegalArgumentException(
          "action %s is not legal for %s; legal: %s\n%s"
              .formatted(
                  describeAction(player, action),
                  playerName(player),
                  namesOf(player, legal),
                  render(player)));
    }
  }

  private String describeAction(int player, int action) {
    if (player != CHANCE && (action < 0 || action >= game.numDistinctActions())) {
      return action + " (out of range 0.." + (game.numDistinctActions() - 1) + ")";
    }
    try {
      return action + " (" + actionToString(player, action) + ")";
    } catch (RuntimeException e) {
      return String.valueOf(action);
    }
  }

  private String namesOf(int player, List<Integer> actions) {
    return actions.stream()
        .map(a -> a + " " + actionToString(player, a))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private String whoMoves() {
    return switch (currentPlayer()) {
      case TERMINAL -> "the game is over";
      case CHANCE -> "chance moves now";
      case SIMULTANEOUS -> "seats " + actingPlayers() + " move now";
      default -> playerName(currentPlayer()) + " moves now";
    };
  }

  @Override
  public final double[] rewards() {
    return rewards.clone();
  }

  @Override
  public final double[] returns() {
    return returns.clone();
  }

  @Override
  public final List<Move> history() {
    List<Move> history = new ArrayList<>(moveCount);
    for (int i = 0; i < moveCount; i++) {
      history.add(moveAt(i));
    }
    return Collections.unmodifiableList(history);
  }

  private Move moveAt(int i) {
    int player = movePlayers[i];
    if (textMoves.get(i)) {
      return Move.text(player, texts.get(moveActions[i]));
    }
    return player == SIMULTANEOUS
        ? new Move(player, jointActions.get(moveActions[i]))
        : new Move(player, List.of(moveActions[i]));
  }

  /** The number of moves so far, chance included. */
  protected final int moveCount() {
    return moveCount;
  }

  @Override
  public int parseAction(int player, String text) {
    String wanted = text.strip();
    List<Integer> legal = legalActions(player);
    for (int action : legal) {
      if (actionToString(player, action).equalsIgnoreCase(wanted)) {
        return action;
      }
    }
    try {
      int number = Integer.parseInt(wanted);
      if (legal.contains(number)) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(
        "'%s' is not a legal action for %s; legal: %s"
            .formatted(wanted, playerName(player), namesOf(player, legal)));
  }

  @Override
  public final String observationText(int player) {
    StringBuilder text = new StringBuilder();
    boolean firstObservation = true;
    for (int i = 0; i < moveCount && firstObservation; i++) {
      firstObservation = movePlayers[i] != player && movePlayers[i] != SIMULTANEOUS;
    }
    if (firstObservation) {
      text.append("Rules: ").append(game.rules()).append("\n\n");
    }
    text.append("You are ").append(playerName(player)).append(".\n");
    text.append(render(player)).append('\n');
    if (isTerminal()) {
      text.append("The game is over. Your return: ").append(signed(returns[player])).append('.');
    } else if (actingPlayers().contains(player)) {
      List<Integer> legal = legalActions(player);
      TextActions accepted = game.facts().textActions();
      text.append("It is your turn.");
      if (!legal.isEmpty()) {
        text.append(" Legal actions: ")
            .append(legal.stream().map(a -> actionToString(player, a)).collect(Collectors.joining(", ")))
            .append('.');
      }
      if (accepted.accepted() && !isSimultaneousNode()) {
        text.append(legal.isEmpty() ? " Write a text action: " : " Or write a text action: ")
            .append(formsOf(accepted))
            .append('.');
        if (accepted.unusable() == TextActions.Unusable.NO_OP) {
          text.append(" Text that cannot be used is a move that does nothing and scores ")
              .append(signed(accepted.noOpReward()))
              .append('.');
        }
      }
    } else {
      text.append("Waiting: ").append(whoMoves()).append('.');
    }
    return text.toString();
  }

  private static String signed(double value) {
    return new DecimalFormat("+0.###;-0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
  }

  @Override
  public String informationStateKey(int player) {
    // Perfect information: the whole history is public, and the seed is not part of what one sees.
    return StateCodec.encodeMoves(this);
  }

  @Override
  public float[] informationStateTensor(int player) {
    return observationTensor(player);
  }

  /**
   * Replays the history on a new initial state, which is correct for every game; games whose
   * states are cheap to copy field by field, or whose moves are costly to replay, may override
   * this with a real copy built on {@link #AbstractState(AbstractState)}.
   */
  @Override
  public State copy() {
    State copy = game.newInitialState(seed);
    for (int i = 0; i < moveCount; i++) {
      copy.replay(moveAt(i));
    }
    return copy;
  }

  @Override
  public String toString() {
    return game.spec() + " " + serialize();
  }
}
