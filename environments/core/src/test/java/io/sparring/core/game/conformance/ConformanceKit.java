package io.sparring.core.game.conformance;

import io.sparring.core.game.ChanceOutcome;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Games;
import io.sparring.core.game.Move;
import io.sparring.core.game.State;
import io.sparring.core.game.TextActions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Checks a game against every {@link Rule} at each step of seeded random playouts. A broken rule
 * throws an {@link AssertionError} whose message starts with the rule's name, then the game, the
 * state and what differed.
 *
 * <p>A game that declares text actions is also played by text: each form's example and a text no
 * game can use (which the game must refuse, leaving the state unchanged, or take as a no-op move
 * with the declared reward) are tried at every turn, and the random playouts mix them with the
 * legal actions. Each form's example must be accepted somewhere in the playouts. A game of text
 * actions only whose examples are all refused in a state stops the kit there.
 */
public final class ConformanceKit {
  private static final double EPSILON = 1e-9;
  /** Text that no game can use: quotes, a backslash and a comma test the serialization too. */
  static final String UNUSABLE_TEXT = "no such action, \"kit\" \\ ;";

  private final Game game;
  private final TextActions textActions;
  private final Map<String, String> informationStates = new HashMap<>();
  private final Set<TextActions.Form> acceptedForms = new HashSet<>();

  private ConformanceKit(Game game) {
    this.game = game;
    this.textActions = game.facts().textActions();
  }

  /** Runs {@code playouts} random playouts, seeded {@code seed, seed + 1, ...}, checking every step. */
  public static void check(Game game, int playouts, long seed) {
    ConformanceKit kit = new ConformanceKit(game);
    kit.checkSpecRoundTrip();
    for (int i = 0; i < playouts; i++) {
      State first = kit.playout(seed + i);
      State again = kit.replayWithoutChecks(seed + i);
      kit.require(
          first.serialize().equals(again.serialize())
              && Arrays.equals(first.returns(), again.returns()),
          Rule.SAME_SEED_SAME_GAME,
          first,
          "replay ended as " + again.serialize());
    }
    for (TextActions.Form form : kit.textActions.forms()) {
      kit.require(kit.acceptedForms.contains(form), Rule.TEXT_ACTIONS, null,
          "the example '%s' of form %s was never accepted in %d playouts"
              .formatted(form.example(), form.pattern(), playouts));
    }
  }

  private void checkSpecRoundTrip() {
    if (!Games.registry().providers().stream().anyMatch(p -> p.name().equals(game.spec().name()))) {
      return; // a game made directly in a test, not through the registry
    }
    Game again = Games.create(game.spec().toString());
    require(
        again.spec().equals(game.spec()) && again.numPlayers() == game.numPlayers(),
        Rule.SPEC_ROUND_TRIP,
        null,
        "created " + again.spec() + " from " + game.spec());
  }

  private State playout(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SplittableRandom probes = new SplittableRandom(~seed); // apart, so replays make the same moves
    State state = game.newInitialState(seed);
    double[] summedRewards = new double[game.numPlayers()];
    int length = 0;
    // Copies and replays kept from some steps to the end: their futures must stay equal too.
    List<State[]> kept = new ArrayList<>();
    while (true) {
      checkState(state);
      if (state.isTerminal()) {
        break;
      }
      checkIllegalRejected(state, probes);
      checkTextActions(state);
      State copy = state.copy();
      if (probes.nextInt(8) == 0) {
        State replayed = replayOf(state);
        require(sameState(state, copy) && sameState(state, replayed), Rule.COPY_STAYS_EQUAL, state,
            "copy is " + copy.serialize() + ", replay is " + replayed.serialize());
        kept.add(new State[] {state.copy(), replayed});
      }
      applyRandom(state, random);
      Move move = state.history().getLast();
      copy.replay(move);
      require(
          sameState(state, copy), Rule.COPY_STAYS_EQUAL, state, "copy became " + copy.serialize());
      for (State[] pair : kept) {
        pair[0].replay(move);
        pair[1].replay(move);
      }
      length++;
      require(length <= game.maxGameLength(), Rule.LENGTH_WITHIN_MAX, state,
          "length " + length + " > max " + game.maxGameLength());
      double[] rewards = state.rewards();
      for (int p = 0; p < summedRewards.length; p++) {
        summedRewards[p] += rewards[p];
      }
      require(close(summedRewards, state.returns()), Rule.REWARDS_ADD_UP_TO_RETURNS, state,
          "rewards sum to " + Arrays.toString(summedRewards) + ", returns "
              + Arrays.toString(state.returns()));
    }
    for (State[] pair : kept) {
      require(sameState(state, pair[0]) && sameState(state, pair[1]), Rule.COPY_STAYS_EQUAL, state,
          "a copy and a replay kept from an earlier step ended as " + pair[0].serialize() + " and "
              + pair[1].serialize());
    }
    checkEnd(state);
    return state;
  }

