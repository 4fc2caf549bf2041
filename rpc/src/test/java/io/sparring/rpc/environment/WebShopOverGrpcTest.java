package io.sparring.rpc.environment;

import static io.sparring.rpc.environment.TestSessions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparring.proto.v1.Action;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EndStatus;
import io.sparring.proto.v1.EnvironmentGrpc;
import io.sparring.proto.v1.GameFacts;
import io.sparring.proto.v1.SeatObservation;
import io.sparring.proto.v1.StepRequest;
import io.sparring.proto.v1.StepResponse;
import io.sparring.proto.v1.UnusableText;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web shop on a real loopback socket: its pages, clicks by index, name and text, searches as
 * text actions, unusable text as recorded no-op moves, the step limit, and the three observation
 * modes, on the five-product fixture with hand-computed rewards.
 */
class WebShopOverGrpcTest {
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  private EnvironmentGrpc.EnvironmentBlockingStub env;

  @BeforeEach
  void start() throws Exception {
    EnvironmentServer server = grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        TestSessions.sessions(TestSessions.config().withGameFiles(WebShopFixture.five().getParent()))).start());
    ManagedChannel channel = grpc.register(NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build());
    env = EnvironmentGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private CreateSessionResponse create(String spec) {
    long seed = WebShopFixture.jumpsuitSeed(env, spec);
    return env.createSession(CreateSessionRequest.newBuilder().setGame(spec).setSeed(seed).addSeats(0).build());
  }

  private StepResponse step(CreateSessionResponse session, Action action) {
    return env.step(StepRequest.newBuilder().setSessionId(session.getSessionId()).setToken(session.getToken())
        .setAction(action).build());
  }

  private static Action text(String text) {
    return Action.newBuilder().setText(text).build();
  }

  private static SeatObservation seen(StepResponse response) {
    return response.getObservations(0).getSeatObservation();
  }

  /**
   * The attack: a client names a folder of the server's machine as a catalog, to make the server
   * read its files. Only files under {@code serve --game-files} may be named, none without it.
   */
  @Test
  void aClientNamesNoFileOutsideTheFolderTheServerAllows() throws Exception {
    EnvironmentServer closed = grpc.register(new EnvironmentServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), TestSessions.sessions()).start());
    var strict = EnvironmentGrpc.newBlockingStub(grpc.register(NettyChannelBuilder.forAddress("127.0.0.1",
        closed.port()).usePlaintext().build())).withDeadlineAfter(60, TimeUnit.SECONDS);
    assertStatus(Status.Code.PERMISSION_DENIED, () -> strict.createSession(CreateSessionRequest.newBuilder()
        .setGame(WebShopFixture.spec("")).addSeats(0).build()), "lets clients name none", "serve --game-files DIR");

    java.nio.file.Path outside = java.nio.file.Files.createTempDirectory("not-allowed");
    for (String catalog : List.of(outside.toString(), WebShopFixture.five() + "/../../../..", "/no/such/folder")) {
      assertStatus(Status.Code.PERMISSION_DENIED, () -> env.createSession(CreateSessionRequest.newBuilder()
          .setGame("webshop(catalog='" + catalog + "')").addSeats(0).build()),
          "is not a file under the folder this server lets");
    }
    assertTrue(!create(WebShopFixture.spec("")).getSessionId().isEmpty(), "the allowed folder serves");
  }

  @Test
  void theGameFactsNameTheTextFormsAndTheNoOpReward() {
    GameFacts facts = create(WebShopFixture.spec("invalid_reward=-0.1")).getGame();

    assertEquals(1, facts.getNumPlayers());
    assertEquals(List.of("search[QUERY]", "click[LABEL]"),
        facts.getTextActions().getFormsList().stream().map(f -> f.getPattern()).toList());
    assertEquals(UnusableText.UNUSABLE_TEXT_NO_OP, facts.getTextActions().getUnusable());
    assertEquals(-0.1, facts.getTextActions().getNoOpReward(), 1e-12);
    assertEquals(15, facts.getMaxGameLength());
    assertEquals(-1.5, facts.getMinUtility(), 1e-12, "15 no-ops at -0.1");
    assertEquals(1.0, facts.getMaxUtility(), 1e-12);
  }

  @Test
  void searchOpenChooseAndBuyWithNoOpsRecordedOnTheWay() {
    CreateSessionResponse session = create(WebShopFixture.spec("invalid_reward=-0.1"));
    SeatObservation first = session.getObservations(0).getSeatObservation();
    assertTrue(first.getText().contains("WebShop [SEP] Instruction: [SEP] " + WebShopFixture.JUMPSUIT_GOAL),
        first.getText());
    assertEquals(List.of(), first.getLegalActionsList(), "the search page has no clicks; a search is text");

    // A click on the search page is no label there: a recorded no-op, not an error.
    StepResponse noOp = step(session, text("click[buy now]"));
    assertTrue(noOp.getNoOp());
    assertTrue(noOp.getApplied());
    assertEquals(EndStatus.END_STATUS_RUNNING, noOp.getStatus().getEndStatus());
    assertEquals(1, noOp.getStatus().getMoveNumber(), "a no-op counts toward max_steps");
    assertEquals(List.of(-0.1), noOp.getObservations(0).getRewardsList());
    assertTrue(seen(noOp).getText().contains("[SEP] Search"), "still the search page");

    StepResponse results = step(session, text("search[slim fit jumpsuit]"));
    assertFalse(results.getNoOp());
    assertEquals(List.of(0.0), results.getObservations(0).getRewardsList());
    assertTrue(seen(results).getText().contains("Page 1 (Total results: 2)"), seen(results).getText());
    assertEquals(List.of("click[back to search]", "click[next >]", "click[b000000001]", "click[b000000002]"),
        seen(results).getLegalActionNamesList());
    assertEquals(List.of(0, 1, 7, 8), seen(results).getLegalActionsList(), "the fixed indices: slots from 7");

    // A search anywhere but the search page is a no-op too; a click is taken by name.
    assertTrue(step(session, text("search[coffee]")).getNoOp());
    StepResponse item = step(session, Action.newBuilder().setName("click[b000000001]").build());
    assertFalse(item.getNoOp());
    String page = seen(item).getText();
    assertTrue(page.contains("Acme Slim Fit Jumpsuit for Women [SEP] Price: $39.99"), page);
    assertTrue(seen(item).getLegalActionNamesList().containsAll(
        List.of("click[buy now]", "click[black]", "click[navy blue]", "click[small]", "click[large]")),
        seen(item).getLegalActionNamesList().toString());

    // A click written as text, in any case, is the click; free text is a no-op.
    assertFalse(step(session, text("click[ Black ]")).getNoOp());
    StepResponse freeText = step(session, text("I would like to buy this one"));
    assertTrue(freeText.getNoOp());
    assertEquals(6, freeText.getStatus().getMoveNumber());
    assertEquals(List.of(-0.3), freeText.getObservations(0).getReturnsList().stream()
        .map(r -> Math.round(r * 1e9) / 1e9).toList(), "three no-ops");

    StepResponse bought = step(session, Action.newBuilder().setIndex(6).build()); // 6: buy now
    assertEquals(EndStatus.END_STATUS_TERMINATED, bought.getStatus().getEndStatus());
    assertTrue(seen(bought).getText().contains("Thank you for shopping with us!"), seen(bought).getText());
    // Hand-computed: r_type 1 (same product), attributes 2/2, options 1/2 (black, not small),
    // 39.99 within the bound: (2 + 1 + 1) / 5 = 0.8, and three no-ops at -0.1.
    assertEquals(0.8, bought.getObservations(0).getRewards(0), 1e-12);
    assertEquals(0.8 - 0.3, bought.getObservations(0).getReturns(0), 1e-12);
    assertStatus(Status.Code.FAILED_PRECONDITION, () -> step(session, text("search[again]")), "is over");
  }

  @Test
  void noOpsAloneReachTheStepLimit() {
    CreateSessionResponse session = create(WebShopFixture.spec("max_steps=3, invalid_reward=-0.25"));
    assertTrue(step(session, text("hello")).getNoOp());
    assertTrue(step(session, text("search[]")).getNoOp(), "a blank search does nothing");
    StepResponse last = step(session, text("click[next >]"));

    assertTrue(last.getNoOp());
    assertEquals(EndStatus.END_STATUS_TRUNCATED, last.getStatus().getEndStatus());
    assertEquals(-0.75, last.getObservations(0).getReturns(0), 1e-12);
  }

  /** Search, open the jumpsuit and choose black in one observation mode; the item page's text. */
  private String itemPageWithBlackChosen(String mode) {
    CreateSessionResponse session = create(WebShopFixture.spec("observation=" + mode));
    step(session, text("search[slim fit jumpsuit]"));
    step(session, text("click[b000000001]"));
    StepResponse chosen = step(session, text("click[black]"));
    assertFalse(chosen.getNoOp());
    assertTrue(chosen.getObservations(0).getText().equals(seen(chosen).getText()), "FULL's older copy agrees");
    return seen(chosen).getText();
  }

  @Test
  void theThreeObservationModes() {
    String text = itemPageWithBlackChosen("text");
    assertTrue(text.contains("Instruction: [SEP] " + WebShopFixture.JUMPSUIT_GOAL), text);
    assertTrue(text.contains("[SEP] color [SEP] black [SEP] navy blue [SEP] size [SEP] small [SEP] large [SEP]"), text);
    assertFalse(text.contains("clicked"), "the text mode does not mark chosen options, as in WebShop");

    String rich = itemPageWithBlackChosen("text_rich");
    assertTrue(rich.contains("You have clicked black."), rich);
    assertTrue(rich.contains("  [clicked button] black [clicked button_]\n  [button] navy blue [button_]"), rich);
    assertTrue(rich.contains("[button] Buy Now [button_]"), rich);
    assertFalse(rich.contains("[SEP]"), rich);

    String html = itemPageWithBlackChosen("html");
    assertTrue(html.contains("<div id=\"instruction-text\"><h4>Instruction:<br>"), html);
    assertTrue(html.contains("<input type=\"radio\" name=\"color\" value=\"black\" checked><label>black</label>"), html);
    assertTrue(html.contains("<input type=\"radio\" name=\"size\" value=\"small\"><label>small</label>"), html);
    assertTrue(html.contains("<button type=\"submit\" class=\"btn\">Buy Now</button>"), html);
  }
}
