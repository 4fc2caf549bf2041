package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.core.game.GameProvider;
import io.sparring.core.game.Games;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.JoinSessionRequest;
import io.sparring.proto.v1.Observation;
import io.sparring.proto.v1.ObserveRequest;
import io.sparring.proto.v1.ObserveResponse;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import io.sparring.proto.v1.TextActionForm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered game, played through the session API by one client per seat, with actions sent
 * by number, by name and as text in turn. Nothing here changes when a game is added.
 */
class EveryGameTest {
  private static final Sessions SESSIONS = TestSessions.sessions();

  static Stream<String> games() {
    return Stream.concat(Games.registry().providers().stream().map(GameProvider::name), Stream.of(Pennies.NAME));
  }

  @AfterAll
  static void close() {
    SESSIONS.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("games")
  void oneClientPerSeatPlaysEpisodesToTheEnd(String name) {
    for (long seed = 1; seed <= 3; seed++) {
      playEpisode(name, seed);
    }
    assertEquals(0, SESSIONS.size());
  }

  private static void playEpisode(String name, long seed) {
    CreateSessionResponse created = SESSIONS.create(
        CreateSessionRequest.newBuilder().setGame(name).setSeed(seed).addSeats(0).build());
    String id = created.getSessionId();
    int players = created.getGame().getNumPlayers();
    List<String> tokens = new ArrayList<>(List.of(created.getToken()));
    for (int seat = 1; seat < players; seat++) {
      tokens.add(SESSIONS.join(JoinSessionRequest.newBuilder().setSessionId(id).addSeats(seat).build()).getToken());
    }
    SplittableRandom random = new SplittableRandom(seed);
    int maxLength = created.getGame().getMaxGameLength();
    int steps = 0;
    ObserveResponse last = null;
    while (true) {
      boolean acted = false;
      for (int seat = 0; seat < players; seat++) {
        last = SESSIONS.observe(ObserveRequest.newBuilder().setSessionId(id).setToken(tokens.get(seat)).build());
        assertEquals(1, last.getObservationsCount(), "a token sees its own seat only");
        Observation seen = last.getObservations(0);
        assertEquals(seat, seen.getSeat());
        if (seen.getEndStatus() != EndStatus.END_STATUS_RUNNING) {
          break;
        }
        if (!seen.getToAct()) {
          continue;
        }
        List<TextActionForm> forms = created.getGame().getTextActions().getFormsList();
        assertFalse(seen.getLegalActionsList().isEmpty() && forms.isEmpty(), name + ": to act without legal actions");
        int pick = random.nextInt(seen.getLegalActionsCount() + forms.size());
        Action action = pick >= seen.getLegalActionsCount()
            ? Action.newBuilder().setText(forms.get(pick - seen.getLegalActionsCount()).getExample()).build()
            : switch (steps % 3) {
          case 0 -> Action.newBuilder().setIndex(seen.getLegalActions(pick)).build();
          case 1 -> Action.newBuilder().setName(seen.getLegalActionNames(pick)).build();
          default -> Action.newBuilder().setText(seen.getLegalActionNames(pick)).build();
        };
        StepResponse response = SESSIONS.step(StepRequest.newBuilder().setSessionId(id).setToken(tokens.get(seat))
            .setAction(action).build());
        assertTrue(response.getObservations(0).getActionMaskCount() == created.getGame().getNumDistinctActions());
        steps++;
        acted = true;
      }
      if (last.getStatus().getEndStatus() != EndStatus.END_STATUS_RUNNING) {
        break;
      }
      assertTrue(acted, name + ": nobody could act in a running episode: " + last.getStatus());
      assertTrue(steps <= maxLength * players, name + ": more steps than the game allows");
    }
    assertNotEquals(EndStatus.END_STATUS_UNSPECIFIED, last.getStatus().getEndStatus());
    assertEquals(players, last.getObservations(0).getReturnsCount());
    for (double value : last.getObservations(0).getReturnsList()) {
      assertTrue(value >= created.getGame().getMinUtility() - 1e-9 && value <= created.getGame().getMaxUtility() + 1e-9,
          name + ": return " + value + " outside the game's utility bounds");
    }
    SESSIONS.close(CloseSessionRequest.newBuilder().setSessionId(id).setToken(created.getToken()).build());
  }
}
