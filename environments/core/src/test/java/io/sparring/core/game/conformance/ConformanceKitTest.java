package io.sparring.core.game.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.AbstractState;
import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.EndStatus;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameFacts;
import io.sparring.core.game.Games;
import io.sparring.core.game.GameType;
import io.sparring.core.game.GameType.ChanceMode;
import io.sparring.core.game.GameType.Dynamics;
import io.sparring.core.game.GameType.Information;
import io.sparring.core.game.GameType.Utility;
import io.sparring.core.game.Move;
import io.sparring.core.game.State;
import io.sparring.core.game.TextActions;
import io.sparring.core.spec.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kit catches broken games: each {@link Fault} breaks one rule of an otherwise correct test
 * game, and the kit must fail naming that rule. The correct games (one with chance, one with
 * simultaneous moves) must pass. None of these games is registered, so only this test sees them.
 */
class ConformanceKitTest {
  private static final int PLAYOUTS = 100;
  private static final long SEED = 1L;

  /** One way to break {@link PickGame}, and the rule the kit must then report. */
  enum Fault {
    NONE(null),
    RETURNS_OUTSIDE_BOUNDS(Rule.RETURNS_WITHIN_BOUNDS),
    NOT_ZERO_SUM(Rule.UTILITY_HOLDS),
    UNSORTED_LEGAL_ACTIONS(Rule.LEGAL_ACTIONS_SORTED_IN_RANGE),
    LEGAL_ACTION_OUT_OF_RANGE(Rule.LEGAL_ACTIONS_SORTED_IN_RANGE),
    TENSOR_SHAPE_MISMATCH(Rule.TENSOR_SHAPES),
    NAN_IN_TENSOR(Rule.TENSOR_SHAPES),
    MAX_LENGTH_TOO_SMALL(Rule.LENGTH_WITHIN_MAX),
    NO_LEGAL_ACTIONS_WHILE_RUNNING(Rule.LEGAL_ACTIONS_EMPTY_EXACTLY_AT_END),
    COLLIDING_INFORMATION_STATE_KEY(Rule.INFORMATION_STATE_CONSISTENT),
    EMPTY_MASK(Rule.MASK_MATCHES_LEGAL_ACTIONS),
    AMBIGUOUS_ACTION_NAMES(Rule.ACTION_STRING_PARSES_BACK),
    COPY_FORGETS_HISTORY(Rule.COPY_STAYS_EQUAL),
    DESERIALIZE_FORGETS_MOVES(Rule.SERIALIZATION_ROUND_TRIP),
    FINGERPRINT_OF_THE_OBJECT(Rule.SERIALIZATION_ROUND_TRIP),
    CHANCE_SUMS_BELOW_ONE(Rule.CHANCE_SUMS_TO_ONE),
    CHANCE_OUTCOMES_NOT_LEGAL(Rule.CHANCE_SUMS_TO_ONE),
    RENDER_REORDERS_CHANCE(Rule.SAME_SEED_SAME_GAME),
    SPEC_CREATES_ANOTHER_GAME(Rule.SPEC_ROUND_TRIP),
    // AbstractState makes these final, so a wrapper State breaks them (see TamperedGame).
    REWARDS_NOT_REPORTED(Rule.REWARDS_ADD_UP_TO_RETURNS),
    ILLEGAL_ACTION_IGNORED(Rule.ILLEGAL_ACTION_REJECTED),
    TEXT_WITHOUT_ACTIONS(Rule.OBSERVATION_TEXT_NAMES_LEGAL_ACTIONS),
    // Faults of QuoteGame, a game of text actions.
    EXAMPLE_NEVER_ACCEPTED(Rule.TEXT_ACTIONS),
    REFUSAL_CHANGES_STATE(Rule.TEXT_ACTIONS),
    REAL_COPY_FORGETS_QUOTES(Rule.COPY_STAYS_EQUAL);

    private final Rule rule;

    Fault(Rule rule) {
      this.rule = rule;
    }

    boolean needsWrapper() {
      return this == REWARDS_NOT_REPORTED
          || this == ILLEGAL_ACTION_IGNORED
          || this == TEXT_WITHOUT_ACTIONS;
    }

