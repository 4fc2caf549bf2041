package io.sparring.agents.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparring.agents.CompletionTokens;
import io.sparring.agents.DecisionTimeout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenAI-compatible chat-completions endpoint: sends the messages, retries with exponential
 * backoff on 429, 5xx, timeouts and refused connections (honouring {@code Retry-After}), and limits
 * the requests in flight per endpoint URL across every agent in the JVM. The API key is sent as a
 * bearer token and is removed from every message this class writes.
 *
 * <p>It may ask for the completion's tokens: {@code logprobs: true} (OpenAI's field; the reply's
 * {@code choices[0].logprobs.content[]} gives each {@code token} and {@code logprob}) and
 * {@code return_token_ids: true} (vLLM's extension; the reply's {@code choices[0].token_ids}).
 * A server that refuses a request asking for them (HTTP 400 or 422: strict servers reject fields
 * they do not know, some models reject logprobs) is asked again without the ids, then without the
 * logprobs, and the JVM remembers per endpoint and model what it accepted, so play goes on.
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
      int retries, Duration backoff, int concurrency, boolean logprobs, boolean tokenIds) {}

  /** The assistant's message and the tokens of the completion, where the server sent them. */
  record Reply(String content, CompletionTokens tokens) {}

  /** What a request asks for besides the message, from most to least. */
  private enum Asking {
    LOGPROBS_AND_IDS,
    LOGPROBS,
    NOTHING
  }

  /** A model on a server that refused a request asking for tokens, and what it accepts now. */
  private record Served(URI endpoint, String model) {}

  private static final Map<Served, Asking> ACCEPTED = new ConcurrentHashMap<>();
  private static final Pattern TOKEN_ID = Pattern.compile("token_id:(\\d+)");

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

  /**
   * The assistant's reply to {@code messages}, with its tokens where asked for and sent; {@code
   * seed} makes sampling repeatable where the server supports it.
   */
  Reply complete(List<Message> messages, long seed) {
    Served served = new Served(settings.endpoint(), settings.model());
    Asking asking = !settings.logprobs() ? Asking.NOTHING
        : settings.tokenIds() ? Asking.LOGPROBS_AND_IDS : Asking.LOGPROBS;
    Asking accepted = ACCEPTED.get(served);
    if (accepted != null && accepted.ordinal() > asking.ordinal()) {
      asking = accepted; // this server refused more before
    }
    while (true) {
      try {
        return exchange(requestBody(messages, seed, asking));
      } catch (Refused refused) {
        if (asking == Asking.NOTHING || (refused.status != 400 && refused.status != 422)) {
          throw refused;
        }
        Asking less = Asking.values()[asking.ordinal() + 1];
        LOG.warn("{} refused a request asking for {} ({}); asking for {} from now on", settings.endpoint(),
            asking == Asking.LOGPROBS ? "logprobs" : "logprobs and token ids", refused.getMessage(),
            less == Asking.NOTHING ? "no tokens" : "logprobs only");
        ACCEPTED.merge(served, less, (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
        asking = less;
      }
    }
  }

  /** A non-retryable refusal (4xx but 429); its message is redacted. */
  private static final class Refused extends IllegalStateException {
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private Reply exchange(String body) {
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
          return reply(response.body());
        }
        failure = "%s answered HTTP %d: %s".formatted(settings.endpoint(), status, shorten(response.body()));
        if (status != 429 && status < 500) {
          throw new Refused(status, redact(failure)); // a bad request or key: retrying cannot help
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

  private String requestBody(List<Message> messages, long seed, Asking asking) {
    ObjectNode root = JSON.createObjectNode()
        .put("model", settings.model())
        .put("temperature", settings.temperature())
        .put("max_tokens", settings.maxTokens())
        .put("seed", seed);
    if (asking != Asking.NOTHING) {
      root.put("logprobs", true);
    }
    if (asking == Asking.LOGPROBS_AND_IDS) {
      root.put("return_token_ids", true);
    }
    ArrayNode list = root.putArray("messages");
    for (Message m : messages) {
      list.addObject().put("role", m.role()).put("content", m.content());
    }
    return root.toString();
  }

  private Reply reply(String body) {
    JsonNode reply;
    try {
      reply = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(redact("%s answered with malformed JSON: %s"
          .formatted(settings.endpoint(), shorten(body))), null);
    }
    JsonNode choice = reply.path("choices").path(0);
    JsonNode content = choice.path("message").path("content");
    if (!content.isTextual()) {
      throw new IllegalStateException(redact("%s answered without choices[0].message.content: %s"
          .formatted(settings.endpoint(), shorten(body))));
    }
    return new Reply(content.asText(), tokens(choice));
  }

  /**
   * The choice's tokens as sent: {@code logprobs.content[]}'s {@code token} and {@code logprob}
   * (none if any entry lacks either), and {@code token_ids}, else ids parsed from tokens that are
   * all written {@code token_id:N} (vLLM's {@code return_tokens_as_token_ids}).
   */
  static CompletionTokens tokens(JsonNode choice) {
    List<String> tokens = new ArrayList<>();
    List<Double> logprobs = new ArrayList<>();
    for (JsonNode entry : choice.path("logprobs").path("content")) {
      if (!entry.path("token").isTextual() || !entry.path("logprob").isNumber()) {
        tokens.clear();
        logprobs.clear();
        break;
      }
      tokens.add(entry.path("token").asText());
      logprobs.add(entry.path("logprob").asDouble());
    }
    List<Integer> ids = new ArrayList<>();
    for (JsonNode id : choice.path("token_ids")) {
      if (!id.canConvertToInt() || !id.isIntegralNumber()) {
        ids.clear();
        break;
      }
      ids.add(id.asInt());
    }
    if (ids.isEmpty() && !tokens.isEmpty()) {
      for (String token : tokens) {
        Matcher written = TOKEN_ID.matcher(token);
        if (!written.matches()) {
          ids.clear();
          break;
        }
        try {
          ids.add(Integer.parseInt(written.group(1)));
        } catch (NumberFormatException tooLarge) {
          ids.clear();
          break;
        }
      }
    }
    return new CompletionTokens(tokens, logprobs, ids);
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
