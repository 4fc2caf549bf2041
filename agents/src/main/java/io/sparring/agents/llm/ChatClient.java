package io.sparring.agents.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparring.agents.DecisionTimeout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenAI-compatible chat-completions endpoint: sends the messages, retries with exponential
 * backoff on 429, 5xx, timeouts and refused connections (honouring {@code Retry-After}), and limits
 * the requests in flight per endpoint URL across every agent in the JVM. The API key is sent as a
 * bearer token and is removed from every message this class writes.
 */
final class ChatClient {
  private static final Logger LOG = LoggerFactory.getLogger(ChatClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  // HTTP/1.1: without it the client asks plain-http servers to upgrade to h2c, which some
  // OpenAI-compatible servers mishandle
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
  private static final Map<URI, Limit> LIMITS = new ConcurrentHashMap<>();
  private static final int BODY_SHOWN = 300;

  /** Everything about a request except the key. */
  record Settings(URI endpoint, String model, double temperature, int maxTokens, Duration timeout,
      int retries, Duration backoff, int concurrency) {}

  /** The shared limit of one endpoint; the first agent created for a URL fixes its size. */
  private record Limit(int permits, Semaphore semaphore) {}

  /** A chat message. */
  record Message(String role, String content) {}

  private final Settings settings;
  private final String apiKey;
  private final Semaphore inFlight;

  /** {@code apiKey} may be empty (local servers need none). */
  ChatClient(Settings settings, String apiKey) {
    this.settings = settings;
    this.apiKey = apiKey;
    Limit limit = LIMITS.computeIfAbsent(settings.endpoint(),
        url -> new Limit(settings.concurrency(), new Semaphore(settings.concurrency(), true)));
    if (limit.permits() != settings.concurrency()) {
      LOG.warn("{} is already limited to {} requests at once; concurrency={} is ignored",
          settings.endpoint(), limit.permits(), settings.concurrency());
    }
    this.inFlight = limit.semaphore();
  }

  /** The endpoint for a base URL such as {@code http://localhost:8000/v1}. */
  static URI endpoint(String url) {
    String base = url.strip();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    URI uri = URI.create(base.endsWith("/chat/completions") ? base : base + "/chat/completions");
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("url '" + url + "' is not an http or https URL");
    }
    return uri;
  }

  /** The assistant's reply to {@code messages}; {@code seed} makes sampling repeatable where the server supports it. */
  String complete(List<Message> messages, long seed) {
    String body = requestBody(messages, seed);
    String failure = "";
    boolean timedOut = false;
    for (int attempt = 0; attempt <= settings.retries(); attempt++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint())
          .timeout(settings.timeout())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (!apiKey.isEmpty()) {
        request.header("Authorization", "Bearer " + apiKey);
      }
      Duration wait = backoff(attempt);
      try {
        HttpResponse<String> response = send(request.build());
        int status = response.statusCode();
        if (status == 200) {
          return content(response.body());
        }
        failure = "%s answered HTTP %d: %s".formatted(settings.endpoint(), status, shorten(response.body()));
        if (status != 429 && status < 500) {
          throw new IllegalStateException(redact(failure)); // a bad request or key: retrying cannot help
        }
        timedOut = false;
        wait = retryAfter(response).orElse(wait);
      } catch (HttpTimeoutException late) {
        failure = "%s gave no answer within %d ms".formatted(settings.endpoint(), settings.timeout().toMillis());
        timedOut = true;
      } catch (IOException unreachable) {
        failure = "cannot reach %s: %s".formatted(settings.endpoint(), unreachable);
        timedOut = false;
      }
      if (attempt < settings.retries()) {
        LOG.debug("attempt {} of {} failed ({}); next in {} ms", attempt + 1, settings.retries() + 1,
            redact(failure), wait.toMillis());
        sleep(wait);
      }
    }
    String message = redact(failure + " (" + (settings.retries() + 1) + " attempts)");
    throw timedOut ? new DecisionTimeout(message) : new IllegalStateException(message);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      inFlight.acquire();
      try {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      } finally {
        inFlight.release();
      }
    } catch (InterruptedException interrupted) {
      // the match gave up on this decision (its time budget): stop, keeping the flag
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + settings.endpoint(), interrupted);
    }
  }

  private String requestBody(List<Message> messages, long seed) {
    ObjectNode root = JSON.createObjectNode()
        .put("model", settings.model())
        .put("temperature", settings.temperature())
        .put("max_tokens", settings.maxTokens())
        .put("seed", seed);
    ArrayNode list = root.putArray("messages");
    for (Message m : messages) {
      list.addObject().put("role", m.role()).put("content", m.content());
    }
    return root.toString();
  }

  private String content(String body) {
    JsonNode reply;
    try {
      reply = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(redact("%s answered with malformed JSON: %s"
          .formatted(settings.endpoint(), shorten(body))), null);
    }
    JsonNode content = reply.path("choices").path(0).path("message").path("content");
    if (!content.isTextual()) {
      throw new IllegalStateException(redact("%s answered without choices[0].message.content: %s"
          .formatted(settings.endpoint(), shorten(body))));
    }
    return content.asText();
  }

  private Duration backoff(int attempt) {
    Duration wait = settings.backoff().multipliedBy(1L << Math.min(attempt, 20));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  /** {@code Retry-After} in seconds (the HTTP-date form is rare from these servers and falls back to backoff). */
  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(value -> {
      try {
        Duration wait = Duration.ofMillis(Math.round(Double.parseDouble(value.strip()) * 1000));
        return Optional.of(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait);
      } catch (NumberFormatException | ArithmeticException notSeconds) {
        return Optional.empty();
      }
    });
  }

  private void sleep(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry " + settings.endpoint(), interrupted);
    }
  }

  private static String shorten(String body) {
    String flat = body.strip().replaceAll("\\s+", " ");
    return flat.length() <= BODY_SHOWN ? "'" + flat + "'" : "'" + flat.substring(0, BODY_SHOWN) + "…'";
  }

  /** The text without the key, should a server echo it back. */
  private String redact(String text) {
    return apiKey.isEmpty() ? text : text.replace(apiKey, "[api key]");
  }

  @Override
  public String toString() {
    return "ChatClient[" + settings + "]";
  }
}
