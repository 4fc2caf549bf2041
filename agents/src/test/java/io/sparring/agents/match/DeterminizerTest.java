package io.sparring.agents.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.AbstractState;
import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameFacts;
import io.sparring.core.game.GameType;
import io.sparring.core.game.State;
import io.sparring.core.game.TextActions;
import io.sparring.core.spec.Spec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Worlds of an imperfect-information game whose history holds a text move. */
class DeterminizerTest {
  /** Chance deals seat 0 a hidden letter; seat 0 writes any text; seat 1 guesses the letter. */
  private record HiddenLetter(GameFacts facts) implements Game {
    HiddenLetter() {
      this(GameFacts.builder().players(2).distinctActions(2).utility(-1, 1).maxLength(3).observationShape(0)
          .rules("guess the letter").textActions(TextActions.refusing(List.of(
              new TextActions.Form("say[TEXT]", "say anything", "say[hello]")))).build());
    }

    @Override
    public GameType type() {
      return new GameType(GameType.Dynamics.SEQUENTIAL, GameType.ChanceMode.EXPLICIT,
          GameType.Information.IMPERFECT, GameType.Utility.ZERO_SUM);
    }

    @Override
    public Spec spec() {
      return Spec.of("hidden_letter");
    }

    @Override
    public State newInitialState(long seed) {
      return new Letter(this, seed);
    }
  }

  private static final class Letter extends AbstractState {
    private int letter = -1;
    private String said;
    private boolean guessed;

    Letter(Game game, long seed) {
      super(game, seed);
    }

    @Override
    protected int playerToMove() {
      return letter < 0 ? CHANCE : said == null ? 0 : 1;
    }

    @Override
    protected boolean ended() {
      return guessed;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      return player == CHANCE ? List.of(0, 1) : said == null ? List.of() : List.of(0, 1);
    }

    @Override
    protected List<ChanceOutcome> chanceDistribution() {
      return List.of(new ChanceOutcome(0, 0.5), new ChanceOutcome(1, 0.5));
    }

    @Override
    protected void applyMove(int player, int action) {
      if (player == CHANCE) {
        letter = action;
      } else {
        guessed = true;
        reward(1, action == letter ? 1 : -1);
        reward(0, action == letter ? -1 : 1);
      }
    }

    @Override
    protected boolean applyTextMove(int player, String text) {
      said = text;
      return true;
    }

    @Override
    public String actionToString(int player, int action) {
      return (player == CHANCE ? "deal " : "guess ") + (char) ('a' + action);
    }

    @Override
    public String informationStateKey(int player) {
      return (player == 0 && letter >= 0 ? "letter " + letter : "") + " said " + said + " guessed " + guessed;
    }

    @Override
    public String render(int player) {
      return informationStateKey(player);
    }

    @Override
    public float[] observationTensor(int player) {
      return new float[0];
    }
  }

  @Test
  void theOtherSeatsWorldsReplayTheTextMoveAndVaryTheHiddenLetter() {
    State real = new HiddenLetter().newInitialState(1);
    real.apply(1);
    real.applyText(0, "say[bluff]");
    Set<Integer> letters = new HashSet<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 50; i++) {
      State world = Determinizer.of(real, 1).sample(random);
      assertEquals(real.informationStateKey(1), world.informationStateKey(1));
      assertEquals(1, world.currentPlayer());
      letters.add(world.informationStateKey(0).contains("letter 0") ? 0 : 1);
    }
    assertEquals(Set.of(0, 1), letters, "seat 1 cannot tell the letters apart");
    State own = Determinizer.of(real, 0).sample(random);
    assertTrue(own.informationStateKey(0).startsWith("letter 1"), "seat 0 keeps its own letter");
  }
}
