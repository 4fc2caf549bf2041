package io.sparring.core.game;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One episode of a game, changed by applying actions. Seats are numbered from 0. Applying an
 * illegal action, or any action after the end, throws and leaves the state unchanged. There is no
 * automatic reset: a finished state stays finished.
 */
public interface State {
  /** {@link #currentPlayer()} at a chance node. */
  int CHANCE = -1;

  /** {@link #currentPlayer()} when several seats act together; see {@link #actingPlayers()}. */
  int SIMULTANEOUS = -2;

  /** {@link #currentPlayer()} once the episode has ended. */
  int TERMINAL = -4;

  Game game();

  /** The seed this episode was created with. */
  long seed();

  /** A seat, {@link #CHANCE}, {@link #SIMULTANEOUS} or {@link #TERMINAL}. */
  int currentPlayer();

  /** The seats that must act now: one, several at a simultaneous step, none at chance or the end. */
  List<Integer> actingPlayers();

  EndStatus endStatus();

  default boolean isTerminal() {
    return endStatus() != EndStatus.RUNNING;
  }

  default boolean isChanceNode() {
    return currentPlayer() == CHANCE;
  }

  default boolean isSimultaneousNode() {
    return currentPlayer() == SIMULTANEOUS;
  }

  /**
   * The legal actions of a seat (or of {@link #CHANCE}), sorted; empty when it is not to act, and
   * in a game that takes only text actions.
   */
  List<Integer> legalActions(int player);

  /** The legal actions of the one player (or chance) to move now; not for simultaneous steps. */
  List<Integer> legalActions();

  /** {@code mask[a]} is true exactly when {@code a} is in {@link #legalActions(int)}. */
  default boolean[] legalActionMask(int player) {
    boolean[] mask = new boolean[game().numDistinctActions()];
    for (int action : legalActions(player)) {
      mask[action] = true;
    }
    return mask;
  }

  /** The outcomes of this chance node with their probabilities, which sum to 1. */
  List<ChanceOutcome> chanceOutcomes();

  /** Draws a chance outcome from a generator seeded by this episode's seed and history. */
  int sampleChanceOutcome();

  /** Applies the action of the one player (or chance) to move. */
  void apply(int action);

  /** Applies one action per acting seat, in the order of {@link #actingPlayers()}. */
  void applyJoint(List<Integer> actions);

  /**
   * Applies a text action of the seat to move. Text that names a legal action ({@link
   * #parseAction}) applies that action. Other text goes to a game that declares text actions
   * ({@link GameFacts#textActions()}); text the game cannot use is refused or, where the game says
   * so, recorded as a no-op move that gives the seat the declared reward and passes the turn as the
   * game defines. A text move is part of the history, the serialized state and copies.
   *
   * @return false when the text became a no-op move, true when it was applied
   * @throws IllegalArgumentException naming the legal actions and text forms when the text is
   *     refused; the state is then unchanged
   * @throws IllegalStateException at the end, at chance or at a simultaneous step
   */
  default boolean applyText(int player, String text) {
    apply(parseAction(player, text));
    return true;
  }

  /** Applies a move as a history records it: an action, a joint action or a seat's text. */
  default void replay(Move move) {
    if (move.isText()) {
      applyText(move.player(), move.text());
    } else if (move.player() == SIMULTANEOUS) {
      applyJoint(move.actions());
    } else {
      apply(move.action());
    }
  }

  /** Each seat's reward from the last move. */
  double[] rewards();

  /** Each seat's rewards summed since the start. */
  double[] returns();

  /** The moves so far, chance and text moves included. */
  List<Move> history();

  /** The action's name as a player sees it, for example {@code X(0,2)} or {@code bet}. */
  String actionToString(int player, int action);

  /**
   * Reads an action a player typed or an LLM wrote: the name from {@link #actionToString} (ignoring
   * case and surrounding spaces) or the action's number.
   *
   * @throws IllegalArgumentException naming the legal actions when the text is not one of them
   */
  int parseAction(int player, String text);

  /** What a seat sees of the state, drawn for a person (a board, a hand, the bets so far). */
  String render(int player);

  /**
   * The observation of a seat as text for an LLM: the rules in its first observation of an episode,
   * then the state as the seat sees it, whose turn it is and the legal actions by name.
   */
  String observationText(int player);

  /** The observation of a seat as a flat tensor of {@link Game#observationTensorShape()}. */
  float[] observationTensor(int player);

  /**
   * A key that is equal for exactly the states a seat cannot tell apart (perfect recall): its own
   * private information plus the public history.
   */
  String informationStateKey(int player);

  /** The information state as a flat tensor of {@link Game#informationStateTensorShape()}. */
  float[] informationStateTensor(int player);

  /** Everything a seat may see, as one value to hand to an agent. */
  default Observation observation(int seat) {
    List<Integer> legal = legalActions(seat);
    return new Observation(
        seat,
        observationText(seat),
        observationTensor(seat),
        legal,
        legal.stream().map(a -> actionToString(seat, a)).toList(),
        legalActionMask(seat));
  }

  /**
   * An independent copy, equal to this state replayed from its history; it and this state stay
   * equal under the same actions.
   */
  State copy();

  /** A compact string that {@link Game#deserializeState} turns back into an equal state. */
  default String serialize() {
    return StateCodec.encode(this);
  }

  /**
   * A 64-bit hash of the state, equal for equal states, that a match record keeps every so often
   * so a replay can check it reached the same state. This one hashes {@link #serialize()}: the seed
   * and the moves, which fix the whole state of a game whose rules are exact. A game whose state is
   * physical (bodies, floats) overrides it to hash its bodies' exact state (the bits of every
   * position and velocity), so that a replay on another binary or platform whose arithmetic drifts
   * is caught at the first recorded hash it misses, not when the drift finally changes a move.
   */
  default long fingerprint() {
    return Hashing.farmHashFingerprint64().hashString(serialize(), StandardCharsets.UTF_8).asLong();
  }
}
