package io.sparring.agents.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparring.agents.CompletionTokens;
import io.sparring.agents.llm.FakeChatServer.Served;
import io.sparring.agents.llm.FakeChatServer.TokenMode;
import io.sparring.agents.match.CompactRecords;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.Trajectories;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.spec.Spec;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.Trajectory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The llm agent asks for its completion's tokens and records them untouched (issue 17, item 4). */
class LlmTokensTest {
  private static final Game TIC_TAC_TOE = Games.create("tic_tac_toe");
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeChatServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = FakeChatServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private String llm(String more) {
    return "llm(url='" + server.url() + "', model='test-model', backoff=0.01" + more + ")";
  }

  @Test
  void aVllmServersTokensLogprobsAndIdsReachTheRecordUntouched() {
    server.tokenMode(TokenMode.VLLM);
    Trajectory t = match(llm(""));
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());
    List<RoleOutput> roles = llmRoles(t);
    List<Served> served = server.served();
    assertEquals(served.size(), roles.size(), "one served reply per recorded role");
    for (int i = 0; i < roles.size(); i++) {
      assertServed(served.get(i), roles.get(i));
      assertFalse(roles.get(i).getTokenIdsList().isEmpty(), "vLLM gives ids");
    }
    JsonNode body = server.requests().getFirst().body();
    assertTrue(body.path("logprobs").asBoolean(), body.toString());
    assertTrue(body.path("return_token_ids").asBoolean(), body.toString());
    assertFalse(roles.getFirst().hasLogProbability(), "the action's log-probability stays unset");
  }

  @Test
  void everyRoleOfATeamKeepsItsOwnTokens() {
    server.tokenMode(TokenMode.VLLM);
    String team = "team(strategist=" + llm("") + ", generator=" + llm("") + ", verifier=" + llm("") + ")";
    Trajectory t = match(team);
    List<RoleOutput> roles = llmRoles(t);
    List<Served> served = server.served();
    assertEquals(served.size(), roles.size());
    assertTrue(roles.size() >= 3, "strategist, generator and verifier at least once");
    for (int i = 0; i < roles.size(); i++) {
      assertServed(served.get(i), roles.get(i));
    }
  }

  @Test
  void anOpenAiStyleServerRefusingTokenIdsIsAskedForLogprobsOnly() {
    server.tokenMode(TokenMode.STRICT);
    Trajectory t = match(llm(""));
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());
    List<RoleOutput> roles = llmRoles(t);
    List<Served> served = server.served();
    assertEquals(served.size(), roles.size());
    for (int i = 0; i < roles.size(); i++) {
      assertServed(served.get(i), roles.get(i));
      assertTrue(roles.get(i).getTokenIdsList().isEmpty(), "no ids from this server");
      assertFalse(roles.get(i).getTokensList().isEmpty());
    }
    List<FakeChatServer.Request> requests = server.requests();
    assertEquals(roles.size() + 1, requests.size(), "one refused request, then no more");
    assertTrue(requests.get(0).body().has("return_token_ids"));
    assertFalse(requests.get(1).body().has("return_token_ids"));
    assertTrue(requests.getLast().body().path("logprobs").asBoolean());
    assertFalse(requests.getLast().body().has("return_token_ids"), "the refusal is remembered");
  }

  @Test
  void aServerRefusingLogprobsLeavesTheFieldsEmptyAndPlayGoesOn() {
    server.tokenMode(TokenMode.REFUSING);
    Trajectory t = match(llm(""));
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());
    List<RoleOutput> roles = llmRoles(t);
    assertFalse(roles.isEmpty());
    roles.forEach(LlmTokensTest::assertNoTokens);
    assertTrue(t.getStepsList().stream().flatMap(s -> s.getTurnsList().stream())
        .allMatch(turn -> turn.getViolationsCount() == 0), "no violations from the refusals");
    List<FakeChatServer.Request> requests = server.requests();
    assertEquals(roles.size() + 2, requests.size(), "ids refused, then logprobs refused, then plain play");
    assertFalse(requests.getLast().body().has("logprobs"));
  }

  @Test
  void aServerThatIgnoresLogprobsLeavesTheFieldsEmpty() {
    server.tokenMode(TokenMode.SILENT);
    Trajectory t = match(llm(""));
    assertEquals(EndReason.END_REASON_TERMINATED, t.getEndReason());
    llmRoles(t).forEach(LlmTokensTest::assertNoTokens);
  }

  @Test
  void logprobsFalseAsksForNothing() {
    server.tokenMode(TokenMode.VLLM);
    Trajectory t = match(llm(", logprobs=false"));
    llmRoles(t).forEach(LlmTokensTest::assertNoTokens);
    server.requests().forEach(r -> {
      assertFalse(r.body().has("logprobs"), r.body().toString());
      assertFalse(r.body().has("return_token_ids"), r.body().toString());
    });
  }

  @Test
  void tokenIdsFalseAsksForLogprobsOnly() {
    server.tokenMode(TokenMode.VLLM);
    Trajectory t = match(llm(", token_ids=false"));
    llmRoles(t).forEach(role -> {
      assertFalse(role.getTokensList().isEmpty());
      assertTrue(role.getTokenIdsList().isEmpty());
    });
    server.requests().forEach(r -> assertFalse(r.body().has("return_token_ids"), r.body().toString()));
  }

  @Test
  void compactionKeepsTheTokensAndExpandGivesTheRecordBack() {
    server.tokenMode(TokenMode.VLLM);
    Trajectory full = match(llm(""));
    Trajectory compact = CompactRecords.compact(full);
    assertTrue(compact.getCompact(), "the record compacts");
    assertEquals(llmRoles(full), llmRoles(compact), "the llm roles, tokens and all, are kept");
    // expand gives the record back, but for the random seat's implied roles' latency (docs/records.md)
    assertEquals(llmRoles(full), llmRoles(CompactRecords.expand(compact)));
    assertEquals(CompactRecords.compact(CompactRecords.expand(compact)), compact);
    assertEquals(full, Trajectories.fromJson(Trajectories.toJson(full)), "JSON keeps every logprob exactly");
  }

  @Test
  void idsWrittenAsTokensByVllmAreRead() throws Exception {
    JsonNode choice = JSON.readTree("""
        {"message": {"content": "ab"}, "logprobs": {"content": [
          {"token": "token_id:64", "logprob": -0.25, "bytes": null, "top_logprobs": []},
          {"token": "token_id:65", "logprob": -1.5e-3, "bytes": null, "top_logprobs": []}]}}""");
    assertEquals(new CompletionTokens(List.of("token_id:64", "token_id:65"), List.of(-0.25, -1.5e-3),
        List.of(64, 65)), ChatClient.tokens(choice));
    JsonNode broken = JSON.readTree("""
        {"logprobs": {"content": [{"token": "a", "logprob": -1}, {"token": "b"}]}, "token_ids": [1, 2]}""");
    assertEquals(new CompletionTokens(List.of(), List.of(), List.of(1, 2)), ChatClient.tokens(broken),
        "an entry without a logprob drops them all; ids stand on their own");
    assertTrue(ChatClient.tokens(JSON.readTree("{\"logprobs\": null}")).isEmpty());
  }

  private static void assertServed(Served served, RoleOutput role) {
    assertEquals(served.tokens(), role.getTokensList(), role.toString());
    assertEquals(served.logprobs(), role.getTokenLogprobsList());
    assertEquals(served.ids(), role.getTokenIdsList());
    assertEquals(String.join("", served.tokens()), served.content(), "the fake's tokens spell the reply");
  }

  private static void assertNoTokens(RoleOutput role) {
    assertTrue(role.getTokensList().isEmpty() && role.getTokenLogprobsList().isEmpty()
        && role.getTokenIdsList().isEmpty(), role.toString());
  }

  private Trajectory match(String llmSpec) {
    return MatchRunner.play(new MatchConfig(TIC_TAC_TOE, 3,
        List.of(new Seating(List.of(0), Spec.parse(llmSpec), ""), Seating.of(1, "random")),
        ViolationPolicy.defaultPolicy(), Optional.empty(), "llm-tokens-test"));
  }

  /** Seat 0's role outputs in match order. */
  private static List<RoleOutput> llmRoles(Trajectory t) {
    return t.getStepsList().stream().flatMap(s -> s.getTurnsList().stream())
        .filter(turn -> turn.getSeat() == 0).flatMap(turn -> turn.getRolesList().stream()).toList();
  }
}
