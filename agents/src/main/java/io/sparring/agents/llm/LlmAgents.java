package io.sparring.agents.llm;

import io.sparring.agents.Agent;
import io.sparring.agents.AgentProvider;
import io.sparring.agents.Decision;
import io.sparring.agents.SeatView;
import io.sparring.agents.TurnContext;
import io.sparring.core.game.Game;
import io.sparring.core.game.Observation;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The {@code llm} backend: a model behind an OpenAI-compatible chat-completions endpoint (vLLM,
 * llama.cpp, Ollama, a hosted API) plays any role. Each call renders the role's prompt template,
 * asks the endpoint once (with retries) and reads the reply: an action for the generator and
 * refiner, accept/reject with a critique for the verifier, a strategy for the strategist. Each
 * request carries a seed drawn from the agent's seed, so a server that honours seeds replays a
 * match. Unless {@code logprobs=false}, requests ask for the completion's tokens and
 * log-probabilities (and token ids, where the server offers them), which the decision carries to
 * the role's record untouched.
 */
public final class LlmAgents implements AgentProvider {
  /** Where the key is read from; tests replace it, since a JVM cannot set its own environment. */
  private final UnaryOperator<String> environment;

  public LlmAgents() {
    this(System::getenv);
  }

  LlmAgents(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public String name() {
    return "llm";
  }

  @Override
  public String description() {
    return "a model behind an OpenAI-compatible chat-completions endpoint (docs/llm.md)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        new Parameter("url", Parameter.Type.TEXT, null, 0, 0,
            "base URL of the OpenAI-compatible API, e.g. 'http://localhost:8000/v1'"),
        new Parameter("model", Parameter.Type.TEXT, null, 0, 0, "the model name the server knows"),
        Parameter.real("temperature", 0.7, "sampling temperature"),
        Parameter.integer("max_tokens", 512, 1, 1_000_000, "longest reply, in tokens"),
        Parameter.real("timeout", 60, "seconds to wait for one reply"),
        Parameter.integer("retries", 3, 0, 100, "further attempts after a 429, 5xx, timeout or refused connection"),
        Parameter.real("backoff", 1, "seconds before the first retry, doubling each time (Retry-After wins)"),
        Parameter.integer("concurrency", 4, 1, 10_000, "requests in flight per endpoint URL, shared by all agents"),
        Parameter.text("api_key_env", "", "environment variable holding the API key (none if empty)"),
        Parameter.text("prompts", "", "directory of prompt templates overriding the shipped ones"),
        Parameter.bool("logprobs", true,
            "ask for the completion's tokens and logprobs and record them (a server refusing them is asked without)"),
        Parameter.bool("token_ids", true,
            "with logprobs, also ask for token ids (vLLM's return_token_ids; a server refusing it is asked without)"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    double timeout = arguments.getDouble("timeout");
    double backoff = arguments.getDouble("backoff");
    if (!(timeout > 0) || backoff < 0) {
      throw new SpecException("llm: timeout must be positive and backoff not negative, got timeout=%s, backoff=%s"
          .formatted(timeout, backoff));
    }
    ChatClient.Settings settings;
    try {
      settings = new ChatClient.Settings(ChatClient.endpoint(arguments.getString("url")),
          arguments.getString("model"), arguments.getDouble("temperature"), arguments.getInt("max_tokens"),
          Duration.ofMillis(Math.round(timeout * 1000)), arguments.getInt("retries"),
          Duration.ofMillis(Math.round(backoff * 1000)), arguments.getInt("concurrency"),
          arguments.getBoolean("logprobs"), arguments.getBoolean("token_ids"));
    } catch (IllegalArgumentException badUrl) {
      throw new SpecException("llm: " + badUrl.getMessage());
    }
    String keyVariable = arguments.getString("api_key_env");
    String key = "";
    if (!keyVariable.isEmpty()) {
      key = environment.apply(keyVariable);
      if (key == null || key.isBlank()) {
        throw new SpecException("llm: the environment variable " + keyVariable
            + " (api_key_env) is not set; export it with your API key");
      }
    }
    Optional<Path> directory = Optional.of(arguments.getString("prompts")).filter(d -> !d.isEmpty()).map(Path::of);
    if (directory.isPresent() && !Files.isDirectory(directory.get())) {
      throw new SpecException("llm: prompts directory " + directory.get() + " does not exist");
    }
    Prompts prompts;
    try {
      prompts = new Prompts(game.spec().name(), directory);
    } catch (IllegalArgumentException badTemplate) {
      throw new SpecException("llm: " + badTemplate.getMessage());
    }
    return new LlmAgent(game, new ChatClient(settings, key.strip()), prompts, seed);
  }

  /** One model in one role-playing seat; its requests' seeds follow from the agent's seed. */
  private static final class LlmAgent implements Agent {
    private final Game game;
    private final ChatClient chat;
    private final Prompts prompts;
    private final SplittableRandom seeds;

    LlmAgent(Game game, ChatClient chat, Prompts prompts, long seed) {
      this.game = game;
      this.chat = chat;
      this.prompts = prompts;
      this.seeds = new SplittableRandom(seed);
    }

    @Override
    public Decision decide(SeatView view, TurnContext context) {
      Map<String, String> variables = variables(view, context);
      List<ChatClient.Message> messages = List.of(
          new ChatClient.Message("system", prompts.system(variables)),
          new ChatClient.Message("user", prompts.user(context.role(), variables)));
      long requestSeed;
      synchronized (seeds) {
        requestSeed = seeds.nextInt(Integer.MAX_VALUE); // servers take 31-bit seeds safely
      }
      ChatClient.Reply reply = chat.complete(messages, requestSeed);
      Decision decision = switch (context.role()) {
        case STRATEGIST -> Answers.strategy(reply.content());
        case VERIFIER -> Answers.verdict(reply.content());
        case GENERATOR, REFINER -> Answers.action(reply.content(), view);
      };
      return decision.withTokens(reply.tokens()); // recorded untouched on the role's output
    }

    private Map<String, String> variables(SeatView view, TurnContext context) {
      Observation observation = view.observation();
      String rulesLine = "Rules: " + game.rules();
      String text = observation.text();
      if (text.startsWith(rulesLine)) {
        text = text.substring(rulesLine.length()).strip(); // the template states the rules every time
      }
      StringBuilder legal = new StringBuilder();
      for (int i = 0; i < observation.legalActions().size(); i++) {
        legal.append('[').append(observation.legalActions().get(i)).append("] ")
            .append(observation.legalActionNames().get(i)).append('\n');
      }
      Map<String, String> v = new HashMap<>();
      v.put("game", game.spec().toString());
      v.put("seat", Integer.toString(view.seat()));
      v.put("rules", game.rules());
      v.put("observation", text);
      v.put("legal_actions", legal.toString().strip());
      v.put("strategy", context.strategy());
      v.put("proposal", context.proposal().map(p -> describe(view, p)).orElse(""));
      v.put("proposal_text", context.proposal()
          .map(p -> p.text().equals(p.freeText()) ? "" : p.text()).orElse(""));
      v.put("critique", context.critique().map(Decision::text).orElse(""));
      v.put("feedback", context.feedback());
      v.put("round", Integer.toString(context.round()));
      return v;
    }

    private static String describe(SeatView view, Decision proposal) {
      if (proposal.action() == Decision.NO_ACTION) {
        return "'" + proposal.freeText() + "' (not a legal action as written)";
      }
      int index = view.observation().legalActions().indexOf(proposal.action());
      return index < 0 ? "[" + proposal.action() + "] (not a legal action)"
          : "[" + proposal.action() + "] " + view.observation().legalActionNames().get(index);
    }

    @Override
    public String toString() {
      return "llm agent for " + game.spec() + " via " + chat;
    }
  }
}
