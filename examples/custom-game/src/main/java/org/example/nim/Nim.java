package org.example.nim;

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
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * Nim: heaps of 1, 3, 5, ... objects; players take turns removing any number (at least one) from
 * one heap; whoever takes the last object wins. The whole game is this class plus one line in
 * META-INF/services/io.sparring.core.game.GameProvider.
 */
public final class Nim implements GameProvider {
  private static final GameType TYPE =
      new GameType(Dynamics.SEQUENTIAL, ChanceMode.DETERMINISTIC, Information.PERFECT, Utility.ZERO_SUM);

  @Override
  public String name() {
    return "nim";
  }

  @Override
  public String description() {
    return "Nim with heaps of 1, 3, 5, ...; taking the last object wins (example game)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.integer("heaps", 3, 1, 5, "number of heaps"));
  }

  @Override
  public Game create(Arguments arguments) {
    int heaps = arguments.getInt("heaps");
    return new NimGame(arguments.toSpec(), heaps, facts(heaps));
  }

  /** What the game promises once; the conformance kit checks every state against it. */
  private static GameFacts facts(int heaps) {
    return GameFacts.builder()
        .players(2)
        .distinctActions(heaps * largest(heaps))
        .utility(-1, 1)
        .maxLength(heaps * heaps) // one object per move at most: 1 + 3 + ... + (2h - 1) = h²
        .observationShape(heaps) // objects left on each heap
        .rules("Nim. There are " + heaps + " heaps of objects. Players take turns removing one or"
            + " more objects from a single heap. The player who takes the last object wins (+1).")
        .build();
  }

  /** The largest heap, which starts with 2 * heaps - 1 objects. */
  private static int largest(int heaps) {
    return 2 * heaps - 1;
  }

  /** An action takes {@code take} objects from {@code heap}: {@code heap * largest + take - 1}. */
  private record NimGame(Spec spec, int heaps, GameFacts facts) implements Game {
    int largest() {
      return Nim.largest(heaps);
    }

    @Override
    public GameType type() {
      return TYPE;
    }

    @Override
    public State newInitialState(long seed) {
      return new NimState(this, seed);
    }
  }

  private static final class NimState extends AbstractState {
    private final NimGame game;
    private final int[] heaps;
    private int moves;

    NimState(NimGame game, long seed) {
      super(game, seed);
      this.game = game;
      heaps = new int[game.heaps()];
      for (int i = 0; i < heaps.length; i++) {
        heaps[i] = 2 * i + 1;
      }
    }

    @Override
    protected int playerToMove() {
      return moves % 2;
    }

    @Override
    protected boolean ended() {
      for (int heap : heaps) {
        if (heap > 0) {
          return false;
        }
      }
      return true;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      List<Integer> actions = new ArrayList<>();
      for (int heap = 0; heap < heaps.length; heap++) {
        for (int take = 1; take <= heaps[heap]; take++) {
          actions.add(heap * game.largest() + take - 1);
        }
      }
      return actions;
    }

    @Override
    protected void applyMove(int player, int action) {
      heaps[action / game.largest()] -= action % game.largest() + 1;
      moves++;
      if (ended()) {
        reward(player, 1);
        reward(1 - player, -1);
      }
    }

    @Override
    public String actionToString(int player, int action) {
      return "take " + (action % game.largest() + 1) + " from heap " + action / game.largest();
    }

    @Override
    public String render(int player) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < heaps.length; i++) {
        out.append("heap ").append(i).append(": ").append("|".repeat(heaps[i]))
            .append(" (").append(heaps[i]).append(")\n");
      }
      return out.append(ended() ? "All heaps are empty." : "Player " + moves % 2 + " to move.")
          .toString();
    }

    @Override
    public float[] observationTensor(int player) {
      float[] tensor = new float[heaps.length];
      for (int i = 0; i < heaps.length; i++) {
        tensor[i] = heaps[i];
      }
      return tensor;
    }
  }
}
