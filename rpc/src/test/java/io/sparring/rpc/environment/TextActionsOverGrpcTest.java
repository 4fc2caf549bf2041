package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.TestSessions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.GameFacts;
import io.sparring.proto.v1.GameInfo;
import io.sparring.proto.v1.ListGamesRequest;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import io.sparring.proto.v1.UnusableText;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** word_chain, a game of free text, played over gRPC with Action.text. */
class TextActionsOverGrpcTest {
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  private EnvironmentGrpc.EnvironmentBlockingStub env;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    grpc.register(new EnvironmentServer(InProcessServerBuilder.forName(name).directExecutor(),
        TestSessions.sessions()).start());
    ManagedChannel channel = grpc.register(InProcessChannelBuilder.forName(name).directExecutor().build());
    env = EnvironmentGrpc.newBlockingStub(channel);
  }

  private StepResponse say(CreateSessionResponse session, int seat, String text) {
    return env.step(StepRequest.newBuilder().setSessionId(session.getSessionId()).setToken(session.getToken())
        .setSeat(seat).setAction(Action.newBuilder().setText(text)).build());
  }

  @Test
  void gameFactsNameTheTextForms() {
    GameInfo wordChain = env.listGames(ListGamesRequest.getDefaultInstance()).getGamesList().stream()
        .filter(g -> g.getName().equals("word_chain")).findFirst().orElseThrow();

    GameFacts facts = wordChain.getDefaults();
    assertEquals(0, facts.getNumDistinctActions());
    assertEquals(List.of(0), facts.getObservationTensorShapeList());
    assertEquals("say[WORD]", facts.getTextActions().getForms(0).getPattern());
    assertEquals("say[apple]", facts.getTextActions().getForms(0).getExample());
    assertEquals(UnusableText.UNUSABLE_TEXT_NO_OP, facts.getTextActions().getUnusable());
    assertEquals(-1, facts.getTextActions().getNoOpReward());
    GameInfo ticTacToe = env.listGames(ListGamesRequest.getDefaultInstance()).getGamesList().stream()
        .filter(g -> g.getName().equals("tic_tac_toe")).findFirst().orElseThrow();
    assertEquals(0, ticTacToe.getDefaults().getTextActions().getFormsCount());
  }

  @Test
  void wordChainPlaysByTextWithNoOpsReported() {
    CreateSessionResponse session = env.createSession(CreateSessionRequest.newBuilder()
        .setGame("word_chain(rounds=2, invalid_reward=-0.5)").setSeed(1).addSeats(0).addSeats(1).build());
    assertTrue(session.getObservations(0).getText().contains("Write a text action: say[WORD]"),
        session.getObservations(0).getText());

    assertFalse(say(session, 0, "say[apple]").getNoOp());
    assertFalse(say(session, 1, " SAY[Egg] ").getNoOp());
    StepResponse repeat = say(session, 0, "say[apple]");
    assertTrue(repeat.getNoOp(), "apple was said, and egg ends in g");
    assertEquals(List.of(-0.5, 0.0), repeat.getObservations(0).getRewardsList());
    StepResponse last = say(session, 1, "say[goat]");

    assertEquals(EndStatus.END_STATUS_TERMINATED, last.getStatus().getEndStatus());
    assertEquals(List.of(0.5, 2.0), last.getObservations(1).getReturnsList());
    assertEquals(4, last.getStatus().getMoveNumber());
  }

  @Test
  void refusedTextIsInvalidArgumentAndChangesNothing() {
    CreateSessionResponse session = env.createSession(CreateSessionRequest.newBuilder()
        .setGame("tic_tac_toe").setSeed(1).addSeats(0).addSeats(1).build());

    assertStatus(Status.Code.INVALID_ARGUMENT, () -> say(session, 0, "say[apple]"),
        "could not read a legal action for seat 0 from the text 'say[apple]'");
    StepResponse named = say(session, 0, "X(1,1)");
    assertFalse(named.getNoOp());
    assertEquals(1, named.getStatus().getMoveNumber(), "the refused text made no move");
  }
}
