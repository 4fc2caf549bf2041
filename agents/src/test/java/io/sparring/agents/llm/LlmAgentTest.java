package io.sparring.agents.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.agents.Agent;
import io.sparring.agents.Agents;
import io.sparring.agents.Decision;
import io.sparring.agents.DecisionTimeout;
import io.sparring.agents.Role;
import io.sparring.agents.SeatView;
import io.sparring.agents.TurnContext;
import io.sparring.agents.llm.FakeChatServer.Reply;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.SeatViews;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.Trajectories;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.proto.v1.ViolationKind;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The llm backend against a real local HTTP server speaking chat completions. */
class LlmAgentTest {
  /** Set by surefire (agents/pom.xml), as a user would export it. */
  private static final String KEY_VARIABLE = "SPARRING_TEST_API_KEY";
  private static final String KEY = "sk-test-9f8e7d6c5b4a";
  private static final Game TIC_TAC_TOE = Games.create("tic_tac_toe");

  private FakeChatServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = FakeChatServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private String spec(String more) {
    return "llm(url='" + server.url() + "', model='test-model', backoff=0.01" + more + ")";
  }

  private Agent agent(String more) {
    Spec spec = Spec.parse(spec(more));
    return new LlmAgents(Map.of(KEY_VARIABLE, KEY)::get)
        .create(Agents.registry().arguments(spec), TIC_TAC_TOE, 11);
  }

  private static SeatView opening() {
    return SeatViews.of(TIC_TAC_TOE.newInitialState(1), 0, List.of());
  }

  @Test
  void sendsAChatCompletionRequestAndPlaysTheTaggedAnswer() {
    server.enqueue(Reply.content("The centre is strongest. <answer>x(1,1)</answer>"));
    Decision decision = agent(", temperature=0.2, max_tokens=99, api_key_env=" + KEY_VARIABLE)
        .decide(opening(), TurnContext.alone());

    State state = TIC_TAC_TOE.newInitialState(1);
    assertEquals(state.parseAction(0, "x(1,1)"), decision.action());
    assertTrue(decision.text().contains("The centre is strongest"), "the reasoning is kept as the text");
    FakeChatServer.Request request = server.requests().getFirst();
    assertEquals("Bearer " + KEY, request.authorization());
    assertEquals("test-model", request.body().path("model").asText());
    assertEquals(0.2, request.body().path("temperature").asDouble());
    assertEquals(99, request.body().path("max_tokens").asInt());
    assertTrue(request.body().path("seed").isIntegralNumber(), request.body().toString());
    assertEquals("system", request.body().path("messages").path(0).path("role").asText());
    String prompt = request.userMessage();
    assertTrue(prompt.contains(TIC_TAC_TOE.rules()), prompt);
    assertTrue(prompt.contains("[4] x(1,1)") || prompt.contains("[4] X(1,1)"), prompt);
    assertTrue(prompt.contains("<answer>ACTION</answer>"), prompt);
  }

  @Test
  void parserTakesTheAnswerTagThenABracketThenABareActionAndOtherwiseNothing() {
    SeatView view = opening();
    int centre = view.parseAction("4");
    assertEquals(centre, Answers.action("maybe [0] but <answer>4</answer>", view).action(), "tag first");
    assertEquals(centre, Answers.action("I would play [8]... no: [4].", view).action(), "last bracket");
    assertEquals(centre, Answers.action("<answer>a corner</answer> so [4]", view).action(),
        "an unreadable tag falls through to the bracket");
    assertEquals(centre, Answers.action("Let me think.\n4.", view).action(), "bare action on the last line");
    assertEquals(centre, Answers.action(view.observation().legalActionNames().get(4), view).action());
    Decision unreadable = Answers.action("I resign <answer>the middle one</answer>", view);
    assertEquals(Decision.NO_ACTION, unreadable.action());
    assertEquals("the middle one", unreadable.freeText(), "the match is handed the tagged answer");
    assertEquals(Decision.NO_ACTION, Answers.action("", view).action());
  }

