package io.sparring.core.game;

import io.sparring.core.spec.Spec;
import java.util.List;

/**
 * A game with its parameters fixed: immutable, and a factory of states. Facts declared here are
 * promises the conformance kit checks against every state reached in random play.
 */
public interface Game {

  GameType type();

  /** The canonical spec of this game, every parameter included; {@code Games.create} of it is equal. */
  Spec spec();

  /** The game's facts, declared once by the game; the getters below read them. */
  GameFacts facts();

  default int numPlayers() {
    return facts().players();
  }

  /** Indexed actions are the integers {@code 0 .. numDistinctActions() - 1} (chance excepted). */
  default int numDistinctActions() {
    return facts().distinctActions();
  }

  default double minUtility() {
    return facts().minUtility();
  }

  default double maxUtility() {
    return facts().maxUtility();
  }

  /** The sum of all players' returns for zero-sum (0) and constant-sum games. */
  default double utilitySum() {
    return facts().utilitySum();
  }

  /** The most moves an episode can have, chance moves included. */
  default int maxGameLength() {
    return facts().maxLength();
  }

  /** The shape of {@link State#observationTensor}. */
  default List<Integer> observationTensorShape() {
    return facts().observationShape();
  }

  /** The shape of {@link State#informationStateTensor}. */
  default List<Integer> informationStateTensorShape() {
    return facts().informationStateShape();
  }

  /** The rules in plain words, shown to players (and LLMs) at the start of an episode. */
  default String rules() {
    return facts().rules();
  }

  /**
   * A new episode. The seed drives {@link State#sampleChanceOutcome()}, so the same seed and the same
   * player actions replay the same game.
   */
  State newInitialState(long seed);

  /** The inverse of {@link State#serialize()}. */
  default State deserializeState(String serialized) {
    return StateCodec.decode(this, serialized);
  }
}
