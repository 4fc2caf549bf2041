package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.ResetRequest;
import io.sparring.proto.v1.StepRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A session's lifecycle is logged at DEBUG, so a server at its default level (warn) stays quiet. */
class QuietLogTest {
  @Test
  void sessionAndEpisodeLinesAreDebug() {
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    Logger logger = (Logger) LoggerFactory.getLogger("io.sparring.rpc.environment");
    Level before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(events);
    try (Sessions sessions = TestSessions.sessions()) {
      var s = sessions.create(CreateSessionRequest.newBuilder().setGame("tic_tac_toe").addSeats(0).addSeats(1).build());
      for (int action : new int[] {0, 3, 1, 4, 2}) {
        sessions.step(StepRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken())
            .setSeat(sessions.observe(io.sparring.proto.v1.ObserveRequest.newBuilder().setSessionId(s.getSessionId())
                .setToken(s.getToken()).build()).getStatus().getActingSeats(0))
            .setAction(TestSessions.index(action)).build());
      }
      sessions.reset(ResetRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken()).build());
      sessions.close(CloseSessionRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken()).build());
    } finally {
      logger.detachAppender(events);
      logger.setLevel(before);
    }
    List<ILoggingEvent> lines = events.list;
    assertFalse(lines.isEmpty(), "the lifecycle is still logged");
    for (ILoggingEvent line : lines) {
      assertEquals(Level.DEBUG, line.getLevel(), line.getFormattedMessage());
    }
  }
}
