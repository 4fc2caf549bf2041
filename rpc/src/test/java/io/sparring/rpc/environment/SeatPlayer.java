package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.Agent;
import io.sparring.agents.Decision;
import io.sparring.agents.SeatView;
import io.sparring.agents.TurnContext;
import io.sparring.agents.Worlds;
import io.sparring.agents.match.ObservationMessages;
import io.sparring.agents.match.SeatViews;
import io.sparring.core.game.Game;
import io.sparring.core.game.Observation;
import io.sparring.core.game.State;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A client that plays one seat of a server session with a Sparring agent (a team, say): each turn
 * it reads the seat's observation from the server's answer, asks the agent, and sends the decision
 * as a Step (an index, or free text as {@code Action.text}). The server keeps the game; the client
 * keeps what each turn's roles said.
 *
 * <p>An agent that reads only the observation (an {@code llm} role) needs nothing else. An agent
 * that searches or reads the state (the web shop's scripted roles) gets a <em>mirror</em>: the same
 * game and seed on the client, replaying the moves sent; each turn the mirror must show exactly
 * what the server sent, so the agent decides on the server's page.
 */
final class SeatPlayer {
  /** One turn: what the agent decided (with each role's step), what was sent, what came back. */
  record Turn(Observation seen, Decision decision, Action sent, StepResponse answer) {}

  private SeatPlayer() {}

  /** Plays the session's seat 0 to the end of its episode; the turns in order. */
  static List<Turn> play(EnvironmentGrpc.EnvironmentBlockingStub env, CreateSessionResponse session, Game game,
      Agent agent, State mirror) {
    List<Turn> turns = new ArrayList<>();
    List<Decision> history = new ArrayList<>();
    Observation seen = ObservationMessages.read(session.getObservations(0).getSeatObservation()).observation();
    EndStatus end = session.getStatus().getEndStatus();
    while (end == EndStatus.END_STATUS_RUNNING) {
      Observation now = seen;
      SeatView view = mirror == null
          ? new SeatView(game, now, history, noWorlds(), text -> byName(now, text))
          : mirrored(mirror, now, history);
      Decision decision = agent.decide(view, TurnContext.alone());
      Action action = decision.action() != Decision.NO_ACTION
          ? Action.newBuilder().setIndex(decision.action()).build()
          : Action.newBuilder().setText(decision.freeText()).build();
      StepResponse answer = env.step(StepRequest.newBuilder().setSessionId(session.getSessionId())
          .setToken(session.getToken()).setAction(action).build());
      if (mirror != null) {
        if (action.hasIndex()) {
          mirror.apply(action.getIndex());
        } else {
          assertEquals(answer.getNoOp(), !mirror.applyText(0, action.getText()), "the mirror took the text as the server did");
        }
      }
      turns.add(new Turn(seen, decision, action, answer));
      history.add(decision);
      seen = ObservationMessages.read(answer.getObservations(0).getSeatObservation()).observation();
      end = answer.getStatus().getEndStatus();
    }
    return turns;
  }

  /** The mirror's view, holding the server's observation, after checking that the two agree. */
  private static SeatView mirrored(State mirror, Observation seen, List<Decision> history) {
    SeatView local = SeatViews.of(mirror, 0, history);
    assertEquals(seen.text(), local.observation().text(), "the mirror shows what the server sent");
    assertEquals(seen.legalActions(), local.observation().legalActions());
    return new SeatView(local.game(), seen, history, local.worlds(), local.actionParser());
  }

  private static Worlds noWorlds() {
    return random -> {
      throw new UnsupportedOperationException("a client of the step API sees its observation, not the state");
    };
  }

  /** Reads an action as the server reads {@code Action.name}: a legal action's name in any case, or its number. */
  static int byName(Observation seen, String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (int i = 0; i < seen.legalActions().size(); i++) {
      if (seen.legalActionNames().get(i).toLowerCase(Locale.ROOT).equals(wanted)
          || String.valueOf(seen.legalActions().get(i)).equals(wanted)) {
        return seen.legalActions().get(i);
      }
    }
    throw new IllegalArgumentException("'" + text + "' is no legal action; legal: " + seen.legalActionNames());
  }

  /** The names of the actions the turns sent: a click's name, or the text sent. */
  static List<String> sent(List<Turn> turns) {
    List<String> names = new ArrayList<>();
    for (Turn turn : turns) {
      if (turn.sent().hasIndex()) {
        int at = turn.seen().legalActions().indexOf(turn.sent().getIndex());
        assertTrue(at >= 0, "sent a legal index");
        names.add(turn.seen().legalActionNames().get(at));
      } else {
        names.add(turn.sent().getText());
      }
    }
    return names;
  }
}
