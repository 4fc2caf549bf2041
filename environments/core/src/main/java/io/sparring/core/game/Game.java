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

  /**
   * The game's facts. Until every game declares them (the layout issue's GameFacts step), they are
   * assembled from the getters below.
   */
  default GameFacts facts() {
    return new GameFacts(numPlayers(), numDistinctActions(), minUtility(), maxUtility(), utilitySum(),
        maxGameLength(), observationTensorShape(), informationStateTensorShape(), rules(),
        TextActions.NONE);
  }

  int numPlayers();

  /** Actions are the integers {@code 0 .. numDistinctActions() - 1} (chance outcomes excepted). */
  int numDistinctActions();

  double minUtility();

  double maxUtility();

  /** The sum of all players' returns for zero-sum (0) and constant-sum games. */
  default double utilitySum() {
    return 0;
  }

  /** The most moves an episode can have, chance moves included. */
  int maxGameLength();

  /** The shape of {@link State#observationTensor}. */
  List<Integer> observationTensorShape();

  /**
   * The shape of {@link State#informationStateTensor}; for perfect-information games the information
   * state is the observation.
   */
  default List<Integer> informationStateTensorShape() {
    return observationTensorShape();
  }

  /** The rules in plain words, shown to players (and LLMs) at the start of an episode. */
  String rules();

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