    Game game() {
      if (compareTo(EXAMPLE_NEVER_ACCEPTED) >= 0) {
        return new QuoteGame(this, this == REFUSAL_CHANGES_STATE
            ? TextActions.Unusable.REFUSE : TextActions.Unusable.NO_OP);
      }
      return needsWrapper() ? new TamperedGame(this) : new PickGame(this);
    }
  }

  // ---- The kit catches each fault ----

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void kitReportsTheBrokenRule(Fault fault) {
    Game game = fault.game();

    AssertionError error =
        assertThrows(AssertionError.class, () -> ConformanceKit.check(game, PLAYOUTS, SEED));

    String message = error.getMessage();
    assertTrue(
        message.startsWith(fault.rule.name() + ": " + fault.rule.description()),
        () -> fault + " should break " + fault.rule + ", got:\n" + message);
  }

  @Test
  void everyRuleIsCaughtByAtLeastOneFault() {
    EnumSet<Rule> caught = EnumSet.noneOf(Rule.class);
    for (Fault fault : Fault.values()) {
      if (fault.rule != null) {
        caught.add(fault.rule);
      }
    }

    assertEquals(EnumSet.allOf(Rule.class), caught);
  }

  @Test
  void failureMessageNamesTheGameAndTheState() {
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () -> ConformanceKit.check(Fault.EMPTY_MASK.game(), PLAYOUTS, SEED));

