package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.TestSessions.assertStatus;
import static io.sparring.rpc.environment.TestSessions.index;
import static io.sparring.rpc.environment.TestSessions.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.sparring.agents.match.ObservationMessages;
import io.sparring.core.game.conformance.ConformanceKit;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.BatchStepRequest;
import io.sparring.proto.v1.BatchStepResponse;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.proto.v1.JoinSessionResponse;
import io.sparring.proto.v1.Observation;
import io.sparring.proto.v1.ObservationView;
import io.sparring.proto.v1.ObserveRequest;
import io.sparring.proto.v1.ObserveResponse;
import io.sparring.proto.v1.ResetRequest;
import io.sparring.proto.v1.ResetResponse;
import io.sparring.proto.v1.SeatObservation;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-process session API: turns, seats, ownership, errors, waiting, expiry. */
class SessionsTest {
  private final Sessions sessions = TestSessions.sessions();

  @AfterEach
  void closeSessions() {
    sessions.close();
  }

  private CreateSessionResponse create(String game, Integer... seats) {
    return sessions.create(CreateSessionRequest.newBuilder()
        .setGame(game).setSeed(42).addAllSeats(List.of(seats)).build());
  }

  private StepResponse step(CreateSessionResponse session, int seat, Action action) {
    return step(session.getSessionId(), session.getToken(), seat, action);
  }

  private StepResponse step(String id, String token, int seat, Action action) {
    return sessions.step(StepRequest.newBuilder()
        .setSessionId(id).setToken(token).setSeat(seat).setAction(action).build());
  }

  private ObserveResponse observe(String id, String token) {
    return sessions.observe(ObserveRequest.newBuilder().setSessionId(id).setToken(token).build());
  }

  private JoinSessionResponse join(String id, Integer... seats) {
    return sessions.join(JoinSessionRequest.newBuilder().setSessionId(id).addAllSeats(List.of(seats)).build());
  }

