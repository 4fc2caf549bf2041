package io.sparring.agents.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  private FakeChatServer(HttpServer server) {
    this.server = server;
  }

  public static FakeChatServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FakeChatServer fake = new FakeChatServer(http);
    http.createContext("/v1/chat/completions", fake::handle);
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
        reply = Reply.content(play(request));
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

  @Override
  public void close() {
    server.stop(0);
  }
}