  private State replayOf(State state) {
    State replayed = game.newInitialState(state.seed());
    state.history().forEach(replayed::replay);
    return replayed;
  }

  private State replayWithoutChecks(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    State state = game.newInitialState(seed);
    while (!state.isTerminal()) {
      applyRandom(state, random);
    }
    return state;
  }

  /**
   * Applies chance by the state's own sampler, else random legal actions; in a game of text actions
   * the seat to move also draws from the forms' examples and (for no-op games) unusable text.
   */
  private void applyRandom(State state, SplittableRandom random) {
    if (state.isChanceNode()) {
      state.apply(state.sampleChanceOutcome());
    } else if (state.isSimultaneousNode()) {
      List<Integer> joint = new ArrayList<>();
      for (int seat : state.actingPlayers()) {
        List<Integer> legal = state.legalActions(seat);
        joint.add(legal.get(random.nextInt(legal.size())));
      }
      state.applyJoint(joint);
    } else if (!textActions.accepted()) {
      List<Integer> legal = state.legalActions();
      state.apply(legal.get(random.nextInt(legal.size())));
    } else {
      applyRandomText(state, random);
    }
  }

  private void applyRandomText(State state, SplittableRandom random) {
    int seat = state.currentPlayer();
    List<Integer> legal = state.legalActions(seat);
    List<String> texts = new ArrayList<>(textActions.forms().stream().map(TextActions.Form::example).toList());
    if (textActions.unusable() == TextActions.Unusable.NO_OP) {
      texts.add(UNUSABLE_TEXT);
    }
    while (true) {
      int choice = random.nextInt(legal.size() + texts.size());
      if (choice < legal.size()) {
        state.apply(legal.get(choice));
        return;
      }
      String text = texts.remove(choice - legal.size());
      try {
        state.applyText(seat, text);
        return;
      } catch (IllegalArgumentException refused) {
        require(!texts.isEmpty() || !legal.isEmpty(), Rule.TEXT_ACTIONS, state,
            "seat " + seat + " has no legal action and refuses every example, so the kit cannot play on");
      }
    }
  }

  /**
   * At a seat's turn in a game of text actions: each form's example and an unusable text, on copies.
   * Accepted text makes a move that survives serialization and copying; unusable text is refused
   * without a change, or becomes a no-op move that gives the seat the declared reward.
   */
  private void checkTextActions(State state) {
    if (!textActions.accepted() || state.isChanceNode() || state.isSimultaneousNode()) {
      return;
    }
    int seat = state.currentPlayer();
    for (TextActions.Form form : textActions.forms()) {
      if (applyTextOnCopy(state, seat, form.example())) {
        acceptedForms.add(form);
      }
    }
    applyTextOnCopy(state, seat, UNUSABLE_TEXT);
  }