  @Test
  void playsTicTacToeToTheEndWithBothSeats() {
    CreateSessionResponse session = create("tic_tac_toe", 0, 1);
    assertTrue(session.getSessionId().startsWith("s_"));
    assertTrue(session.getToken().startsWith("t_"));
    assertEquals("tic_tac_toe", session.getGame().getSpec());
    assertEquals(List.of(0, 1), session.getSeatsList());
    Observation x = session.getObservations(0);
    assertTrue(x.getToAct());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), x.getLegalActionsList());
    assertEquals("X(0,0)", x.getLegalActionNames(0));
    assertEquals(9, x.getActionMaskCount());
    assertTrue(x.getText().startsWith("Rules: Tic-tac-toe"), x.getText());
    assertEquals(List.of(3, 3, 3), x.getTensor().getShapeList());
    assertEquals(27, x.getTensor().getValuesCount());
    // the shared message says the same as the older fields
    SeatObservation seen = x.getSeatObservation();
    assertEquals(0, seen.getSeat());
    assertEquals(x.getText(), seen.getText());
    assertEquals(x.getTensor().getShapeList(), seen.getTensor().getShapeList());
    float[] values = ObservationMessages.values(seen.getTensor());
    assertEquals(27, values.length);
    for (int i = 0; i < values.length; i++) {
      assertEquals(x.getTensor().getValues(i), values[i]);
    }
    assertEquals(x.getLegalActionsList(), seen.getLegalActionsList());
    assertEquals(x.getLegalActionNamesList(), seen.getLegalActionNamesList());
    assertEquals(x.getActionMaskList(), seen.getActionMaskList());
    assertEquals("", seen.getInformationStateKey(), "the service sends no information state");
    assertFalse(session.getObservations(1).getToAct());
    assertEquals(List.of(), session.getObservations(1).getSeatObservation().getLegalActionsList());
    assertEquals(List.of(), session.getObservations(1).getLegalActionsList());

    // By number, by free text the game reads ("1,0" is the cell O(1,0)), by number, by name.
    Action[] moves = {index(0), Action.newBuilder().setText(" 1,0 ").build(), index(1), name("o(1,1)")};
    for (int i = 0; i < moves.length; i++) {
      StepResponse r = step(session, i % 2, moves[i]);
      assertTrue(r.getApplied());
      assertEquals(i + 1, r.getStatus().getMoveNumber());
      assertEquals(List.of((i + 1) % 2), r.getStatus().getActingSeatsList());
    }
    StepResponse last = step(session, 0, name("X(0,2)"));
    assertEquals(EndStatus.END_STATUS_TERMINATED, last.getStatus().getEndStatus());
    assertEquals(List.of(), last.getStatus().getActingSeatsList());
    for (Observation o : last.getObservationsList()) {
      assertEquals(List.of(1.0, -1.0), o.getRewardsList());
      assertEquals(List.of(1.0, -1.0), o.getReturnsList());
      assertEquals(EndStatus.END_STATUS_TERMINATED, o.getEndStatus());
      assertFalse(o.getToAct());
      assertFalse(o.getActionMaskList().contains(true));
    }
    assertTrue(last.getObservations(0).getText().contains("The game is over. Your return: +1."),
        last.getObservations(0).getText());
  }

  @Test
  void chanceIsResolvedByTheServerFromTheSeed() {
    CreateSessionResponse a = create("kuhn_poker", 0);
    CreateSessionResponse b = create("kuhn_poker", 0);
    // The deal (two chance moves) is done; seat 0 decides first; nobody sees chance.
    assertEquals(2, a.getStatus().getMoveNumber());
    assertEquals(List.of(0), a.getStatus().getActingSeatsList());
    assertEquals(List.of("pass", "bet"), a.getObservations(0).getLegalActionNamesList());
    // Same seed, same cards.
    assertEquals(a.getObservations(0).getText(), b.getObservations(0).getText());
    assertEquals(a.getObservations(0).getTensor(), b.getObservations(0).getTensor());
    assertFalse(a.getStatus().hasSeed(), "a seed the owner chose is never shown: the other seats must not see it");
  }

  /** Plays the episode to its end with the lowest legal action of whichever seat acts. */
  private StepResponse playOut(String id, String... tokenOfSeat) {
    StepResponse last = null;
    ObserveResponse now = observe(id, tokenOfSeat[0]);
    while (now.getStatus().getEndStatus() == EndStatus.END_STATUS_RUNNING) {
      int seat = now.getStatus().getActingSeats(0);
      Observation acting = observe(id, tokenOfSeat[seat]).getObservationsList().stream()
          .filter(o -> o.getSeat() == seat).findFirst().orElseThrow();
      last = step(id, tokenOfSeat[seat], seat, index(acting.getLegalActions(0)));
      now = observe(id, tokenOfSeat[0]);
    }
    return last;
  }

  @Test
  void aSeedTheServerDrewStaysSecretUntilTheEpisodeEndsAndTheNextOneIsNotDerivedFromIt() {
    // The attack this prevents: a seat reads the seed from its status, makes a private session
    // with it, holds every seat there and reads the other seats' cards (and every later deal).
    CreateSessionResponse session = sessions.create(CreateSessionRequest.newBuilder()
        .setGame("kuhn_poker").addAllSeats(List.of(0)).build());
    String id = session.getSessionId();
    assertFalse(session.getStatus().hasSeed(), "no seed while the cards are in play");
    String guest = join(id, 1).getToken();
    assertFalse(observe(id, guest).getStatus().hasSeed());
    StepResponse ended = playOut(id, session.getToken(), guest);
    assertTrue(ended.getStatus().hasSeed(), "revealed once the episode has ended, for replays");
    long first = ended.getStatus().getSeed();

    ResetResponse next = sessions.reset(ResetRequest.newBuilder().setSessionId(id)
        .setToken(session.getToken()).build());
    assertFalse(next.getStatus().hasSeed());
    long second = playOut(id, session.getToken(), guest).getStatus().getSeed();
    assertTrue(second != first + 1 && second != first, "the next seed is a new secret, not " + first + " + 1");
  }

  @Test
  void freeTextIsReadByTheGame() {
    CreateSessionResponse session = create("negotiation", 0, 1);
    Observation first = session.getObservationsList().stream().filter(Observation::getToAct).findFirst().orElseThrow();
    Matcher proposal = Pattern.compile("propose books=(\\d) hats=(\\d) balls=(\\d)")
        .matcher(first.getLegalActionNames(first.getLegalActionNamesCount() - 1));
    assertTrue(proposal.matches(), first.getLegalActionNamesList().toString());
    String text = "I propose: %s book, %s hats, %s balls.".formatted(proposal.group(1), proposal.group(2), proposal.group(3));
    StepResponse proposed = step(session, first.getSeat(), Action.newBuilder().setText(text).build());
    assertTrue(proposed.getApplied());
    int other = 1 - first.getSeat();
    assertEquals(List.of(other), proposed.getStatus().getActingSeatsList());
    StepResponse accepted = step(session, other, Action.newBuilder().setText("I accept the deal").build());
    assertEquals(EndStatus.END_STATUS_TERMINATED, accepted.getStatus().getEndStatus());
  }

  @Test
  void compactAndNoneViewsLeaveOutTheExpensiveParts() {
    CreateSessionResponse session = sessions.create(CreateSessionRequest.newBuilder()
        .setGame("tic_tac_toe").addSeats(0).setView(ObservationView.OBSERVATION_VIEW_COMPACT).build());
    Observation o = session.getObservations(0);
    assertEquals("", o.getText());
    assertFalse(o.hasTensor());
    assertFalse(o.hasSeatObservation());
    assertEquals(0, o.getLegalActionNamesCount());
    assertEquals(9, o.getLegalActionsCount());
    StepResponse none = sessions.step(StepRequest.newBuilder().setSessionId(session.getSessionId())
        .setToken(session.getToken()).setAction(index(4)).setView(ObservationView.OBSERVATION_VIEW_NONE).build());
    assertEquals(0, none.getObservationsCount());
    assertEquals(1, none.getStatus().getMoveNumber());
  }

  @Test
  void seatViewFillsTheSharedMessageAndLeavesTheOlderFieldsEmpty() {
    CreateSessionResponse session = sessions.create(CreateSessionRequest.newBuilder().setGame("tic_tac_toe")
        .setSeed(42).addSeats(0).addSeats(1).setView(ObservationView.OBSERVATION_VIEW_SEAT).build());
    StepResponse stepped = sessions.step(StepRequest.newBuilder().setSessionId(session.getSessionId())
        .setToken(session.getToken()).setSeat(0).setAction(index(4))
        .setView(ObservationView.OBSERVATION_VIEW_SEAT).build());
    Observation x = stepped.getObservations(0);
    Observation o = stepped.getObservations(1);
    // the older copies stay empty
    assertEquals("", o.getText());
    assertFalse(o.hasTensor());
    assertEquals(0, o.getLegalActionNamesCount());
    // the shared message carries what the FULL view's older fields would
    SeatObservation seen = o.getSeatObservation();
    assertEquals(1, seen.getSeat());
    assertTrue(seen.getText().contains("It is your turn. Legal actions: O(0,0)"), seen.getText());
    assertEquals(List.of(3, 3, 3), seen.getTensor().getShapeList());
    assertEquals(27, ObservationMessages.values(seen.getTensor()).length);
    assertEquals(List.of(0, 1, 2, 3, 5, 6, 7, 8), seen.getLegalActionsList());
    assertEquals("O(0,0)", seen.getLegalActionNames(0));
    // and the rest is filled as in every view
    assertTrue(o.getToAct());
    assertFalse(x.getToAct());
    assertEquals(seen.getLegalActionsList(), o.getLegalActionsList());
    assertEquals(seen.getActionMaskList(), o.getActionMaskList());
    assertFalse(o.getActionMask(4));
    assertEquals(List.of(1), o.getActingSeatsList());
    assertEquals(List.of(0.0, 0.0), o.getRewardsList());
    assertEquals(List.of(0.0, 0.0), o.getReturnsList());
    assertEquals(EndStatus.END_STATUS_RUNNING, o.getEndStatus());
    // the same state in the FULL view: the same observation plus the older copies
    Observation full = sessions.observe(ObserveRequest.newBuilder().setSessionId(session.getSessionId())
        .setToken(session.getToken()).addSeats(1).setView(ObservationView.OBSERVATION_VIEW_FULL).build())
        .getObservations(0);
    assertEquals(o.toBuilder().setText(full.getText()).setTensor(full.getTensor())
        .addAllLegalActionNames(full.getLegalActionNamesList()).build(), full);
    assertTrue(o.getSerializedSize() < full.getSerializedSize() * 0.7,
        o.getSerializedSize() + " B vs FULL " + full.getSerializedSize() + " B");
  }

  @Test
  void failedStepsAnswerPreciselyAndChangeNothing() {
    CreateSessionResponse session = create("tic_tac_toe", 0);
    String id = session.getSessionId();
    String token = session.getToken();
    String seat1 = join(id, 1).getToken();
    step(session, 0, index(4));
    ObserveResponse before = observe(id, seat1);

    assertStatus(Code.INVALID_ARGUMENT, () -> step(id, seat1, 1, index(4)),
        "action 4 (O(1,1)) is not legal for seat 1; legal: [0 O(0,0), 1 O(0,1)");
    assertStatus(Code.INVALID_ARGUMENT, () -> step(id, seat1, 1, index(9)),
        "action 9 (out of range 0..8) is not legal for seat 1");
    assertStatus(Code.INVALID_ARGUMENT, () -> step(id, seat1, 1, name("Z(9,9)")),
        "'Z(9,9)' is not the name of a legal action for seat 1; legal: [0 O(0,0)");
    assertStatus(Code.INVALID_ARGUMENT, () -> step(id, seat1, 1, name("(0,0)")),
        "'(0,0)' is not the name of a legal action for seat 1", "(Action.text takes free text)");
    assertStatus(Code.INVALID_ARGUMENT,
        () -> step(id, seat1, 1, Action.newBuilder().setText("I take the corner").build()),
        "game tic_tac_toe could not read a legal action for seat 1 from the text 'I take the corner': 'I take the"
            + " corner' is not a legal action for Player 1 (O); legal: [0 O(0,0)");
    assertStatus(Code.INVALID_ARGUMENT,
        () -> step(id, seat1, 1, Action.newBuilder().setText("1, 1").build()),
        "could not read a legal action for seat 1 from the text '1, 1'");
    assertStatus(Code.INVALID_ARGUMENT, () -> step(id, seat1, 1, Action.getDefaultInstance()),
        "the step has no action; set Action.index or Action.name. Legal for seat 1: [0 O(0,0)");
    assertStatus(Code.FAILED_PRECONDITION, () -> step(session, 0, index(0)),
        "it is not seat 0's turn in session " + id + "; seat 1 acts now");
    assertStatus(Code.NOT_FOUND, () -> step(id, seat1, 7, index(0)),
        "session " + id + " has no seat 7; tic_tac_toe has seats 0..1");
    assertStatus(Code.PERMISSION_DENIED, () -> step(id, token, 1, index(0)),
        "seat 1 of session " + id + " is not yours; your token holds seats [0]");
    assertStatus(Code.PERMISSION_DENIED, () -> step(id, "t_forged", 1, index(0)),
        "the token is not one of session " + id + "'s");
    assertStatus(Code.INVALID_ARGUMENT, () -> step(id, "", 1, index(0)), "the request has no token");
    assertStatus(Code.NOT_FOUND, () -> step("s_nonexistent", seat1, 1, index(0)),
        "unknown session 's_nonexistent'");
    assertStatus(Code.NOT_FOUND, () -> step(seat1, seat1, 1, index(0)), "is a token, not a session id");
    assertStatus(Code.INVALID_ARGUMENT, () -> step("", seat1, 1, index(0)), "the request has no session_id");

    assertEquals(before, observe(id, seat1), "a failed step changed the session");
  }

  @Test
  void aTokenWithSeveralSeatsMustNameTheSeat() {
    CreateSessionResponse session = create("tic_tac_toe", 0, 1);
    assertStatus(Code.INVALID_ARGUMENT, () -> sessions.step(StepRequest.newBuilder()
            .setSessionId(session.getSessionId()).setToken(session.getToken()).setAction(index(0)).build()),
        "your token holds seats [0, 1]", "say which one acts in StepRequest.seat");
    CreateSessionResponse host = create("tic_tac_toe");
    assertStatus(Code.FAILED_PRECONDITION, () -> sessions.step(StepRequest.newBuilder()
            .setSessionId(host.getSessionId()).setToken(host.getToken()).setAction(index(0)).build()),
        "your token holds no seat", "free seats: [0, 1]");
  }

  @Test
  void actingAfterTheEndIsAFailedPrecondition() {
    CreateSessionResponse session = create("test_pennies", 0, 1);
    for (int round = 0; round < Pennies.ROUNDS; round++) {
      step(session, 0, index(0));
      step(session, 1, index(0));
    }
    assertStatus(Code.FAILED_PRECONDITION, () -> step(session, 0, index(0)),
        "episode 1 of session " + session.getSessionId() + " is over (terminated); Reset starts the next one");
  }

  @Test
  void joiningTakesFreeSeatsOnly() {
    CreateSessionResponse session = create("kuhn_poker(players=3)", 0);
    String id = session.getSessionId();
    assertEquals(List.of(1, 2), session.getStatus().getFreeSeatsList());
    JoinSessionResponse first = join(id);
    assertEquals(List.of(1), first.getSeatsList(), "no seats asked: the lowest free one");
    assertNotEquals(session.getToken(), first.getToken());
    assertEquals("kuhn_poker(players=3)", first.getGame().getSpec());
    assertStatus(Code.ALREADY_EXISTS, () -> join(id, 1), "seat 1 of session " + id + " is taken; free seats: [2]");
    assertStatus(Code.NOT_FOUND, () -> join(id, 3), "has no seat 3");
    assertStatus(Code.INVALID_ARGUMENT, () -> join(id, 2, 2), "seat 2 is listed twice");
    assertStatus(Code.ALREADY_EXISTS, () -> sessions.join(JoinSessionRequest.newBuilder()
        .setSessionId(id).setToken(first.getToken()).addSeats(1).build()), "seat 1 of session " + id + " is already yours");
    CreateSessionResponse other = create("tic_tac_toe");
    assertStatus(Code.PERMISSION_DENIED, () -> sessions.join(JoinSessionRequest.newBuilder()
        .setSessionId(id).setToken(other.getToken()).addSeats(2).build()), "the token is not one of session " + id);
    // The owner adds the last seat to its own token.
    JoinSessionResponse more = sessions.join(JoinSessionRequest.newBuilder()
        .setSessionId(id).setToken(session.getToken()).addSeats(2).build());
    assertEquals(session.getToken(), more.getToken());
    assertEquals(List.of(0, 2), more.getSeatsList());
    assertEquals(2, more.getObservationsCount());
    assertStatus(Code.ALREADY_EXISTS, () -> join(id), "every seat of session " + id + " is taken");
  }

  @Test
  void onlyTheOwnerResetsOrCloses() {
    CreateSessionResponse session = create("tic_tac_toe", 0);
    String id = session.getSessionId();
    String guest = join(id, 1).getToken();
    assertStatus(Code.PERMISSION_DENIED,
        () -> sessions.reset(ResetRequest.newBuilder().setSessionId(id).setToken(guest).build()),
        "only the owner of session " + id + " may reset it; your token plays seats [1]");
    assertStatus(Code.PERMISSION_DENIED,
        () -> sessions.close(CloseSessionRequest.newBuilder().setSessionId(id).setToken(guest).build()),
        "only the owner of session " + id + " may close it");
    step(session, 0, index(0));
    ResetResponse reset = sessions.reset(ResetRequest.newBuilder().setSessionId(id).setToken(session.getToken()).build());
    assertEquals(2, reset.getStatus().getEpisode());
    assertFalse(reset.getStatus().hasSeed(), "the owner chose the seed (42): the next is 43, shown to no one");
    assertEquals(0, reset.getStatus().getMoveNumber());
    ResetResponse seeded = sessions.reset(ResetRequest.newBuilder().setSessionId(id)
        .setToken(session.getToken()).setSeed(7).build());
    assertFalse(seeded.getStatus().hasSeed());
    assertEquals(3, sessions.close(CloseSessionRequest.newBuilder().setSessionId(id)
        .setToken(session.getToken()).build()).getEpisodes());
    assertEquals(0, sessions.size());
    assertStatus(Code.NOT_FOUND, () -> observe(id, guest), "session " + id + " was closed by its owner");
  }

  @Test
  void aSeatIsObservedOnlyByItsHolder() {
    CreateSessionResponse session = create("kuhn_poker", 0);
    String id = session.getSessionId();
    String guest = join(id, 1).getToken();
    assertStatus(Code.PERMISSION_DENIED, () -> sessions.observe(ObserveRequest.newBuilder()
            .setSessionId(id).setToken(guest).addSeats(0).build()),
        "seat 0 of session " + id + " is not yours, so you may not observe it; your token holds seats [1]");
    ObserveResponse own = observe(id, guest);
    assertEquals(1, own.getObservationsCount());
    assertEquals(1, own.getObservations(0).getSeat());
  }

  @Test
  void creationErrorsNameTheProblem() {
    assertStatus(Code.INVALID_ARGUMENT, () -> create(""), "CreateSessionRequest.game is empty");
    assertStatus(Code.INVALID_ARGUMENT, () -> create("kuhn_poker(players=3"), "missing ')'");
    assertStatus(Code.INVALID_ARGUMENT, () -> create("chess"), "unknown game 'chess'; known games:", "tic_tac_toe");
    assertStatus(Code.INVALID_ARGUMENT, () -> create("kuhn_poker(players=9)"),
        "parameter 'players' of game kuhn_poker must be between 2 and 3, got 9");
    assertStatus(Code.NOT_FOUND, () -> create("tic_tac_toe", 2), "tic_tac_toe has no seat 2; its seats are 0..1");
    assertStatus(Code.INVALID_ARGUMENT, () -> create("tic_tac_toe", 0, 0), "seat 0 is listed twice");
    assertEquals(0, sessions.size());
  }

  @Test
  void theSessionLimitIsEnforcedAndFreedByClosing() {
    try (Sessions two = TestSessions.sessions(TestSessions.config().withMaxSessions(2))) {
      CreateSessionRequest request = CreateSessionRequest.newBuilder().setGame("tic_tac_toe").build();
      CreateSessionResponse first = two.create(request);
      two.create(request);
      assertStatus(Code.RESOURCE_EXHAUSTED, () -> two.create(request),
          "the server holds its maximum of 2 sessions; close sessions you no longer need (CloseSession),"
              + " or wait for idle ones to expire after 10m");
      two.close(CloseSessionRequest.newBuilder().setSessionId(first.getSessionId()).setToken(first.getToken()).build());
      two.create(request);
      assertEquals(2, two.size());
    }
  }

  @Test
  void aSimultaneousStepAppliesOnceEverySeatHasActed() {
    CreateSessionResponse session = create(Pennies.NAME, 0);
    String id = session.getSessionId();
    String other = join(id, 1).getToken();
    assertEquals(List.of(0, 1), session.getStatus().getActingSeatsList());

    StepResponse held = step(session, 0, name("heads"));
    assertFalse(held.getApplied());
    assertEquals(List.of(1), held.getStatus().getAwaitedSeatsList());
    assertEquals(0, held.getStatus().getMoveNumber());
    assertFalse(held.getObservations(0).getToAct(), "seat 0 has acted");
    assertStatus(Code.FAILED_PRECONDITION, () -> step(session, 0, index(1)),
        "seat 0 has already acted in this simultaneous step of session " + id + "; waiting for seats [1]");

    StepResponse applied = step(id, other, 1, name("tails"));
    assertTrue(applied.getApplied());
    assertEquals(1, applied.getStatus().getMoveNumber());
    assertEquals(List.of(-1.0, 1.0), applied.getObservations(0).getRewardsList(), "coins differ: seat 1 wins");
    assertEquals(List.of(0, 1), applied.getStatus().getAwaitedSeatsList());
  }

  @Test
  void waitingForATurnIsAnsweredByTheMoveThatMakesIt() throws Exception {
    CreateSessionResponse session = create("tic_tac_toe", 0);
    String id = session.getSessionId();
    String guest = join(id, 1).getToken();
    CompletableFuture<ObserveResponse> answer = new CompletableFuture<>();
    Sessions.Wait wait = sessions.observe(waitFor(id, guest, 0), deliverTo(answer));
    assertNull(wait.immediate());
    assertEquals(1, sessions.waitingCalls());
    assertFalse(answer.isDone());

    step(session, 0, index(4));
    Observation turn = answer.get(1, TimeUnit.SECONDS).getObservations(0);
    assertTrue(turn.getToAct());
    assertEquals(1, turn.getSeat());
    assertEquals(0, sessions.waitingCalls());

    // Already its turn: answered at once.
    assertTrue(sessions.observe(waitFor(id, guest, 0), deliverTo(new CompletableFuture<>())).immediate()
        .getObservations(0).getToAct());
  }

  @Test
  void aWaitForTheNextEpisodeEndsWithTheOwnersReset() throws Exception {
    CreateSessionResponse session = create("test_pennies", 0);
    String id = session.getSessionId();
    String guest = join(id, 1).getToken();
    for (int round = 0; round < Pennies.ROUNDS; round++) {
      step(session, 0, index(0));
      step(id, guest, 1, index(0));
    }
    // The episode is over: a plain wait answers at once; waiting for episode 2 waits.
    assertEquals(EndStatus.END_STATUS_TERMINATED, sessions.observe(waitFor(id, guest, 0), deliverTo(
        new CompletableFuture<>())).immediate().getStatus().getEndStatus());
    CompletableFuture<ObserveResponse> next = new CompletableFuture<>();
    assertNull(sessions.observe(waitFor(id, guest, 2), deliverTo(next)).immediate());
    sessions.reset(ResetRequest.newBuilder().setSessionId(id).setToken(session.getToken()).build());
    assertEquals(2, next.get(1, TimeUnit.SECONDS).getStatus().getEpisode());
  }

  @Test
  void closingEndsWaitingCallsAndCancellingForgetsThem() {
    CreateSessionResponse session = create("tic_tac_toe", 0);
    String id = session.getSessionId();
    String guest = join(id, 1).getToken();
    Sessions.Wait cancelled = sessions.observe(waitFor(id, guest, 0), deliverTo(new CompletableFuture<>()));
    cancelled.cancel();
    assertEquals(0, sessions.waitingCalls());
    CompletableFuture<ObserveResponse> answer = new CompletableFuture<>();
    sessions.observe(waitFor(id, guest, 0), deliverTo(answer));
    sessions.close(CloseSessionRequest.newBuilder().setSessionId(id).setToken(session.getToken()).build());
    StatusRuntimeException e = (StatusRuntimeException) answer.handle((r, t) -> t).join();
    assertEquals(Code.NOT_FOUND, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("was closed by its owner while this call waited"));
  }

  @Test
  void waitingCallsPerTokenAreBounded() {
    CreateSessionResponse session = create("kuhn_poker(players=3)", 0);
    String guest = join(session.getSessionId(), 1).getToken();
    String third = join(session.getSessionId(), 2).getToken();
    for (int i = 0; i < Session.MAX_WAITERS_PER_TOKEN; i++) {
      sessions.observe(waitFor(session.getSessionId(), guest, 0), deliverTo(new CompletableFuture<>()));
    }
    assertStatus(Code.RESOURCE_EXHAUSTED,
        () -> sessions.observe(waitFor(session.getSessionId(), guest, 0), deliverTo(new CompletableFuture<>())),
        "your token already has 16 calls waiting for a turn in session " + session.getSessionId());
    // Another token still may wait.
    assertNull(sessions.observe(waitFor(session.getSessionId(), third, 0), deliverTo(new CompletableFuture<>()))
        .immediate());
  }

  @Test
  void aTokenWithoutSeatsHasNoTurnToWaitFor() {
    CreateSessionResponse host = create("tic_tac_toe");
    assertStatus(Code.FAILED_PRECONDITION,
        () -> sessions.observe(waitFor(host.getSessionId(), host.getToken(), 0), deliverTo(new CompletableFuture<>())),
        "your token holds no seat of session " + host.getSessionId() + ", so there is no turn to wait for");
    assertEquals(0, observe(host.getSessionId(), host.getToken()).getObservationsCount(),
        "a plain observe shows the status only");
  }

  @Test
  void nothingIsAppliedOnceTheCallersDeadlineHasPassed() throws Exception {
    CreateSessionResponse session = create("tic_tac_toe", 0, 1);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Context.CancellableContext expired =
        Context.ROOT.withDeadline(Deadline.after(-1, TimeUnit.MILLISECONDS), timer)) {
      assertStatus(Code.DEADLINE_EXCEEDED, () -> expired.call(() -> step(session, 0, index(4))),
          "the call's deadline passed before the step was applied; nothing changed");
      assertStatus(Code.DEADLINE_EXCEEDED, () -> expired.call(() -> create("tic_tac_toe")),
          "before the session creation was applied");
    } finally {
      timer.shutdownNow();
    }
    assertEquals(0, observe(session.getSessionId(), session.getToken()).getStatus().getMoveNumber());
    assertEquals(1, sessions.size(), "the refused creation left no session behind");
  }

  @Test
  void idleSessionsExpireAndActiveOnesDoNot() throws Exception {
    try (Sessions shortLived = TestSessions.sessions(TestSessions.withTtl(Duration.ofMillis(200)))) {
      CreateSessionRequest request = CreateSessionRequest.newBuilder().setGame("tic_tac_toe").addSeats(0).build();
      CreateSessionResponse idle = shortLived.create(request);
      CreateSessionResponse busy = shortLived.create(request);
      long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
      while (System.nanoTime() < until) {
        shortLived.observe(ObserveRequest.newBuilder().setSessionId(busy.getSessionId()).setToken(busy.getToken()).build());
        Thread.sleep(40);
      }
      assertEquals(1, shortLived.size(), "the idle session expired, the busy one lives");
      assertStatus(Code.NOT_FOUND, () -> shortLived.observe(ObserveRequest.newBuilder()
              .setSessionId(idle.getSessionId()).setToken(idle.getToken()).build()),
          "session " + idle.getSessionId() + " was closed after 200ms without requests (the server's session time to live)");
    }
  }

  @Test
  void aBatchAppliesEachItemOnItsOwn() {
    CreateSessionResponse a = create("tic_tac_toe", 0, 1);
    CreateSessionResponse b = create("tic_tac_toe", 0, 1);
    step(a, 0, index(0));
    BatchStepResponse response = sessions.batchStep(BatchStepRequest.newBuilder()
        .addResets(ResetRequest.newBuilder().setSessionId(a.getSessionId()).setToken(a.getToken()))
        .addResets(ResetRequest.newBuilder().setSessionId(a.getSessionId()).setToken("t_wrong"))
        .addSteps(StepRequest.newBuilder().setSessionId(a.getSessionId()).setToken(a.getToken()).setSeat(0).setAction(index(8)))
        .addSteps(StepRequest.newBuilder().setSessionId(b.getSessionId()).setToken(b.getToken()).setSeat(0).setAction(index(9)))
        .addSteps(StepRequest.newBuilder().setSessionId(b.getSessionId()).setToken(b.getToken()).setSeat(0).setAction(index(4)))
        .build());
    assertEquals(2, response.getResets(0).getResponse().getStatus().getEpisode());
    assertEquals(Code.PERMISSION_DENIED.value(), response.getResets(1).getError().getCode());
    assertEquals(1, response.getSteps(0).getResponse().getStatus().getMoveNumber());
    assertEquals(Code.INVALID_ARGUMENT.value(), response.getSteps(1).getError().getCode());
    assertTrue(response.getSteps(1).getError().getMessage().startsWith("action 9 (out of range 0..8) is not legal"));
    assertFalse(response.getSteps(1).hasResponse());
    assertEquals(1, response.getSteps(2).getResponse().getStatus().getMoveNumber());

    BatchStepRequest.Builder tooBig = BatchStepRequest.newBuilder();
    for (int i = 0; i <= ServerConfig.DEFAULT_MAX_BATCH_ITEMS; i++) {
      tooBig.addSteps(StepRequest.getDefaultInstance());
    }
    assertStatus(Code.RESOURCE_EXHAUSTED, () -> sessions.batchStep(tooBig.build()),
        "a batch may carry at most 4096 resets and steps together (the server's max batch items), got 4097");
  }

  @Test
  void whatAStreamHeldIsFreedWhenItEnds() {
    StreamBinding stream = new StreamBinding();
    CreateSessionResponse owned = sessions.create(
        CreateSessionRequest.newBuilder().setGame("tic_tac_toe").addSeats(0).build(), stream);
    CreateSessionResponse hosted = create("tic_tac_toe", 0);
    sessions.join(JoinSessionRequest.newBuilder().setSessionId(hosted.getSessionId()).addSeats(1).build(), stream);
    assertEquals(List.of(), observe(hosted.getSessionId(), hosted.getToken()).getStatus().getFreeSeatsList());

    sessions.release(stream);
    assertEquals(1, sessions.size());
    assertStatus(Code.NOT_FOUND, () -> observe(owned.getSessionId(), owned.getToken()),
        "was closed because its owner's Play stream ended");
    assertEquals(List.of(1), observe(hosted.getSessionId(), hosted.getToken()).getStatus().getFreeSeatsList());
    assertEquals(List.of(1), join(hosted.getSessionId()).getSeatsList(), "the freed seat can be joined again");
  }

  @Test
  void idsAndTokensAreRandomAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      CreateSessionResponse s = create("tic_tac_toe");
      assertTrue(s.getSessionId().matches("s_[A-Za-z0-9_-]{22}"), s.getSessionId());
      assertTrue(s.getToken().matches("t_[A-Za-z0-9_-]{32}"), s.getToken());
      assertTrue(seen.add(s.getSessionId()) && seen.add(s.getToken()));
    }
  }

  @Test
  void theSimultaneousTestGameConforms() {
    ConformanceKit.check(new Pennies(), 200, 1);
  }

  private static ObserveRequest waitFor(String id, String token, long minEpisode) {
    return ObserveRequest.newBuilder().setSessionId(id).setToken(token).setWaitForTurn(true)
        .setMinEpisode(minEpisode).build();
  }

  private static Sessions.Delivery deliverTo(CompletableFuture<ObserveResponse> answer) {
    return new Sessions.Delivery() {
      @Override
      public void ready(ObserveResponse response) {
        answer.complete(response);
      }

      @Override
      public void failed(StatusRuntimeException error) {
        answer.completeExceptionally(error);
      }
    };
  }
}
