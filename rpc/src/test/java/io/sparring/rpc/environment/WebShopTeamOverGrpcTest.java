package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.agents.Decision;
import io.sparring.agents.Decision.RoleStep;
import io.sparring.agents.Role;
import io.sparring.agents.llm.FakeChatServer;
import io.sparring.agents.llm.FakeChatServer.Reply;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.StepResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A team of strategist, generator, verifier and refiner plays the web shop through the step API:
 * the server on a loopback socket keeps the session, and the client runs the team and sends each
 * decision as a Step ({@link SeatPlayer}). Once with the shop's scripted roles, once with {@code
 * llm} roles against a chat-completions server started here. Both on the five-product fixture's
 * black, small jumpsuit goal, with the rewards computed by hand.
 */
class WebShopTeamOverGrpcTest {
  private static final String SPEC = WebShopFixture.spec("invalid_reward=-0.1");

  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  private EnvironmentServer server;
  private EnvironmentGrpc.EnvironmentBlockingStub env;
  private long seed;

  @BeforeEach
  void start() throws Exception {
    server = grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        TestSessions.sessions(TestSessions.config().withGameFiles(WebShopFixture.five().getParent()))).start());
    ManagedChannel channel = grpc.register(NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build());
    env = EnvironmentGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    seed = WebShopFixture.jumpsuitSeed(env, SPEC);
  }

  private CreateSessionResponse session() {
    return env.createSession(CreateSessionRequest.newBuilder().setGame(SPEC).setSeed(seed).addSeats(0).build());
  }

  private static RoleStep role(SeatPlayer.Turn turn, Role role) {
    return turn.decision().roleSteps().stream().filter(s -> s.role() == role).findFirst()
        .orElseThrow(() -> new AssertionError("no " + role + " in " + turn.decision().roleSteps()));
  }

  private static List<Role> roles(SeatPlayer.Turn turn) {
    return turn.decision().roleSteps().stream().map(RoleStep::role).toList();
  }

  private static StepResponse last(List<SeatPlayer.Turn> turns) {
    return turns.getLast().answer();
  }

  @Test
  void theScriptedVerifierRejectsBuyingWithoutTheNamedOptionsAndTheRefinerRepairs() {
    String team = "team(strategist=webshop_scripted, generator=webshop_scripted(choose_options=false),"
        + " verifier=webshop_scripted, refiner=webshop_scripted)";
    Game game = Games.create(SPEC); // the client's copy of the game, for the agents and the mirror
    Agent agent = Agents.create(team, game, 1);
    List<SeatPlayer.Turn> turns = SeatPlayer.play(env, session(), game, agent, game.newInitialState(seed));

    assertEquals(List.of("search[" + WebShopFixture.JUMPSUIT_GOAL + "]", "click[b000000001]", "click[black]",
        "click[small]", "click[buy now]"), SeatPlayer.sent(turns));
    for (SeatPlayer.Turn turn : turns) {
      assertEquals(List.of(Role.STRATEGIST, Role.GENERATOR, Role.VERIFIER), roles(turn).subList(0, 3));
      assertFalse(turn.answer().getNoOp());
    }
    assertTrue(role(turns.getFirst(), Role.STRATEGIST).decision().text().startsWith("search the instruction"));
    // The generator would buy at once; the verifier rejects (black unchosen), the refiner clicks it.
    SeatPlayer.Turn black = turns.get(2);
    assertEquals(List.of(Role.STRATEGIST, Role.GENERATOR, Role.VERIFIER, Role.REFINER), roles(black));
    assertEquals("proposal: 6 click[buy now]", role(black, Role.VERIFIER).input());
    assertEquals(Decision.Verdict.REJECT, role(black, Role.VERIFIER).decision().verdict());
    assertEquals("the instruction asks for 'black', which is not chosen; click[black] first",
        role(black, Role.VERIFIER).decision().text());
    assertEquals("click[black]", role(black, Role.REFINER).decision().freeText());
    // Then size: rejected again, repaired again.
    SeatPlayer.Turn small = turns.get(3);
    assertEquals(Decision.Verdict.REJECT, role(small, Role.VERIFIER).decision().verdict());
    assertTrue(role(small, Role.VERIFIER).decision().text().contains("'small'"));
    assertEquals("click[small]", role(small, Role.REFINER).decision().freeText());
    assertEquals(Decision.Verdict.ACCEPT, role(turns.getLast(), Role.VERIFIER).decision().verdict());

    assertEquals(EndStatus.END_STATUS_TERMINATED, last(turns).getStatus().getEndStatus());
    // Hand-computed: r_type 1, attributes 2/2, options 2/2, $39.99 within the bound: 5 / 5 = 1.
    assertEquals(1.0, last(turns).getObservations(0).getReturns(0), 1e-12);
    assertEquals(5, last(turns).getStatus().getMoveNumber());
  }

  @Test
  void theScriptedGeneratorAloneBuysWithoutOptions() {
    Game game = Games.create(SPEC);
    Agent alone = Agents.create("webshop_scripted(choose_options=false)", game, 1);
    List<SeatPlayer.Turn> turns = SeatPlayer.play(env, session(), game, alone, game.newInitialState(seed));

    assertEquals(List.of("search[" + WebShopFixture.JUMPSUIT_GOAL + "]", "click[b000000001]", "click[buy now]"),
        SeatPlayer.sent(turns));
    // r_type 1, attributes 2/2, options 0/2, price 1: (2 + 0 + 1) / 5 = 0.6.
    assertEquals(0.6, last(turns).getObservations(0).getReturns(0), 1e-12);
  }

  @Test
  void anLlmTeamPlaysFromTheServersObservationsAlone() throws Exception {
    try (FakeChatServer chat = FakeChatServer.start()) {
      String llm = "llm(url='" + chat.url() + "', model='fake', retries=0, timeout=30)";
      String team = "team(strategist=" + llm + ", generator=" + llm + ", verifier=" + llm + ", refiner=" + llm
          + ", strategy_every=100)";
      chat.enqueue(
          // turn 1, the search page: the plan, a search, accepted
          Reply.content("<answer>Search for the jumpsuit, open it, choose black and small, then buy.</answer>"),
          Reply.content("The instruction names the product. <answer>search[slim fit women's jumpsuits]</answer>"),
          Reply.content("A search is the only move here. <answer>accept</answer>"),
          // turn 2, results: the wrong item, rejected, repaired
          Reply.content("The second one looks relaxed. <answer>click[b000000002]</answer>"),
          Reply.content("B000000002 is a relaxed jumpsuit; the instruction asks for slim fit, which is"
              + " B000000001. <answer>reject</answer>"),
          Reply.content("Following the critique. <answer>click[b000000001]</answer>"),
          // turn 3, the item: black
          Reply.content("<answer>click[black]</answer>"),
          Reply.content("<answer>accept</answer>"),
          // turn 4: a size that is not on the page, which the verifier lets through: a no-op move
          Reply.content("<answer>click[medium]</answer>"),
          Reply.content("Looks fine. <answer>accept</answer>"),
          // turn 5: small; turn 6: buy
          Reply.content("<answer>click[small]</answer>"),
          Reply.content("<answer>accept</answer>"),
          Reply.content("<answer>click[buy now]</answer>"),
          Reply.content("Black and small are chosen and $39.99 is within the bound. <answer>accept</answer>"));
      Game game = Games.create(SPEC);
      Agent agent = Agents.create(team, game, 1);
      List<SeatPlayer.Turn> turns = SeatPlayer.play(env, session(), game, agent, null); // no mirror

      assertEquals(List.of("search[slim fit women's jumpsuits]", "click[b000000001]", "click[black]",
          "click[medium]", "click[small]", "click[buy now]"), SeatPlayer.sent(turns));
      assertEquals(14, chat.requests().size(), "every scripted reply was asked for, and no more");

      // The recorded roles: the strategy once, then each turn's generator and verifier.
      assertEquals(List.of(Role.STRATEGIST, Role.GENERATOR, Role.VERIFIER), roles(turns.getFirst()));
      assertEquals("Search for the jumpsuit, open it, choose black and small, then buy.",
          role(turns.getFirst(), Role.STRATEGIST).decision().text());
      assertEquals("search[slim fit women's jumpsuits]", role(turns.getFirst(), Role.GENERATOR).decision().freeText());
      SeatPlayer.Turn wrong = turns.get(1);
      assertEquals(List.of(Role.GENERATOR, Role.VERIFIER, Role.REFINER), roles(wrong));
      assertEquals("proposal: 8 click[b000000002]", role(wrong, Role.VERIFIER).input());
      assertEquals(Decision.Verdict.REJECT, role(wrong, Role.VERIFIER).decision().verdict());
      assertEquals("B000000002 is a relaxed jumpsuit; the instruction asks for slim fit, which is B000000001.",
          role(wrong, Role.VERIFIER).decision().text());
      assertTrue(role(wrong, Role.REFINER).input().endsWith("critique: " + role(wrong, Role.VERIFIER).decision().text()));
      assertEquals(7, role(wrong, Role.REFINER).decision().action(), "the refiner's click, read by name: slot 0");
      SeatPlayer.Turn medium = turns.get(3);
      assertEquals(Decision.NO_ACTION, medium.decision().action(), "no such click on the page: sent as text");
      assertTrue(medium.answer().getNoOp());

      // The models were shown the server's pages.
      String verifierOfWrong = chat.requests().get(4).userMessage();
      assertTrue(verifierOfWrong.contains("You are the verifier"), verifierOfWrong);
      assertTrue(verifierOfWrong.contains(WebShopFixture.JUMPSUIT_GOAL), verifierOfWrong);
      assertTrue(verifierOfWrong.contains("Page 1 (Total results: 2)"), verifierOfWrong);
      assertTrue(verifierOfWrong.contains("[8] click[b000000002]"), verifierOfWrong);
      assertTrue(chat.requests().get(5).userMessage().contains("B000000002 is a relaxed jumpsuit"),
          "the refiner read the critique");
      String generatorOnItem = chat.requests().get(6).userMessage();
      assertTrue(generatorOnItem.contains("Acme Slim Fit Jumpsuit for Women [SEP] Price: $39.99"), generatorOnItem);
      assertTrue(generatorOnItem.contains("Your team's strategy: Search for the jumpsuit"), generatorOnItem);

      assertEquals(EndStatus.END_STATUS_TERMINATED, last(turns).getStatus().getEndStatus());
      assertEquals(6, last(turns).getStatus().getMoveNumber());
      // Hand-computed: the purchase scores 1 (as above), and the no-op costs 0.1.
      assertEquals(1.0, last(turns).getObservations(0).getRewards(0), 1e-12);
      assertEquals(0.9, last(turns).getObservations(0).getReturns(0), 1e-12);
    }
  }
}
