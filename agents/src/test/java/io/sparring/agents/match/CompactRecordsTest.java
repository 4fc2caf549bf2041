package io.sparring.agents.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.Game;
import io.sparring.core.game.GameProvider;
import io.sparring.core.game.Games;
import io.sparring.core.game.Seeds;
import io.sparring.core.spec.Spec;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.SeatAssignment;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CompactRecordsTest {
  private static final Game TIC_TAC_TOE = Games.create("tic_tac_toe");

  private static Trajectory play(Game game, long seed, String policy, String... players) {
    List<Seating> seatings = new ArrayList<>();
    for (int i = 0; i < game.numPlayers(); i++) {
      seatings.add(Seating.of(i, players.length == 1 ? players[0] : players[i]));
    }
    return MatchRunner.play(
        new MatchConfig(game, seed, seatings, ViolationPolicy.parse(policy), Optional.empty(), "m" + seed));
  }

  /** What expand gives back: the implied roles' latency is not kept. */
  private static Trajectory withoutImpliedLatency(Trajectory t) {
    Trajectory.Builder b = t.toBuilder();
    for (Step.Builder step : b.getStepsBuilderList()) {
      for (TurnRecord.Builder turn : step.getTurnsBuilderList()) {
        if (turn.getRolesCount() == 1 && turn.getRoles(0).getOutput().isEmpty()
            && turn.getRoles(0).getInput().isEmpty() && turn.getViolationsCount() == 0) {
          turn.getRolesBuilder(0).setLatencyMicros(0);
        }
      }
    }
    return b.build();
  }

  /** Compacts, checks that nothing but latency is lost and that the compact record replays. */
  private static Trajectory roundTrip(Trajectory full) {
    assertEquals(MatchRunner.FORMAT_VERSION, full.getFormatVersion(), "MatchRunner writes the current version");
    Trajectory compact = CompactRecords.compact(full);
    assertEquals(MatchRunner.FORMAT_VERSION, compact.getFormatVersion());
    assertFalse(isWhole(compact), full.getGame() + " seed " + full.getSeed() + " was kept whole");
    assertEquals(withoutImpliedLatency(full), CompactRecords.expand(compact), full.getGame());
    assertEquals(full, CompactRecords.expand(full), "a full record expands to itself");
    Replay.replay(compact);
    Replay.replay(full);
    return compact;
  }

  private static boolean isWhole(Trajectory compact) {
    return !compact.getCompact() || compact.getStepsList().stream().flatMap(s -> s.getTurnsList().stream())
        .anyMatch(TurnRecord::hasSeatObservation);
  }

  static Stream<String> games() {
    Stream<String> registered = Games.registry().providers().stream().map(GameProvider::name);
    return Stream.concat(registered, Stream.of("kuhn_poker(players=3)", "word_chain(rounds=2)")).sorted();
  }

  @ParameterizedTest
  @MethodSource("games")
  void randomMatchesOfEveryGameRoundTrip(String spec) {
    Game game = Games.create(spec);
    long full = 0;
    long compact = 0;
    int matches = 20;
    for (long seed = 1; seed <= matches; seed++) {
      Trajectory played = play(game, seed, "random", "random");
      Trajectory small = roundTrip(played);
      full += played.getSerializedSize();
      compact += small.getSerializedSize();
    }
    System.out.printf("compact records: %-28s mean full %6d B, compact %5d B (%d matches, random agents)%n",
        game.spec(), full / matches, compact / matches, matches);
    String name = Spec.parse(spec).name();
    if (List.of("kuhn_poker", "leduc_poker", "tic_tac_toe").contains(name)) {
      assertTrue(compact * 5 < full, spec + ": compact " + compact + " B is not much smaller than " + full + " B");
    }
  }

  @Test
  void impliedRolesAreOmittedAndComeBackWithoutLatency() {
    Trajectory full = play(TIC_TAC_TOE, 4, "penalty", "random");
    Trajectory compact = roundTrip(full);
    TurnRecord turn = compact.getSteps(0).getTurns(0);
    assertEquals(0, turn.getRolesCount());
    assertFalse(turn.hasSeatObservation());
    assertTrue(turn.getAction().getName().isEmpty());
    assertTrue(compact.getReturnsList().isEmpty());
    assertTrue(compact.getSeatsList().stream().allMatch(s -> s.getAgentSeed() == 0));
    RoleOutput implied = CompactRecords.expand(compact).getSteps(0).getTurns(0).getRoles(0);
    assertEquals("random", implied.getAgent());
    assertEquals(0, implied.getLatencyMicros());
  }

  @Test
  void teamsKeepTheirRoleTexts() {
    String fullTeam = "team(strategist=scripted(name=s, answers='!take the centre'),"
        + " generator=scripted(name=g, answers='~x(1,1);0;1;2;3;5;6;7;8'),"
        + " verifier=scripted(name=v, answers='reject;accept;accept;accept;accept'), refiner=random)";
    Trajectory scripted = play(TIC_TAC_TOE, 2, "random", fullTeam, "random");
    Trajectory compact = roundTrip(scripted);
    TurnRecord first = compact.getSteps(0).getTurns(0);
    assertEquals(4, first.getRolesCount(), "strategist, generator, verifier, refiner");
    assertEquals("take the centre", first.getRoles(0).getOutput());
    assertEquals("x(1,1)", first.getRoles(1).getFreeText());

    Trajectory checked = play(TIC_TAC_TOE, 3, "random",
        "team(generator=scripted(answers='9'), verifier=check, refiner=random)", "random");
    TurnRecord verified = roundTrip(checked).getSteps(0).getTurns(0);
    assertTrue(verified.getRoles(1).getOutput().contains("action 9 is not legal"));
  }

  @Test
  void violationsFallbacksAndRetriesRoundTrip() {
    Trajectory fallback = play(TIC_TAC_TOE, 1, "random", "scripted(answers='77')", "random");
    TurnRecord first = roundTrip(fallback).getSteps(0).getTurns(0);
    assertEquals(1, first.getViolationsCount());
    assertEquals(1, first.getRolesCount(), "the rejected answer is kept");

    roundTrip(play(TIC_TAC_TOE, 1, "retry(times=1, then=penalty)",
        "scripted(answers='~X(9,9);0;1;2')", "scripted(answers='4;5;6')"));

    // every call times out: the turns have violations and no roles, and keep having none
    MatchConfig slow = new MatchConfig(TIC_TAC_TOE, 1,
        List.of(Seating.of(0, "scripted(sleep_ms=300)"), Seating.of(1, "random")),
        ViolationPolicy.parse("random"), Optional.of(Duration.ofMillis(20)), "slow");
    Trajectory late = MatchRunner.play(slow);
    TurnRecord timedOut = roundTrip(late).getSteps(0).getTurns(0);
    assertEquals(0, timedOut.getRolesCount());
    assertEquals(0, CompactRecords.expand(CompactRecords.compact(late)).getSteps(0).getTurns(0).getRolesCount());
  }

  @Test
  void aForfeitKeepsItsReturns() {
    Trajectory forfeit = play(TIC_TAC_TOE, 1, "penalty(value=-11, others=0)",
        "scripted(answers='4;4')", "scripted(answers='4')");
    assertEquals(EndReason.END_REASON_FORFEIT, forfeit.getEndReason());
    Trajectory compact = roundTrip(forfeit);
    assertEquals(List.of(0.0, -11.0), compact.getReturnsList());
    assertTrue(compact.getStepsList().stream().allMatch(s -> s.getRewardsCount() == 0));
  }

  @Test
  void agentSeedsThatDoNotFollowTheSeatOrderAreKept() {
    // seating 0 plays seat 1: its seed is not the one seat order implies
    MatchConfig rotated = MatchConfig.of(TIC_TAC_TOE, 9,
        List.of(Seating.of(1, "random"), Seating.of(0, "random")));
    Trajectory full = MatchRunner.play(rotated);
    Trajectory compact = roundTrip(full);
    assertEquals(full.getSeatsList().stream().map(SeatAssignment::getAgentSeed).toList(),
        compact.getSeatsList().stream().map(SeatAssignment::getAgentSeed).toList());
  }

  @Test
  void aRunBegunWithInvertibleAgentSeedsWritesVersionThreeAndCompactsThem() {
    Game kuhn = Games.create("kuhn_poker");
    MatchConfig invertible = new MatchConfig(kuhn, 11, List.of(Seating.of(0, "random"), Seating.of(1, "random")),
        ViolationPolicy.defaultPolicy(), Optional.empty(), "", MatchConfig.AgentSeeds.INVERTIBLE);
    Trajectory full = MatchRunner.play(invertible);
    assertEquals(3, full.getFormatVersion());
    assertEquals(Seeds.derive(11, 1), full.getSeats(0).getAgentSeed(), "as runs before version 4 seeded agents");
    Trajectory compact = CompactRecords.compact(full);
    assertEquals(3, compact.getFormatVersion());
    assertTrue(compact.getSeatsList().stream().allMatch(s -> s.getAgentSeed() == 0));
    assertEquals(withoutImpliedLatency(full), CompactRecords.expand(compact));
  }

  @Test
  void aRecordExpandCannotReproduceIsKeptWhole() {
    Trajectory.Builder renamed = play(TIC_TAC_TOE, 5, "penalty", "random").toBuilder();
    renamed.getStepsBuilder(0).getTurnsBuilder(0).getActionBuilder().setName("the middle");
    Trajectory unusual = renamed.build();

    Trajectory kept = CompactRecords.compact(unusual);

    assertEquals(unusual, kept, "the guard falls back to the whole record");
    assertEquals(unusual, CompactRecords.expand(kept));
  }

  @Test
  void aTamperedRecordDoesNotExpand() {
    Trajectory compact = CompactRecords.compact(play(TIC_TAC_TOE, 6, "penalty", "random"));
    Trajectory.Builder tampered = compact.toBuilder();
    int taken = compact.getSteps(0).getTurns(0).getAction().getIndex();
    tampered.getStepsBuilder(1).getTurnsBuilder(0).getActionBuilder().setIndex(taken);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CompactRecords.expand(tampered.build()));

    assertTrue(e.getMessage().startsWith("the trajectory does not replay at step 1: "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Replay.replay(tampered.build()));
    assertThrows(IllegalArgumentException.class, () -> CompactRecords.compact(tampered.build()));
    Trajectory.Builder cut = compact.toBuilder().removeSteps(compact.getStepsCount() - 1);
    IllegalArgumentException early =
        assertThrows(IllegalArgumentException.class, () -> CompactRecords.expand(cut.build()));
    assertTrue(early.getMessage().contains("end before the game does"), early.getMessage());
  }

  @Test
  void recordsOfEarlierVersionsExpandUnchanged() {
    Trajectory full = play(Games.create("kuhn_poker"), 7, "penalty", "random");
    Trajectory two = full.toBuilder().setFormatVersion(2).build();
    assertEquals(two, CompactRecords.expand(two));
    Trajectory one = ObservationMessagesTest.versionOne(full);
    assertEquals(one, CompactRecords.expand(one));
    // compacted, it would expand to the version 2 layout, so the guard keeps it as it is
    assertEquals(one, CompactRecords.compact(one));
    assertThrows(IllegalArgumentException.class,
        () -> CompactRecords.expand(full.toBuilder().setFormatVersion(MatchRunner.FORMAT_VERSION + 1).build()));
  }

  @Test
  void compactAndExpandAreCheap() {
    List<Trajectory> records = new ArrayList<>();
    for (String spec : List.of("kuhn_poker", "leduc_poker", "tic_tac_toe")) {
      for (long seed = 1; seed <= 300; seed++) {
        records.add(play(Games.create(spec), seed, "penalty", "random"));
      }
    }
    for (Trajectory r : records) { // warm up
      CompactRecords.expand(CompactRecords.compact(r));
    }
    long start = System.nanoTime();
    List<Trajectory> compact = records.stream().map(CompactRecords::compact).toList();
    long compacted = System.nanoTime();
    compact.forEach(CompactRecords::expand);
    long expanded = System.nanoTime();
    System.out.printf("compact records: compact %.1f us, expand %.1f us per record (%d Kuhn, Leduc, tic-tac-toe)%n",
        (compacted - start) / 1e3 / records.size(), (expanded - compacted) / 1e3 / records.size(), records.size());
  }
}
