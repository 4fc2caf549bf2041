package io.sparring.agents.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol, for tests.
 * Scripted replies (any status, body, headers and delay) are served first, in order; with none
 * left it plays like a weak model: from the shipped prompts it accepts as a verifier, writes a
 * strategy as a strategist, and otherwise picks one of the listed legal actions ({@code [4] X(1,1)})
 * with the request's seed. It records every request and counts those in flight at once.
 *
 * <p>Asked for {@code logprobs}, its played replies carry {@code choices[0].logprobs.content[]}
 * ({@code token}, {@code logprob}, {@code bytes}) for a made-up tokenization of the reply, and, in
 * {@link TokenMode#VLLM}, {@code choices[0].token_ids} when asked with {@code return_token_ids};
 * other modes ignore or refuse those fields as real servers do. It keeps what it served.
 */
public final class FakeChatServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LEGAL = Pattern.compile("^\\[(\\d+)] (.+)$", Pattern.MULTILINE);

  /** One scripted reply. */
  public record Reply(int status, String body, Map<String, String> headers, Duration delay) {
    /** A 200 whose assistant message is {@code content}. */
    public static Reply content(String content) {
      return new Reply(200, completion(content), Map.of(), Duration.ZERO);
    }

    public static Reply status(int status, String body) {
      return new Reply(status, body, Map.of(), Duration.ZERO);
    }

    public Reply after(Duration wait) {
      return new Reply(status, body, headers, wait);
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> more = new java.util.HashMap<>(headers);
      more.put(name, value);
      return new Reply(status, body, more, delay);
    }
  }

  /** How the server treats requests for the completion's tokens. */
  public enum TokenMode {
    /** Logprobs when asked; {@code return_token_ids} ignored (llama.cpp, Ollama). */
    LENIENT,
    /** Logprobs when asked, and token ids when asked with {@code return_token_ids} (vLLM). */
    VLLM,
    /** Logprobs when asked; HTTP 400 for a request with {@code return_token_ids} (OpenAI). */
    STRICT,
    /** HTTP 400 for a request asking for logprobs or token ids (a model that offers neither). */
    REFUSING,
    /** Neither field is read; replies carry no tokens. */
    SILENT
  }

  /** A played reply and the tokens it was sent with (empty lists when none were). */
  public record Served(String content, List<String> tokens, List<Double> logprobs, List<Integer> ids) {}

  /** What a client sent. */
  public record Request(String authorization, JsonNode body, long receivedNanos) {
    public String userMessage() {
      for (JsonNode message : body.path("messages")) {
        if (message.path("role").asText().equals("user")) {
          return message.path("content").asText();
        }
      }
      return "";
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final List<Served> served = new CopyOnWriteArrayList<>();
  private volatile TokenMode tokenMode = TokenMode.LENIENT;
  private final List<String> models = new CopyOnWriteArrayList<>();

  private FakeChatServer(HttpServer server) {
    this.server = server;
  }

  public static FakeChatServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FakeChatServer fake = new FakeChatServer(http);
    http.createContext("/v1/chat/completions", fake::handle);
    http.createContext("/v1/models", fake::listModels);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.start();
    return fake;
  }

  /** The base URL to give {@code llm(url=…)}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public FakeChatServer enqueue(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  public int mostInFlight() {
    return mostInFlight.get();
  }

  public FakeChatServer tokenMode(TokenMode mode) {
    this.tokenMode = mode;
    return this;
  }

  /** Adds model names to what GET /v1/models lists (as a server that loaded a new LoRA would). */
  public FakeChatServer serve(String... names) {
    models.addAll(List.of(names));
    return this;
  }

  private void listModels(HttpExchange exchange) throws IOException {
    try (exchange) {
      var data = JSON.createArrayNode();
      models.forEach(name -> data.addObject().put("id", name).put("object", "model"));
      byte[] bytes = JSON.createObjectNode().put("object", "list").set("data", data).toString()
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** The played (not scripted) replies in the order they were sent, with their tokens. */
  public List<Served> served() {
    return new ArrayList<>(served);
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    mostInFlight.accumulateAndGet(now, Math::max);
    try (exchange) {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"), body,
          System.nanoTime());
      requests.add(request);
      Reply reply = script.poll();
      if (reply == null) {
        reply = answer(request);
      }
      if (reply.delay().isPositive()) {
        Thread.sleep(reply.delay());
      }
      reply.headers().forEach(exchange.getResponseHeaders()::add);
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException | IOException closed) {
      // the client gave up (a timeout test); nothing to answer
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private Reply answer(Request request) {
    boolean logprobs = request.body().path("logprobs").asBoolean(false);
    boolean ids = request.body().path("return_token_ids").asBoolean(false);
    TokenMode mode = tokenMode;
    if ((mode == TokenMode.STRICT && ids) || (mode == TokenMode.REFUSING && (logprobs || ids))) {
      String field = mode == TokenMode.STRICT || !logprobs ? "return_token_ids" : "logprobs";
      return Reply.status(400, "{\"error\": {\"message\": \"Unrecognized request argument supplied: "
          + field + "\", \"type\": \"invalid_request_error\"}}");
    }
    String content = play(request);
    if (mode == TokenMode.SILENT || !logprobs) {
      served.add(new Served(content, List.of(), List.of(), List.of()));
      return Reply.content(content);
    }
    Served tokens = tokenize(content, mode == TokenMode.VLLM && ids);
    served.add(tokens);
    return new Reply(200, completion(tokens), Map.of(), Duration.ZERO);
  }

  /**
   * A made-up tokenization: pieces of up to four characters, each with a log-probability in
   * (-1, 0] and an id from its text, so that every piece and number is checkable after the trip.
   */
  static Served tokenize(String content, boolean withIds) {
    List<String> tokens = new ArrayList<>();
    List<Double> logprobs = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int at = 0; at < content.length(); at += 4) {
      String token = content.substring(at, Math.min(content.length(), at + 4));
      tokens.add(token);
      logprobs.add(-Math.floorMod(token.hashCode(), 1000) / 1024.0 - 1e-7 * tokens.size());
      if (withIds) {
        ids.add(Math.floorMod(token.hashCode(), 150_000));
      }
    }
    return new Served(content, tokens, logprobs, ids);
  }

  private static String play(Request request) {
    String prompt = request.userMessage();
    if (prompt.contains("You are the verifier")) {
      return "The proposal is legal. <answer>accept</answer>";
    }
    if (prompt.contains("You are the strategist")) {
      return "Take the centre, then block. <answer>Take the centre first; block any line of two.</answer>";
    }
    List<String> names = new ArrayList<>();
    Matcher legal = LEGAL.matcher(prompt);
    while (legal.find()) {
      names.add(legal.group(2).strip());
    }
    if (names.isEmpty()) {
      return "I see no legal actions.";
    }
    SplittableRandom random = new SplittableRandom(request.body().path("seed").asLong());
    return "Thinking it over. <answer>" + names.get(random.nextInt(names.size())) + "</answer>";
  }

  /** A chat-completions response body with one choice. */
  public static String completion(String content) {
    return JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion")
        .put("model", "fake")
        .set("choices", JSON.createArrayNode().add(JSON.createObjectNode().put("index", 0)
            .put("finish_reason", "stop")
            .set("message", JSON.createObjectNode().put("role", "assistant").put("content", content))))
        .toString();
  }

  /** A chat-completions response body whose choice carries the served tokens, as OpenAI and vLLM write them. */
  public static String completion(Served tokens) {
    ObjectNode choice = JSON.createObjectNode().put("index", 0).put("finish_reason", "stop");
    choice.set("message", JSON.createObjectNode().put("role", "assistant").put("content", tokens.content()));
    ArrayNode content = choice.putObject("logprobs").putArray("content");
    for (int i = 0; i < tokens.tokens().size(); i++) {
      ObjectNode entry = content.addObject().put("token", tokens.tokens().get(i))
          .put("logprob", tokens.logprobs().get(i));
      ArrayNode bytes = entry.putArray("bytes");
      for (byte b : tokens.tokens().get(i).getBytes(StandardCharsets.UTF_8)) {
        bytes.add(b & 0xff);
      }
      entry.putArray("top_logprobs");
    }
    if (!tokens.ids().isEmpty()) {
      ArrayNode ids = choice.putArray("token_ids");
      tokens.ids().forEach(ids::add);
    }
    return JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion")
        .put("model", "fake").set("choices", JSON.createArrayNode().add(choice)).toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