    List<String> lines = error.getMessage().lines().toList();
    assertEquals("  game: pick_empty_mask", lines.get(1));
    assertTrue(lines.get(2).matches("  state: 1;[0-2]"), lines.get(2)); // seed 1, after the roll
    assertTrue(lines.get(3).startsWith("  seat 0 mask [false, false, false] vs legal [0, 1, 2]"));
  }

  // ---- Correct games pass ----

  @Test
  void correctGameWithChancePasses() {
    ConformanceKit.check(Fault.NONE.game(), PLAYOUTS, SEED);
  }

  @Test
  void correctWrappedGamePasses() {
    // The wrapper alone must not break anything, or the three wrapper faults prove nothing.
    ConformanceKit.check(new TamperedGame(Fault.NONE), PLAYOUTS, SEED);
  }

  @Test
  void correctSimultaneousGamePasses() {
    ConformanceKit.check(new RotatingRps(), PLAYOUTS, SEED);
  }

  // ---- The chance path of AbstractState, on the correct pick game ----

  @Test
  void chanceNodeSamplesByTheDeclaredOdds() {
    Game game = Fault.NONE.game();
    int[] counts = new int[3];
    for (long seed = 0; seed < 4000; seed++) {
      State state = game.newInitialState(seed);
      assertTrue(state.isChanceNode());
      int bonus = state.sampleChanceOutcome();
      assertEquals(bonus, state.copy().sampleChanceOutcome()); // a copy draws the same
      counts[bonus]++;
    }
    // Odds 0.5, 0.25, 0.25 of 4000.
    assertTrue(Math.abs(counts[0] - 2000) < 200, Arrays.toString(counts));
    assertTrue(Math.abs(counts[1] - 1000) < 150, Arrays.toString(counts));
    assertTrue(Math.abs(counts[2] - 1000) < 150, Arrays.toString(counts));
  }

  @Test
  void chanceMoveIsRecordedAndThenSeatsMove() {
    State state = Fault.NONE.game().newInitialState(5);
    state.apply(2);

    assertEquals(List.of(new Move(State.CHANCE, List.of(2))), state.history());
    assertEquals(0, state.currentPlayer());
    assertEquals("5;2", state.serialize());
    assertThrows(IllegalStateException.class, state::chanceOutcomes);
  }

  // ---- The simultaneous path of AbstractState ----

  @Test
  void simultaneousStepNamesItsActors() {
    State state = new RotatingRps().newInitialState(0);

    assertEquals(State.SIMULTANEOUS, state.currentPlayer());
    assertTrue(state.isSimultaneousNode());
    assertEquals(List.of(0, 1), state.actingPlayers());
    assertEquals(List.of(0, 1, 2), state.legalActions(1));
    assertEquals(List.of(), state.legalActions(2)); // sits this round out
    assertTrue(state.observationText(0).contains("Legal actions: rock, paper, scissors."));
    assertTrue(state.observationText(2).contains("Waiting: seats [0, 1] move now."));
  }

  @Test
  void rotatingRpsHasNoChance() {
    State state = new RotatingRps().newInitialState(0);

    assertFalse(state.isChanceNode());
    assertThrows(IllegalStateException.class, state::chanceOutcomes);
  }

  @Test
  void simultaneousStepRejectsSingleActions() {
    State state = new RotatingRps().newInitialState(0);

    IllegalStateException apply = assertThrows(IllegalStateException.class, () -> state.apply(0));
    assertEquals(
        "several seats act now [0, 1]; use applyJoint with one action each", apply.getMessage());
    IllegalStateException legal = assertThrows(IllegalStateException.class, state::legalActions);
    assertEquals(
        "several seats act now [0, 1]; ask legalActions(seat) for each", legal.getMessage());
    assertEquals(List.of(), state.history());
  }

  @Test
  void applyJointChecksCountAndLegality() {
    State state = new RotatingRps().newInitialState(0);

    IllegalArgumentException count =
        assertThrows(IllegalArgumentException.class, () -> state.applyJoint(List.of(0)));
    assertEquals("expected 2 actions, one for each of seats [0, 1], got [0]", count.getMessage());
    IllegalArgumentException illegal =
        assertThrows(IllegalArgumentException.class, () -> state.applyJoint(List.of(0, 3)));
    assertTrue(
        illegal.getMessage().startsWith("action 3 (out of range 0..2) is not legal for Player 1"),
        illegal.getMessage());
    assertEquals("0;", state.serialize());
  }

  @Test
  void jointMovesRewardTheWinnerOfEachRound() {
    State state = new RotatingRps().newInitialState(9);

    state.applyJoint(List.of(1, 0)); // seat 0 paper beats seat 1 rock
    assertArrayEquals(new double[] {1, -1, 0}, state.rewards());
    assertEquals(List.of(1, 2), state.actingPlayers());

    state.applyJoint(List.of(2, 2)); // a tie
    assertArrayEquals(new double[] {0, 0, 0}, state.rewards());
    assertEquals(List.of(0, 2), state.actingPlayers());

    state.applyJoint(List.of(2, 1)); // seat 0 scissors beats seat 2 paper
    assertArrayEquals(new double[] {1, 0, -1}, state.rewards());
    assertArrayEquals(new double[] {2, -1, -1}, state.returns());
    assertEquals(EndStatus.TERMINATED, state.endStatus());
    assertEquals(List.of(), state.actingPlayers());
    assertEquals("9;1+0,2+2,2+1", state.serialize());
    assertEquals(new Move(State.SIMULTANEOUS, List.of(2, 1)), state.history().getLast());
    assertThrows(IllegalArgumentException.class, () -> state.history().getLast().action());

    IllegalStateException after =
        assertThrows(IllegalStateException.class, () -> state.applyJoint(List.of(0, 0)));
    assertEquals("applyJoint is for simultaneous steps; the game is over", after.getMessage());
  }

  @Test
  void simultaneousStatesDeserializeAndCopy() {
    Game game = new RotatingRps();
    State state = game.newInitialState(4);
    state.applyJoint(List.of(0, 2));

    State restored = game.deserializeState(state.serialize());
    assertEquals(state.serialize(), restored.serialize());
    assertArrayEquals(state.returns(), restored.returns());
    State copy = state.copy();
    copy.applyJoint(List.of(1, 1));
    assertEquals("4;0+2", state.serialize());
    assertEquals("4;0+2,1+1", copy.serialize());
  }

  @Test
  void sequentialApplyJointIsRejected() {
    State state = Fault.NONE.game().newInitialState(0);
    state.apply(0);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> state.applyJoint(List.of(0, 1)));
    assertEquals(
        "applyJoint is for simultaneous steps; Player 0 moves now; use apply", e.getMessage());
  }

  // ---- Test games ----

  /**
   * Chance rolls a bonus of 0 (odds 1/2), 1 or 2 (1/4 each); then seats 0, 1, 0 each pick a colour
   * other than the one picked last. Seat 0 wins 1 from seat 1 if the bonus plus the picks is even,
   * else loses 1. Correct unless built with a {@link Fault}.
   */
  static final class PickGame implements Game {
    private static final String[] COLOURS = {"red", "green", "blue"};
    private final Fault fault;

    PickGame(Fault fault) {
      this.fault = fault;
    }

    @Override
    public GameType type() {
      return new GameType(
          Dynamics.SEQUENTIAL, ChanceMode.EXPLICIT, Information.PERFECT, Utility.ZERO_SUM);
    }

    @Override
    public Spec spec() {
      // A registered game's spec makes the kit create that game and compare.
      return fault == Fault.SPEC_CREATES_ANOTHER_GAME
          ? Spec.parse("kuhn_poker(players=3)")
          : Spec.of("pick_" + fault.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public GameFacts facts() {
      return GameFacts.builder()
          .players(2)
          .distinctActions(fault == Fault.LEGAL_ACTION_OUT_OF_RANGE ? 2 : 3)
          .utility(-1, 1)
          .maxLength(fault == Fault.MAX_LENGTH_TOO_SMALL ? 3 : 4) // 3 forgets the chance move
          // Rows: the bonus, then each pick, one-hot over 3.
          .observationShape(fault == Fault.TENSOR_SHAPE_MISMATCH ? new Integer[] {4, 4} : new Integer[] {4, 3})
          .rules("Chance rolls a bonus; seats 0, 1, 0 pick colours; seat 0 wins on an even total.")
          .build();
    }

    @Override
    public State newInitialState(long seed) {
      return new PickState(this, seed);
    }

    @Override
    public State deserializeState(String serialized) {
      if (fault == Fault.DESERIALIZE_FORGETS_MOVES) {
        return newInitialState(Long.parseLong(serialized.substring(0, serialized.indexOf(';'))));
      }
      return Game.super.deserializeState(serialized);
    }
  }

  private static final class PickState extends AbstractState {
    private final PickGame game;
    private final Fault fault;
    private final List<ChanceOutcome> odds =
        new ArrayList<>(
            List.of(
                new ChanceOutcome(0, 0.5), new ChanceOutcome(1, 0.25), new ChanceOutcome(2, 0.25)));
    private final List<Integer> picks = new ArrayList<>();
    private int bonus = -1;

    PickState(PickGame game, long seed) {
      super(game, seed);
      this.game = game;
      this.fault = game.fault;
    }

    @Override
    protected int playerToMove() {
      return bonus < 0 ? CHANCE : picks.size() % 2;
    }

    @Override
    protected boolean ended() {
      return picks.size() == 3;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      if (player == CHANCE) {
        return fault == Fault.CHANCE_OUTCOMES_NOT_LEGAL ? List.of(0, 1) : List.of(0, 1, 2);
      }
      if (fault == Fault.NO_LEGAL_ACTIONS_WHILE_RUNNING && picks.size() == 2) {
        return List.of();
      }
      List<Integer> legal = new ArrayList<>(List.of(0, 1, 2));
      if (!picks.isEmpty()) {
        legal.remove(picks.getLast());
      }
      return fault == Fault.UNSORTED_LEGAL_ACTIONS ? legal.reversed() : legal;
    }

    @Override
    protected List<ChanceOutcome> chanceDistribution() {
      if (fault == Fault.CHANCE_SUMS_BELOW_ONE) {
        return List.of(
            new ChanceOutcome(0, 0.5), new ChanceOutcome(1, 0.25), new ChanceOutcome(2, 0.125));
      }
      return odds;
    }

    @Override
    protected void applyMove(int player, int action) {
      if (player == CHANCE) {
        bonus = action;
        return;
      }
      picks.add(action);
      if (ended()) {
        int total = bonus + picks.stream().mapToInt(Integer::intValue).sum();
        double stake = fault == Fault.RETURNS_OUTSIDE_BOUNDS ? 2 : 1;
        double won = total % 2 == 0 ? stake : -stake;
        reward(0, won);
        reward(1, fault == Fault.NOT_ZERO_SUM ? won : -won);
      }
    }

    @Override
    public String actionToString(int player, int action) {
      if (player == CHANCE) {
        return "bonus " + action;
      }
      return fault == Fault.AMBIGUOUS_ACTION_NAMES ? "colour" : PickGame.COLOURS[action];
    }

    @Override
    public String render(int player) {
      // Shows the odds from least to most likely. The broken version sorts the live list that
      // the sampler draws from, so looking at the state changes what chance draws next.
      List<ChanceOutcome> shown =
          fault == Fault.RENDER_REORDERS_CHANCE ? odds : new ArrayList<>(odds);
      shown.sort(Comparator.comparingDouble(ChanceOutcome::probability));
      return "Bonus: " + (bonus < 0 ? "to roll, odds " + shown : bonus) + ". Picks: " + picks + ".";
    }

    @Override
    public float[] observationTensor(int player) {
      float[] tensor = new float[12];
      if (bonus >= 0) {
        tensor[bonus] = 1;
      }
      for (int i = 0; i < picks.size(); i++) {
        tensor[3 + 3 * i + picks.get(i)] = 1;
      }
      if (fault == Fault.NAN_IN_TENSOR) {
        tensor[0] = Float.NaN;
      }
      return tensor;
    }

    @Override
    public String informationStateKey(int player) {
      return fault == Fault.COLLIDING_INFORMATION_STATE_KEY
          ? "always the same"
          : super.informationStateKey(player);
    }

    @Override
    public boolean[] legalActionMask(int player) {
      return fault == Fault.EMPTY_MASK
          ? new boolean[game.numDistinctActions()]
          : super.legalActionMask(player);
    }

    @Override
    public State copy() {
      return fault == Fault.COPY_FORGETS_HISTORY ? game.newInitialState(seed()) : super.copy();
    }

    @Override
    public long fingerprint() {
      // the broken one hashes the object, not its state, so an equal state has another
      return fault == Fault.FINGERPRINT_OF_THE_OBJECT ? System.identityHashCode(this) : super.fingerprint();
    }
  }

  /** A correct {@link PickGame} behind a State wrapper that breaks what AbstractState guards. */
  static final class TamperedGame implements Game {
    private final Fault fault;
    private final Game inner = new PickGame(Fault.NONE);

    TamperedGame(Fault fault) {
      this.fault = fault;
    }

    @Override
    public GameType type() {
      return inner.type();
    }

    @Override
    public Spec spec() {
      return Spec.of("tampered_" + fault.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public GameFacts facts() {
      return inner.facts();
    }

    @Override
    public State newInitialState(long seed) {
      return new TamperedState(this, inner.newInitialState(seed));
    }
  }

  private static final class TamperedState implements State {
    private final TamperedGame game;
    private final State inner;

    TamperedState(TamperedGame game, State inner) {
      this.game = game;
      this.inner = inner;
    }

    @Override
    public void apply(int action) {
      if (game.fault == Fault.ILLEGAL_ACTION_IGNORED && !inner.legalActions().contains(action)) {
        return; // silently drops the move instead of throwing
      }
      inner.apply(action);
    }

    @Override
    public double[] rewards() {
      // Forgets to report the last move's rewards, though the returns count them.
      return game.fault == Fault.REWARDS_NOT_REPORTED ? new double[2] : inner.rewards();
    }

    @Override
    public String observationText(int player) {
      // The board alone: a reader cannot tell which actions are legal.
      return game.fault == Fault.TEXT_WITHOUT_ACTIONS
          ? inner.render(player)
          : inner.observationText(player);
    }

    @Override
    public State copy() {
      return game.deserializeState(serialize());
    }

    @Override
    public Game game() {
      return game;
    }

    @Override
    public long seed() {
      return inner.seed();
    }

    @Override
    public int currentPlayer() {
      return inner.currentPlayer();
    }

    @Override
    public List<Integer> actingPlayers() {
      return inner.actingPlayers();
    }

    @Override
    public EndStatus endStatus() {
      return inner.endStatus();
    }

    @Override
    public List<Integer> legalActions(int player) {
      return inner.legalActions(player);
    }

    @Override
    public List<Integer> legalActions() {
      return inner.legalActions();
    }

    @Override
    public List<ChanceOutcome> chanceOutcomes() {
      return inner.chanceOutcomes();
    }

    @Override
    public int sampleChanceOutcome() {
      return inner.sampleChanceOutcome();
    }

    @Override
    public void applyJoint(List<Integer> actions) {
      inner.applyJoint(actions);
    }

    @Override
    public double[] returns() {
      return inner.returns();
    }

    @Override
    public List<Move> history() {
      return inner.history();
    }

    @Override
    public String actionToString(int player, int action) {
      return inner.actionToString(player, action);
    }

    @Override
    public int parseAction(int player, String text) {
      return inner.parseAction(player, text);
    }

    @Override
    public String render(int player) {
      return inner.render(player);
    }

    @Override
    public float[] observationTensor(int player) {
      return inner.observationTensor(player);
    }

    @Override
    public String informationStateKey(int player) {
      return inner.informationStateKey(player);
    }

    @Override
    public float[] informationStateTensor(int player) {
      return inner.informationStateTensor(player);
    }
  }

  /**
   * Rock-paper-scissors among three seats for three rounds; in round r seats r and r+1 (mod 3) play
   * at once and the third sits out. A win takes 1 from the loser.
   */
  static final class RotatingRps implements Game {
    static final int ROUNDS = 3;
    private static final String[] NAMES = {"rock", "paper", "scissors"};

    @Override
    public GameType type() {
      return new GameType(
          Dynamics.SIMULTANEOUS, ChanceMode.DETERMINISTIC, Information.IMPERFECT, Utility.ZERO_SUM);
    }

    @Override
    public Spec spec() {
      return Spec.of("rotating_rps");
    }

    @Override
    public GameFacts facts() {
      return GameFacts.builder()
          .players(3)
          .distinctActions(3)
          .utility(-2, 2) // each seat plays two rounds
          .maxLength(ROUNDS)
          .observationShape(ROUNDS, 3, 3) // round, seat, action one-hot
          .rules("Rock-paper-scissors in rotating pairs for three rounds.")
          .build();
    }

    @Override
    public State newInitialState(long seed) {
      return new RpsState(this, seed);
    }
  }

  private static final class RpsState extends AbstractState {
    private final List<List<Integer>> rounds = new ArrayList<>();

    RpsState(RotatingRps game, long seed) {
      super(game, seed);
    }

    @Override
    protected int playerToMove() {
      return SIMULTANEOUS;
    }

    @Override
    protected boolean ended() {
      return rounds.size() == RotatingRps.ROUNDS;
    }

    @Override
    protected List<Integer> simultaneousActors() {
      int first = rounds.size() % 3;
      int second = (first + 1) % 3;
      return List.of(Math.min(first, second), Math.max(first, second));
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      return List.of(0, 1, 2);
    }

    @Override
    protected void applyMove(int player, int action) {
      throw new IllegalStateException("every step is simultaneous"); // apply() never gets here
    }

    @Override
    protected void applyJointMove(List<Integer> actions) {
      List<Integer> seats = simultaneousActors();
      int a = actions.get(0);
      int b = actions.get(1);
      if ((a - b + 3) % 3 == 1) {
        reward(seats.get(0), 1);
        reward(seats.get(1), -1);
      } else if ((b - a + 3) % 3 == 1) {
        reward(seats.get(1), 1);
        reward(seats.get(0), -1);
      }
      rounds.add(actions);
    }

    @Override
    public String actionToString(int player, int action) {
      if (action < 0 || action >= RotatingRps.NAMES.length) {
        throw new IllegalArgumentException("no action " + action);
      }
      return RotatingRps.NAMES[action];
    }

    @Override
    public String render(int player) {
      return "Round "
          + Math.min(rounds.size() + 1, RotatingRps.ROUNDS)
          + " of 3; played: "
          + rounds;
    }

    @Override
    public float[] observationTensor(int player) {
      float[] tensor = new float[RotatingRps.ROUNDS * 9];
      for (int r = 0; r < rounds.size(); r++) {
        int first = r % 3;
        int second = (first + 1) % 3;
        List<Integer> seats = List.of(Math.min(first, second), Math.max(first, second));
        for (int i = 0; i < 2; i++) {
          tensor[r * 9 + seats.get(i) * 3 + rounds.get(r).get(i)] = 1;
        }
      }
      return tensor;
    }
  }

  // ---- Text actions (AbstractState.applyText and the kit's checks of them) ----

  @Test
  void correctTextGamesPass() {
    ConformanceKit.check(new QuoteGame(Fault.NONE, TextActions.Unusable.NO_OP), PLAYOUTS, SEED);
    ConformanceKit.check(new QuoteGame(Fault.NONE, TextActions.Unusable.REFUSE), PLAYOUTS, SEED);
  }

  @Test
  void textOnlyGameWithAnEmptyTensorAndARealCopyPasses() {
    Game wordChain = Games.create("word_chain(rounds=4)");

    assertEquals(0, wordChain.facts().distinctActions());
    assertEquals(List.of(0), wordChain.facts().observationShape());
    ConformanceKit.check(wordChain, PLAYOUTS, SEED);
  }

  @Test
  void textThatNamesALegalActionAppliesThatAction() {
    State state = new QuoteGame(Fault.NONE, TextActions.Unusable.REFUSE).newInitialState(3);

    assertTrue(state.applyText(0, " PASS "));
    assertEquals(new Move(0, List.of(0)), state.history().getLast());
    assertEquals("3;0", state.serialize());
  }

  @Test
  void usedTextIsAMoveInTheHistoryTheSerializationAndCopies() {
    Game game = new QuoteGame(Fault.NONE, TextActions.Unusable.REFUSE);
    State state = game.newInitialState(3);
    String text = "quote[a \"comma\", \\ and ;]";

    assertTrue(state.applyText(0, text));
    state.apply(0);

    assertEquals(List.of(Move.text(0, text), new Move(1, List.of(0))), state.history());
    assertArrayEquals(new double[] {1, 0}, state.returns());
    assertEquals("3;\"quote[a \\\"comma\\\", \\\\ and ;]\",0", state.serialize());
    State restored = game.deserializeState(state.serialize());
    assertEquals(state.history(), restored.history());
    assertEquals(state.render(0), restored.render(0));
    assertEquals(state.history(), state.copy().history());
    assertEquals(state.serialize(), state.copy().serialize());
    assertEquals(state.informationStateKey(1), restored.informationStateKey(1));
    assertThrows(IllegalArgumentException.class, () -> state.history().getFirst().action());
  }

  @Test
  void refusedTextNamesTheFormsAndChangesNothing() {
    State state = new QuoteGame(Fault.NONE, TextActions.Unusable.REFUSE).newInitialState(3);
    state.applyText(0, "quote[hello]");
    String before = state.serialize();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> state.applyText(1, "quote[hello]"));

    assertTrue(e.getMessage().startsWith("'quote[hello]' is not an action Player 1 can take; legal: [0 pass];"
        + " text actions: quote[TEXT] (a text not quoted before; for example quote[hello])"), e.getMessage());
    assertEquals(before, state.serialize());
    assertArrayEquals(new double[] {1, 0}, state.rewards()); // still the last move's
    assertThrows(IllegalArgumentException.class, () -> state.applyText(0, "quote[x]"), "not seat 0's turn");
  }

  @Test
  void unusableTextIsANoOpMoveWithTheDeclaredReward() {
    State state = new QuoteGame(Fault.NONE, TextActions.Unusable.NO_OP).newInitialState(3);
    state.applyText(0, "quote[hello]");

    assertFalse(state.applyText(1, "quote[hello]"));

    assertEquals(Move.text(1, "quote[hello]"), state.history().getLast());
    assertArrayEquals(new double[] {0, -1}, state.rewards());
    assertEquals(0, state.currentPlayer(), "the no-op passes the turn");
    assertEquals("3;\"quote[hello]\",\"quote[hello]\"", state.serialize());
  }

  @Test
  void observationTextListsTheTextForms() {
    State state = new QuoteGame(Fault.NONE, TextActions.Unusable.NO_OP).newInitialState(3);

    assertTrue(state.observationText(0).endsWith("It is your turn. Legal actions: pass. Or write a text action:"
        + " quote[TEXT] (a text not quoted before; for example quote[hello]). Text that cannot be used"
        + " is a move that does nothing and scores -1."), state.observationText(0));
    assertFalse(state.observationText(1).contains("quote[TEXT]"));
  }

  @Test
  void gamesWithoutTextActionsRefuseTextThatNamesNoAction() {
    State state = Fault.NONE.game().newInitialState(5);
    state.apply(2);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> state.applyText(0, "quote[hello]"));
    assertTrue(e.getMessage().startsWith("'quote[hello]' is not a legal action for Player 0"), e.getMessage());
    assertTrue(state.applyText(0, "green"));
    assertEquals("5;2,1", state.serialize());
  }

  @Test
  void textAfterTheEndOrAtChanceIsAnIllegalState() {
    State chance = Fault.NONE.game().newInitialState(5);
    assertThrows(IllegalStateException.class, () -> chance.applyText(0, "red"));
    State state = new QuoteGame(Fault.NONE, TextActions.Unusable.NO_OP).newInitialState(3);
    for (int turn = 0; turn < QuoteGame.TURNS; turn++) {
      state.apply(0);
    }
    assertThrows(IllegalStateException.class, () -> state.applyText(0, "quote[late]"));
  }

  /**
   * Seats 0 and 1 take four turns in all; each turn a seat passes (action 0) or quotes a text not
   * quoted before ({@code quote[TEXT]}) for 1. Unusable text is refused or a no-op scoring -1, as
   * built. Correct unless built with a text {@link Fault}.
   */
  static final class QuoteGame implements Game {
    static final int TURNS = 4;
    private static final java.util.regex.Pattern QUOTE = java.util.regex.Pattern.compile("quote\\[(.+)]");
    private final Fault fault;
    private final GameFacts facts;

    QuoteGame(Fault fault, TextActions.Unusable unusable) {
      this.fault = fault;
      List<TextActions.Form> forms =
          List.of(new TextActions.Form("quote[TEXT]", "a text not quoted before", "quote[hello]"));
      this.facts = GameFacts.builder()
          .players(2)
          .distinctActions(1)
          .utility(-2, 2)
          .maxLength(TURNS)
          .observationShape(0)
          .rules("Pass or quote a new text.")
          .textActions(unusable == TextActions.Unusable.NO_OP ? TextActions.noOp(-1, forms) : TextActions.refusing(forms))
          .build();
    }

    @Override
    public GameFacts facts() {
      return facts;
    }

    @Override
    public GameType type() {
      return new GameType(
          Dynamics.SEQUENTIAL, ChanceMode.DETERMINISTIC, Information.PERFECT, Utility.GENERAL_SUM);
    }

    @Override
    public Spec spec() {
      return Spec.of("quote_" + fault.name().toLowerCase(Locale.ROOT) + "_"
          + facts.textActions().unusable().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public State newInitialState(long seed) {
      return new QuoteState(this, seed);
    }
  }

  private static final class QuoteState extends AbstractState {
    private final QuoteGame game;
    private final Set<String> quoted;
    private final List<String> attempts;
    private int turns;

    QuoteState(QuoteGame game, long seed) {
      super(game, seed);
      this.game = game;
      this.quoted = new HashSet<>();
      this.attempts = new ArrayList<>();
    }

    private QuoteState(QuoteState other) {
      super(other);
      this.game = other.game;
      this.quoted = other.game.fault == Fault.REAL_COPY_FORGETS_QUOTES ? new HashSet<>() : new HashSet<>(other.quoted);
      this.attempts = new ArrayList<>(other.attempts);
      this.turns = other.turns;
    }

    @Override
    protected int playerToMove() {
      return turns % 2;
    }

    @Override
    protected boolean ended() {
      return turns == QuoteGame.TURNS;
    }

    @Override
    protected List<Integer> actionsOf(int player) {
      return List.of(0);
    }

    @Override
    protected void applyMove(int player, int action) {
      turns++;
    }

    @Override
    protected boolean applyTextMove(int player, String text) {
      if (game.fault == Fault.REFUSAL_CHANGES_STATE) {
        attempts.add(text); // before deciding, so a refusal leaves it behind
      }
      java.util.regex.Matcher quote = QuoteGame.QUOTE.matcher(text);
      if (game.fault == Fault.EXAMPLE_NEVER_ACCEPTED || !quote.matches() || !quoted.add(quote.group(1))) {
        return false;
      }
      reward(player, 1);
      turns++;
      return true;
    }

    @Override
    protected void applyNoOpMove(int player) {
      turns++;
    }

    @Override
    public String actionToString(int player, int action) {
      if (action != 0) {
        throw new IllegalArgumentException("no action " + action);
      }
      return "pass";
    }

    @Override
    public String render(int player) {
      // The quotes are not shown: only the futures of a copy that forgets them differ.
      return "Turn " + turns + "; attempts " + attempts;
    }

    @Override
    public float[] observationTensor(int player) {
      return new float[0];
    }

    @Override
    public State copy() {
      return new QuoteState(this);
    }
  }
}