  @Test
  void verifierAndStrategistRepliesAreRead() {
    Decision reject = Answers.verdict("Corner is weak here; take the centre. <answer>reject</answer>");
    assertEquals(Decision.Verdict.REJECT, reject.verdict());
    assertEquals("Corner is weak here; take the centre.", reject.text());
    assertEquals(Decision.Verdict.ACCEPT, Answers.verdict("Looks right. I accept.").verdict());
    Decision none = Answers.verdict("Hmm.");
    assertEquals(Decision.Verdict.ACCEPT, none.verdict(), "no verdict: the proposal stands");
    assertTrue(none.text().contains("Hmm."));
    assertEquals("Block every line.", Answers.strategy("Plan: <answer> Block every line. </answer>").text());
    assertEquals("Play safe.", Answers.strategy("Play safe.").text());
  }

  @Test
  void retriesAfter429HonouringRetryAfter() {
    server.enqueue(Reply.status(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "0.3"),
        Reply.content("<answer>4</answer>"));
    assertEquals(4, agent("").decide(opening(), TurnContext.alone()).action());
    List<FakeChatServer.Request> requests = server.requests();
    assertEquals(2, requests.size());
    long waited = requests.get(1).receivedNanos() - requests.get(0).receivedNanos();
    assertTrue(waited >= Duration.ofMillis(300).toNanos(), "retried after " + waited / 1e6 + " ms");
  }

  @Test
  void retriesServerErrorsUpToTheLimitThenFailsSayingWhy() {
    server.enqueue(Reply.status(500, "boom"), Reply.status(503, "busy"), Reply.content("<answer>4</answer>"));
    assertEquals(4, agent(", retries=2").decide(opening(), TurnContext.alone()).action());
    assertEquals(3, server.requests().size());

    server.enqueue(Reply.status(500, "boom"), Reply.status(502, "bad gateway"));
    IllegalStateException failed = assertThrows(IllegalStateException.class,
        () -> agent(", retries=1").decide(opening(), TurnContext.alone()));
    assertTrue(failed.getMessage().contains("HTTP 502") && failed.getMessage().contains("2 attempts"),
        failed.getMessage());
  }

  @Test
  void aClientErrorIsNotRetried() {
    server.enqueue(Reply.status(404, "{\"error\":\"model 'test-model' not found\"}"));
    IllegalStateException failed = assertThrows(IllegalStateException.class,
        () -> agent(", retries=5").decide(opening(), TurnContext.alone()));
    assertTrue(failed.getMessage().contains("not found"), failed.getMessage());
    assertEquals(1, server.requests().size());
  }

