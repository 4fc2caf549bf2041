package io.sparring.agents.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayTest {
  /** Players who always take the first legal action bid every bid once: 10 rolls, 60 bids, liar. */
  private static final Trajectory LONG = play(Games.create("liars_dice(dice=5)"), 4, "penalty", "scripted", "scripted");

  private static Trajectory play(Game game, long seed, String policy, String... players) {
    List<Seating> seatings = new ArrayList<>();
    for (int i = 0; i < players.length; i++) {
      seatings.add(Seating.of(i, players[i]));
    }
    return MatchRunner.play(
        new MatchConfig(game, seed, seatings, ViolationPolicy.parse(policy), Optional.empty(), "m" + seed));
  }

  private static List<Integer> fingerprinted(Trajectory trajectory) {
    return IntStream.range(0, trajectory.getStepsCount())
        .filter(i -> trajectory.getSteps(i).hasFingerprint()).boxed().toList();
  }

  @Test
  void everySixtiethStepAndTheLastCarryTheStatesFingerprint() {
    assertEquals(71, LONG.getStepsCount());
    assertEquals(List.of(59, 70), fingerprinted(LONG));
    List<Long> seen = new ArrayList<>();

    State end = Replay.replay(LONG, state -> seen.add(state.fingerprint()));

    assertEquals(72, seen.size(), "the initial state, then one per step");
    assertEquals(LONG.getSteps(59).getFingerprint(), seen.get(60));
    assertEquals(LONG.getSteps(70).getFingerprint(), seen.get(71));
    assertEquals(end.fingerprint(), seen.getLast());
  }

  @Test
  void theObserverSeesTheInitialStateAndEachStepInOrder() {
    Trajectory played = play(Games.create("kuhn_poker"), 9, "penalty", "random", "random");
    List<String> seen = new ArrayList<>();

    State end = Replay.replay(played, state -> seen.add(state.serialize()));

    assertEquals(played.getStepsCount() + 1, seen.size());
    assertEquals("9;", seen.getFirst());
    assertEquals(end.serialize(), seen.getLast());
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i).startsWith(seen.get(i - 1)), seen.get(i - 1) + " then " + seen.get(i));
    }
  }

  @Test
  void aFingerprintThatDiffersIsNamedWithItsStep() {
    Trajectory.Builder tampered = LONG.toBuilder();
    long recorded = LONG.getSteps(59).getFingerprint();
    tampered.getStepsBuilder(59).setFingerprint(recorded ^ 1);
    List<State> seen = new ArrayList<>();

    ReplayMismatch e = assertThrows(ReplayMismatch.class, () -> Replay.replay(tampered.build(), seen::add));

    assertEquals(59, e.step());
    assertEquals("the trajectory does not replay at step 59: the state's fingerprint is %016x, recorded %016x"
        .formatted(recorded, recorded ^ 1), e.getMessage());
    assertEquals(60, seen.size(), "the observer saw the states that reproduced: the initial one, steps 0 to 58");
  }

  @Test
  void compactRecordsKeepTheFingerprintsAndAreCheckedByThem() {
    Trajectory compact = CompactRecords.compact(LONG);

    assertTrue(compact.getCompact());
    assertEquals(List.of(59, 70), fingerprinted(compact));
    assertEquals(LONG.getSteps(70).getFingerprint(), CompactRecords.expand(compact).getSteps(70).getFingerprint());
    Trajectory.Builder tampered = compact.toBuilder();
    tampered.getStepsBuilder(70).setFingerprint(0);
    assertEquals(70, assertThrows(ReplayMismatch.class, () -> Replay.replay(tampered.build())).step());
  }

  @Test
  void aShortMatchCarriesNoFingerprintsAndItsForfeitReplays() {
    Trajectory forfeit = play(Games.create("tic_tac_toe"), 1, "penalty(value=-11, others=0)",
        "scripted(answers='4;4')", "scripted(answers='4')");
    assertEquals(EndReason.END_REASON_FORFEIT, forfeit.getEndReason());
    assertEquals(List.of(), fingerprinted(forfeit), "fewer than 60 steps: the moves fix the match");
    List<State> seen = new ArrayList<>();

    State end = Replay.replay(forfeit, seen::add);

    assertEquals("1;4", end.serialize(), "the offender's move was never made");
    assertEquals(forfeit.getStepsCount() + 1, seen.size());
  }


  @Test
  void recordsWithoutFingerprintsStillReplay() {
    Trajectory.Builder older = LONG.toBuilder().setFormatVersion(5);
    older.getStepsBuilderList().forEach(Step.Builder::clearFingerprint);

    assertEquals(Replay.replay(LONG).serialize(), Replay.replay(older.build()).serialize());
  }

  @Test
  void aRunBegunWithInvertibleSeedsWritesNoFingerprints() {
    Game game = Games.create("liars_dice(dice=5)");
    Trajectory legacy = MatchRunner.play(new MatchConfig(game, 4, List.of(Seating.of(0, "scripted"),
        Seating.of(1, "scripted")), ViolationPolicy.defaultPolicy(), Optional.empty(), "",
        MatchConfig.AgentSeeds.INVERTIBLE));

    assertEquals(3, legacy.getFormatVersion());
    assertEquals(List.of(), fingerprinted(legacy), "version 3 has no fingerprints");
    Replay.replay(legacy);
  }
}
