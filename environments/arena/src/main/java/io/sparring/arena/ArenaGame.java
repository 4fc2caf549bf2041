package io.sparring.arena;

import io.sparring.core.game.Game;
import io.sparring.core.game.GameFacts;
import io.sparring.core.game.GameType;
import io.sparring.core.game.State;
import io.sparring.core.spec.Spec;

/** An arena with its mode and settings fixed; each state owns its own Box2D world. */
record ArenaGame(Spec spec, GameFacts facts, GameType type, Mode mode, int seconds, int decisionSteps, int grid,
    double killReward, double progressReward) implements Game {

  int physicsSteps() {
    return seconds * Physics.HZ;
  }

  /** The name of the fourth motor branch: a shot in a skirmish, a kick elsewhere. */
  String actWord() {
    return mode == Mode.SKIRMISH ? "fire" : "kick";
  }

  @Override
  public State newInitialState(long seed) {
    return new ArenaState(this, seed);
  }
}