  @Test
  void aSlowServerTimesOutAfterItsRetries() {
    server.enqueue(Reply.content("<answer>4</answer>").after(Duration.ofSeconds(3)),
        Reply.content("<answer>4</answer>").after(Duration.ofSeconds(3)));
    long start = System.nanoTime();
    DecisionTimeout late = assertThrows(DecisionTimeout.class,
        () -> agent(", timeout=0.2, retries=1").decide(opening(), TurnContext.alone()));
    assertTrue(late.getMessage().contains("no answer within 200 ms"), late.getMessage());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "it did not wait for the reply");
  }

  @Test
  void malformedRepliesFailTheDecision() {
    server.enqueue(Reply.status(200, "{not json"), Reply.status(200, "{\"choices\": []}"));
    Agent agent = agent("");
    assertTrue(assertThrows(IllegalStateException.class, () -> agent.decide(opening(), TurnContext.alone()))
        .getMessage().contains("malformed JSON"));
    assertTrue(assertThrows(IllegalStateException.class, () -> agent.decide(opening(), TurnContext.alone()))
        .getMessage().contains("without choices[0].message.content"));
  }

  @Test
  void inAMatchTimeoutsMalformedAndUnreadableRepliesAreViolations() {
    // seat 0 is the llm; seat 1 random. The random policy keeps the match going after each one.
    server.enqueue(
        Reply.content("<answer>4</answer>").after(Duration.ofSeconds(2)), // timeout=0.2, retries=0
        Reply.status(200, "garbage"),
        Reply.content("I would rather not say."));
    Trajectory t = match(spec(", timeout=0.2, retries=0"), new ViolationPolicy.RandomAction());
    List<TurnRecord> llmTurns = turnsOf(t, 0);
    assertEquals(ViolationKind.VIOLATION_KIND_TIMEOUT, llmTurns.get(0).getViolations(0).getKind());
    assertEquals(ViolationKind.VIOLATION_KIND_ERROR, llmTurns.get(1).getViolations(0).getKind());
    assertTrue(llmTurns.get(1).getViolations(0).getMessage().contains("malformed JSON"));
    assertEquals(ViolationKind.VIOLATION_KIND_INVALID_OUTPUT, llmTurns.get(2).getViolations(0).getKind());
    assertTrue(llmTurns.get(2).getViolations(0).getMessage().contains("legal"),
        llmTurns.get(2).getViolations(0).getMessage());
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());
  }

  @Test
  void anInvalidAnswerUnderRetryIsAskedAgainWithTheErrorAsFeedback() {
    server.enqueue(Reply.content("<answer>the middle</answer>"), Reply.content("<answer>4</answer>"));
    Trajectory t = match(spec(""), ViolationPolicy.parse("retry(times=1, then=penalty)"));
    TurnRecord first = turnsOf(t, 0).getFirst();
    assertEquals(1, first.getViolationsCount());
    assertEquals(4, first.getAction().getIndex());
    String retryPrompt = server.requests().get(1).userMessage();
    assertTrue(retryPrompt.contains("Your previous answer was refused: 'the middle' is not a legal action"),
        retryPrompt);
  }

  @Test
  void aTeamOfModelsPlaysAWholeGameAndTheSameSeedSendsTheSameSeeds() {
    String llm = spec("");
    String team = "team(strategist=" + llm + ", generator=" + llm + ", verifier=" + llm
        + ", refiner=" + llm + ")";
    Trajectory t = match(team, ViolationPolicy.defaultPolicy());
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());
    TurnRecord first = turnsOf(t, 0).getFirst();
    assertEquals(List.of(io.sparring.proto.v1.Role.ROLE_STRATEGIST, io.sparring.proto.v1.Role.ROLE_GENERATOR,
        io.sparring.proto.v1.Role.ROLE_VERIFIER), first.getRolesList().stream().map(r -> r.getRole()).toList());
    assertTrue(server.requests().get(1).userMessage().contains("Your team's strategy: Take the centre"),
        "the generator sees the strategy");
    assertTrue(server.requests().get(2).userMessage().contains("proposes: ["), "the verifier sees the proposal");
    List<Long> seeds = server.requests().stream().map(r -> r.body().path("seed").asLong()).toList();

    Trajectory again = match(team, ViolationPolicy.defaultPolicy());
    List<Long> seedsAgain = server.requests().subList(seeds.size(), server.requests().size()).stream()
        .map(r -> r.body().path("seed").asLong()).toList();
    assertEquals(seeds, seedsAgain);
    String latency = "\"latencyMicros\":\\s*\"?\\d+\"?";
    assertTrue(Trajectories.toJson(t).replaceAll(latency, "")
        .equals(Trajectories.toJson(again).replaceAll(latency, "")), "the replayed match differs");
  }

  @Test
  void theKeyNeverLeaksIntoMessagesRecordsOrToString() {
    // A server that echoes the Authorization header in its error, as some do.
    server.enqueue(Reply.status(401, "{\"error\": \"invalid key Bearer " + KEY + "\"}"));
    String spec = spec(", api_key_env=" + KEY_VARIABLE);
    assertEquals(KEY, System.getenv(KEY_VARIABLE), "surefire sets the key variable (agents/pom.xml)");
    Trajectory t = match(spec, ViolationPolicy.defaultPolicy());
    String record = Trajectories.toJson(t);
    String message = turnsOf(t, 0).getFirst().getViolations(0).getMessage();
    assertTrue(message.contains("HTTP 401") && message.contains("[api key]"), message);
    assertFalse(record.contains(KEY), record);
    assertTrue(record.contains("api_key_env"), "the spec names the variable, not the key");
    assertEquals("Bearer " + KEY, server.requests().getFirst().authorization());
    Agent agent = Agents.create(spec, TIC_TAC_TOE, 1);
    assertFalse(agent.toString().contains(KEY), agent.toString());
  }

  @Test
  void aMissingKeyVariableOrBadSpecIsAClearError() {
    SpecException missing = assertThrows(SpecException.class,
        () -> agent(", api_key_env=NO_SUCH_VARIABLE_FOR_SPARRING"));
    assertTrue(missing.getMessage().contains("NO_SUCH_VARIABLE_FOR_SPARRING"), missing.getMessage());
    assertThrows(SpecException.class, () -> Agents.create("llm(model='m')", TIC_TAC_TOE, 1));
    SpecException url = assertThrows(SpecException.class,
        () -> Agents.create("llm(url='ftp://x', model='m')", TIC_TAC_TOE, 1));
    assertTrue(url.getMessage().contains("http"), url.getMessage());
  }

  @Test
  void concurrencyIsLimitedPerEndpointAcrossAgents() throws Exception {
    for (int i = 0; i < 6; i++) {
      server.enqueue(Reply.content("<answer>4</answer>").after(Duration.ofMillis(150)));
    }
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      agents.add(agent(", concurrency=2"));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
      List<Future<Decision>> decisions = new ArrayList<>();
      for (Agent a : agents) {
        decisions.add(pool.submit(() -> a.decide(opening(), TurnContext.alone())));
      }
      for (Future<Decision> d : decisions) {
        assertEquals(4, d.get().action());
      }
    }
    assertEquals(2, server.mostInFlight());
  }

  @Test
  void promptTemplatesCanBeOverriddenPerGameFromADirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("generator.txt"), "GENERIC {{observation}}");
    Files.createDirectory(dir.resolve("tic_tac_toe"));
    Files.writeString(dir.resolve("tic_tac_toe/generator.txt"),
        "TTT {{legal_actions}}{{#strategy}} STRATEGY {{strategy}}{{/strategy}}");
    server.enqueue(Reply.content("[4]"));
    agent(", prompts='" + dir + "'").decide(opening(), TurnContext.alone());
    String prompt = server.requests().getFirst().userMessage();
    assertTrue(prompt.startsWith("TTT [0]"), prompt);
    assertFalse(prompt.contains("STRATEGY"), "an empty section is dropped");

    Files.writeString(dir.resolve("tic_tac_toe/verifier.txt"), "{{observaton}}");
    SpecException typo = assertThrows(SpecException.class, () -> agent(", prompts='" + dir + "'"));
    assertTrue(typo.getMessage().contains("{{observaton}}"), typo.getMessage());
  }

  @Test
  void theVerifierPromptCarriesTheProposal() {
    server.enqueue(Reply.content("Too passive. <answer>reject</answer>"));
    Decision proposal = Decision.action(0).withText("corner first");
    Decision verdict = agent("").decide(opening(), new TurnContext(Role.VERIFIER, "", Optional.of(proposal),
        Optional.empty(), 1, ""));
    assertEquals(Decision.Verdict.REJECT, verdict.verdict());
    String prompt = server.requests().getFirst().userMessage();
    assertTrue(prompt.contains("proposes: [0] "), prompt);
    assertTrue(prompt.contains("Their reasoning: corner first"), prompt);
    assertNotNull(verdict.text());
  }

  private Trajectory match(String llmSpec, ViolationPolicy policy) {
    return MatchRunner.play(new MatchConfig(TIC_TAC_TOE, 3,
        List.of(new Seating(List.of(0), Spec.parse(llmSpec), ""), Seating.of(1, "random")),
        policy, Optional.empty(), "llm-test"));
  }

  private static List<TurnRecord> turnsOf(Trajectory t, int seat) {
    return t.getStepsList().stream().flatMap(s -> s.getTurnsList().stream())
        .filter(turn -> turn.getSeat() == seat).toList();
  }
}