  /** Whether the game used the text; checks what a refusal or a no-op did. */
  private boolean applyTextOnCopy(State state, int seat, String text) {
    State probe = state.copy();
    boolean used;
    try {
      used = probe.applyText(seat, text);
    } catch (IllegalArgumentException refused) {
      boolean namesForms = textActions.forms().stream().allMatch(f -> refused.getMessage().contains(f.pattern()));
      require(textActions.unusable() == TextActions.Unusable.REFUSE && sameState(state, probe) && namesForms,
          Rule.TEXT_ACTIONS, state,
          "refusing '%s' (%s) %s: %s".formatted(text, textActions.unusable(),
              namesForms ? "changed the state" : "did not name the text forms", refused.getMessage()));
      return false;
    }
    Move last = probe.history().getLast();
    if (!used) {
      double[] expected = state.returns();
      expected[seat] += textActions.noOpReward();
      double[] rewards = probe.rewards();
      // A no-op that ends the game may bring the game's final rewards with it.
      boolean rewarded = probe.isTerminal() || close(expected, probe.returns())
          && rewards[seat] == textActions.noOpReward()
          && Arrays.stream(rewards).filter(r -> r != 0).count() <= 1;
      require(textActions.unusable() == TextActions.Unusable.NO_OP && rewarded
              && last.equals(Move.text(seat, text)), Rule.TEXT_ACTIONS, state,
          "'%s' became a no-op move %s with rewards %s; declared %s with reward %s".formatted(text, last,
              Arrays.toString(rewards), textActions.unusable(), textActions.noOpReward()));
    }
    State restored = game.deserializeState(probe.serialize());
    if (!sameState(probe, restored) || !sameState(probe, probe.copy())) {
      // The probe started as a copy: blame the copy when the same text on a replay restores well.
      State replayed = replayOf(state);
      replayed.applyText(seat, text);
      require(!sameState(replayed, restored), Rule.COPY_STAYS_EQUAL, state,
          "after the text '" + text + "' a copy differs from a replay: " + probe.serialize());
      require(false, Rule.TEXT_ACTIONS, probe,
          "after the text '" + text + "' a restored state or a copy differs: " + restored.serialize());
    }
    return used;
  }

