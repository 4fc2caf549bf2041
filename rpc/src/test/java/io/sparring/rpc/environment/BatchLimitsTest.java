package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.TestSessions.assertStatus;
import static io.sparring.rpc.environment.TestSessions.index;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status.Code;
import io.sparring.proto.v1.BatchStepRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.ObserveRequest;
import io.sparring.proto.v1.ResetRequest;
import io.sparring.proto.v1.StepRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A BatchStep too large is refused before any of its items is applied. */
class BatchLimitsTest {
  @Test
  void tooManyItemsChangeNothing() {
    try (Sessions sessions = TestSessions.sessions(TestSessions.config().withMaxBatchItems(3))) {
      CreateSessionResponse a = create(sessions);
      BatchStepRequest.Builder batch = BatchStepRequest.newBuilder();
      for (int i = 0; i < 4; i++) {
        batch.addResets(reset(a));
      }
      assertStatus(Code.RESOURCE_EXHAUSTED, () -> sessions.batchStep(batch.build()),
          "at most 3 resets and steps together (the server's max batch items), got 4");
      assertEquals(1, episode(sessions, a));
    }
  }

  @Test
  void aResponseTooLargeIsRefusedBeforeAnythingIsApplied() {
    try (Sessions sessions = TestSessions.sessions(TestSessions.config().withMaxBatchResponseBytes(64 << 10))) {
      List<CreateSessionResponse> created = new ArrayList<>();
      BatchStepRequest.Builder batch = BatchStepRequest.newBuilder();
      for (int i = 0; i < 200; i++) {
        CreateSessionResponse s = create(sessions);
        created.add(s);
        batch.addSteps(StepRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken())
            .setSeat(0).setAction(index(4)));
        batch.addResets(reset(s));
      }
      assertStatus(Code.RESOURCE_EXHAUSTED, () -> sessions.batchStep(batch.build()),
          "(the server's max batch response bytes)", "65536", "nothing was applied. Split it");
      for (CreateSessionResponse s : created) {
        assertEquals(1, episode(sessions, s), "no reset was applied");
        assertEquals(0, sessions.observe(observe(s)).getStatus().getMoveNumber(), "no step was applied");
      }
      // A batch that fits still works.
      BatchStepRequest small = BatchStepRequest.newBuilder().addResets(reset(created.get(0))).build();
      assertEquals(2, sessions.batchStep(small).getResets(0).getResponse().getStatus().getEpisode());
    }
  }

  private static CreateSessionResponse create(Sessions sessions) {
    return sessions.create(CreateSessionRequest.newBuilder().setGame("tic_tac_toe").setSeed(1)
        .addSeats(0).addSeats(1).build());
  }

  private static ResetRequest reset(CreateSessionResponse s) {
    return ResetRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken()).build();
  }

  private static ObserveRequest observe(CreateSessionResponse s) {
    return ObserveRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken()).build();
  }

  private static long episode(Sessions sessions, CreateSessionResponse s) {
    return sessions.observe(observe(s)).getStatus().getEpisode();
  }
}