  private void checkState(State state) {
    State restored = game.deserializeState(state.serialize());
    require(sameState(state, restored), Rule.SERIALIZATION_ROUND_TRIP, state,
        "restored as " + restored.serialize() + " (fingerprint " + restored.fingerprint() + ", the state's "
            + state.fingerprint() + ")");

    boolean ended = state.isTerminal();
    if (state.isChanceNode()) {
      checkChance(state);
    }
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      List<Integer> legal = state.legalActions(seat);
      boolean acting = state.actingPlayers().contains(seat);
      boolean mayWrite = acting && writes(state);
      require(ended || !acting ? legal.isEmpty() : mayWrite || !legal.isEmpty(),
          Rule.LEGAL_ACTIONS_EMPTY_EXACTLY_AT_END, state,
          "seat " + seat + (acting ? " acts" : " does not act") + " with legal actions " + legal);
      checkSortedInRange(state, legal);
      boolean[] mask = state.legalActionMask(seat);
      boolean maskOk = mask.length == game.numDistinctActions();
      for (int a = 0; maskOk && a < mask.length; a++) {
        maskOk = mask[a] == legal.contains(a);
      }
      require(maskOk, Rule.MASK_MATCHES_LEGAL_ACTIONS, state,
          "seat " + seat + " mask " + Arrays.toString(mask) + " vs legal " + legal);
      String text = state.observationText(seat);
      require(text != null && !text.isBlank(), Rule.OBSERVATION_TEXT_NAMES_LEGAL_ACTIONS, state,
          "seat " + seat + " has an empty observation text");
      for (int action : legal) {
        String name = state.actionToString(seat, action);
        require(text.contains(name), Rule.OBSERVATION_TEXT_NAMES_LEGAL_ACTIONS, state,
            "seat " + seat + " text does not name legal action '" + name + "':\n" + text);
        int parsed = parse(state, seat, name);
        require(parsed == action, Rule.ACTION_STRING_PARSES_BACK, state,
            "seat " + seat + " '" + name + "' parsed as " + parsed + ", not " + action);
      }
      for (TextActions.Form form : mayWrite ? textActions.forms() : List.<TextActions.Form>of()) {
        require(text.contains(form.pattern()), Rule.OBSERVATION_TEXT_NAMES_LEGAL_ACTIONS, state,
            "seat " + seat + " text does not name the text action '" + form.pattern() + "':\n" + text);
      }
      checkTensor(state, "observation", state.observationTensor(seat), game.observationTensorShape());
      float[] information = state.informationStateTensor(seat);
      checkTensor(state, "information-state", information, game.informationStateTensorShape());
      if (acting) { // information sets are decision points of the seat that acts
        String key = state.informationStateKey(seat);
        String seen = legal + " " + Arrays.toString(information);
        String before = informationStates.putIfAbsent(seat + "|" + key, seen);
        require(before == null || before.equals(seen), Rule.INFORMATION_STATE_CONSISTENT, state,
            "seat " + seat + " key '" + key + "' once showed " + before + ", now " + seen);
      }
    }
    if (!ended && !state.isSimultaneousNode() && !writes(state)) {
      List<Integer> legal = state.legalActions();
      require(!legal.isEmpty(), Rule.LEGAL_ACTIONS_EMPTY_EXACTLY_AT_END, state,
          "the game is running but legalActions() is empty");
    }
  }

  /** Whether the seat to move may write a text action here. */
  private boolean writes(State state) {
    return textActions.accepted() && state.currentPlayer() >= 0;
  }

  private void checkChance(State state) {
    List<ChanceOutcome> outcomes = state.chanceOutcomes();
    double sum = outcomes.stream().mapToDouble(ChanceOutcome::probability).sum();
    List<Integer> actions = outcomes.stream().map(ChanceOutcome::action).sorted().toList();
    require(Math.abs(sum - 1) < 1e-6 && actions.equals(state.legalActions(State.CHANCE)),
        Rule.CHANCE_SUMS_TO_ONE, state,
        "outcomes " + outcomes + " sum to " + sum + "; chance legal actions "
            + state.legalActions(State.CHANCE));
    for (int outcome : actions) {
      String name = state.actionToString(State.CHANCE, outcome);
      int parsed = parse(state, State.CHANCE, name);
      require(parsed == outcome, Rule.ACTION_STRING_PARSES_BACK, state,
          "chance outcome '" + name + "' parsed as " + parsed + ", not " + outcome);
    }
  }

  private void checkSortedInRange(State state, List<Integer> legal) {
    for (int i = 0; i < legal.size(); i++) {
      int a = legal.get(i);
      boolean ok = a >= 0 && a < game.numDistinctActions() && (i == 0 || legal.get(i - 1) < a);
      require(ok, Rule.LEGAL_ACTIONS_SORTED_IN_RANGE, state, "legal actions " + legal);
    }
  }

  private void checkTensor(State state, String what, float[] tensor, List<Integer> shape) {
    int size = shape.stream().reduce(1, (a, b) -> a * b);
    boolean finite = true;
    for (float v : tensor) {
      finite &= Float.isFinite(v);
    }
    require(tensor.length == size && finite, Rule.TENSOR_SHAPES, state,
        what + " tensor has " + tensor.length + " values for shape " + shape
            + (finite ? "" : " or a value that is not finite"));
  }

  /** Tries a few illegal actions: one out of range, and the first, last and a random illegal one. */
  private void checkIllegalRejected(State state, SplittableRandom random) {
    int seat = state.isSimultaneousNode() ? state.actingPlayers().getFirst() : state.currentPlayer();
    List<Integer> legal = state.legalActions(seat);
    List<Integer> illegal = new ArrayList<>();
    if (seat != State.CHANCE) {
      for (int a = 0; a < game.numDistinctActions(); a++) {
        if (!legal.contains(a)) {
          illegal.add(a);
        }
      }
    }
    List<Integer> tried = new ArrayList<>(List.of(-1));
    if (!illegal.isEmpty()) {
      tried.add(illegal.getFirst());
      tried.add(illegal.getLast());
      tried.add(illegal.get(random.nextInt(illegal.size())));
    }
    String before = state.serialize();
    for (int action : tried) {
      boolean threw = false;
      try {
        if (state.isSimultaneousNode()) {
          List<Integer> joint = new ArrayList<>();
          state.actingPlayers().forEach(p -> joint.add(state.legalActions(p).getFirst()));
          joint.set(0, action);
          state.applyJoint(joint);
        } else {
          state.apply(action);
        }
      } catch (IllegalArgumentException expected) {
        threw = true;
      }
      require(threw && before.equals(state.serialize()), Rule.ILLEGAL_ACTION_REJECTED, state,
          "action " + action + " of seat " + seat
              + (threw ? " changed the state" : " was accepted or threw the wrong exception"));
    }
  }

  private void checkEnd(State state) {
    String before = state.serialize();
    boolean threw = false;
    try {
      state.apply(0);
    } catch (IllegalStateException expected) {
      threw = true;
    }
    require(threw && before.equals(state.serialize()), Rule.ILLEGAL_ACTION_REJECTED, state,
        "applying an action after the end did not throw IllegalStateException");
    for (TextActions.Form form : textActions.forms()) {
      boolean refused = false;
      try {
        state.applyText(0, form.example());
      } catch (IllegalStateException expected) {
        refused = true;
      }
      require(refused && before.equals(state.serialize()), Rule.TEXT_ACTIONS, state,
          "applying the text '" + form.example() + "' after the end did not throw IllegalStateException");
    }
    require(state.legalActions().isEmpty() && state.actingPlayers().isEmpty(),
        Rule.LEGAL_ACTIONS_EMPTY_EXACTLY_AT_END, state, "the game ended with legal actions left");
    double[] returns = state.returns();
    for (double r : returns) {
      require(r >= game.minUtility() - EPSILON && r <= game.maxUtility() + EPSILON,
          Rule.RETURNS_WITHIN_BOUNDS, state, "returns " + Arrays.toString(returns)
              + " outside [" + game.minUtility() + ", " + game.maxUtility() + "]");
    }
    GameType.Utility utility = game.type().utility();
    double sum = Arrays.stream(returns).sum();
    boolean holds = switch (utility) {
      case ZERO_SUM -> Math.abs(sum) < EPSILON;
      case CONSTANT_SUM -> Math.abs(sum - game.utilitySum()) < EPSILON;
      case IDENTICAL -> Arrays.stream(returns).allMatch(r -> Math.abs(r - returns[0]) < EPSILON);
      case GENERAL_SUM -> true;
    };
    require(holds, Rule.UTILITY_HOLDS, state,
        utility + " game ended with returns " + Arrays.toString(returns));
    for (List<Integer> side : game.facts().sides()) {
      require(side.stream().allMatch(seat -> Math.abs(returns[seat] - returns[side.getFirst()]) < EPSILON),
          Rule.UTILITY_HOLDS, state, "the seats of side " + side + " ended with different returns "
              + Arrays.toString(returns));
    }
  }

  private static int parse(State state, int seat, String name) {
    try {
      return state.parseAction(seat, name);
    } catch (IllegalArgumentException e) {
      return Integer.MIN_VALUE;
    }
  }

  private boolean sameState(State a, State b) {
    if (!a.serialize().equals(b.serialize())
        || a.fingerprint() != b.fingerprint()
        || a.currentPlayer() != b.currentPlayer()
        || !close(a.returns(), b.returns())
        || !Objects.equals(a.render(State.CHANCE), b.render(State.CHANCE))) {
      return false;
    }
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      if (!a.legalActions(seat).equals(b.legalActions(seat))
          || !a.observationText(seat).equals(b.observationText(seat))
          || !Arrays.equals(a.observationTensor(seat), b.observationTensor(seat))
          || !a.informationStateKey(seat).equals(b.informationStateKey(seat))) {
        return false;
      }
    }
    return true;
  }

  private static boolean close(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i] - b[i]) > 1e-6) {
        return false;
      }
    }
    return a.length == b.length;
  }

  private void require(boolean ok, Rule rule, State state, String detail) {
    if (!ok) {
      throw new AssertionError(
          "%s: %s%n  game: %s%n  state: %s%n  %s"
              .formatted(rule, rule.description(), game.spec(),
                  state == null ? "-" : state.serialize(), detail));
    }
  }
}
