package io.sparring.rpc.trainer;

import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import io.sparring.training.Learner;
import io.sparring.training.LearnerProvider;
import java.time.Duration;
import java.util.List;

/**
 * The {@code external(...)} learner: a player whose learning happens in a trainer outside the
 * league, fed by {@link ExperienceServer} (docs/trainers.md). Its learners are made by a {@link
 * TrainerHub} of a league started with {@code --serve-experience}; this provider only checks specs
 * and refuses to make one without a server.
 */
public final class ExternalLearners implements LearnerProvider {
  static final String MLP = "mlp";
  static final String MODEL = "model";

  @Override
  public String name() {
    return "external";
  }

  @Override
  public String description() {
    return "learns in a trainer outside the league (league run --serve-experience; docs/trainers.md)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.word("policy", MLP, "mlp: the trainer publishes MLP weights (mlp.json); model: it publishes"
            + " a model name that an OpenAI-compatible endpoint serves"),
        Parameter.integer("max_staleness", 1, -1, 1_000_000, "how many versions the league may run ahead of"
            + " the trainer's newest (0: wait for each version; -1: never wait for versions)"),
        Parameter.integer("batches_per_version", 1, 1, 1_000_000, "the batches of experience the trainer"
            + " trains each version on"),
        Parameter.integer("queue", 0, 0, 1_000_000, "unacknowledged batches the league holds before it waits"
            + " (0: (max_staleness + 1) x batches_per_version, or 4 x batches_per_version without staleness)"),
        Parameter.spec("agent", "none", "policy=model: the agent that plays a version, where '{model}' becomes"
            + " the version's model name, e.g. llm(url='http://127.0.0.1:8000/v1', model='{model}') or a team of them"),
        Parameter.text("model", "policy", "policy=model: the base model name; version 0 plays it, version N"
            + " plays NAME@N"),
        Parameter.text("endpoint", "", "policy=model: the endpoint's base URL (…/v1); a version is accepted"
            + " only once GET ENDPOINT/models lists NAME@N"),
        Parameter.real("publish_timeout", 30, "policy=model: seconds to wait for the endpoint to list a version"));
  }

  @Override
  public Learner create(Arguments arguments, Game game, long seed) {
    check(arguments, game);
    throw new SpecException("the external learner learns in a trainer that the league serves: start the league"
        + " with 'sparring league run --serve-experience [PORT]' (docs/trainers.md)");
  }

  @Override
  public void check(Arguments arguments, Game game) {
    settings(arguments);
  }

  /** The checked settings of a spec's arguments. */
  static Settings settings(Arguments arguments) {
    String policy = arguments.getString("policy");
    if (!policy.equals(MLP) && !policy.equals(MODEL)) {
      throw new SpecException("parameter 'policy' of learner external must be mlp or model, got '" + policy + "'");
    }
    String agent = arguments.getSpec("agent").toString();
    String endpoint = arguments.getString("endpoint").replaceAll("/+$", "");
    String model = arguments.getString("model");
    double timeout = arguments.getDouble("publish_timeout");
    if (policy.equals(MODEL)) {
      if (!agent.contains("{model}")) {
        throw new SpecException("learner external(policy=model) needs an agent with '{model}' where the version's"
            + " model name goes, e.g. agent=llm(url='http://127.0.0.1:8000/v1', model='{model}')");
      }
      if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
        throw new SpecException("learner external(policy=model) needs endpoint='http://HOST:PORT/v1', the"
            + " OpenAI-compatible server whose /models must list each version, got '" + endpoint + "'");
      }
      if (!model.matches("[A-Za-z0-9][A-Za-z0-9._/:-]*")) {
        throw new SpecException("parameter 'model' of learner external must be a model name (letters, digits,"
            + " '.', '_', '/', ':', '-'), got '" + model + "'");
      }
    } else if (!agent.equals("none") || !endpoint.isEmpty()) {
      throw new SpecException("parameters 'agent' and 'endpoint' of learner external are for policy=model");
    }
    if (!(timeout > 0) || timeout > 3600) {
      throw new SpecException("parameter 'publish_timeout' of learner external must be in (0, 3600] seconds, got "
          + timeout);
    }
    int staleness = arguments.getInt("max_staleness");
    int perVersion = arguments.getInt("batches_per_version");
    int queue = arguments.getInt("queue");
    if (queue == 0) {
      queue = staleness >= 0 ? (staleness + 1) * perVersion : 4 * perVersion;
    }
    return new Settings(policy, staleness, perVersion, queue, agent, model, endpoint,
        Duration.ofMillis(Math.round(timeout * 1000)));
  }

  /** An external learner's settings, as {@link #parameters()} describes them; {@code queue} resolved. */
  record Settings(String policy, int maxStaleness, int batchesPerVersion, int queue, String agent, String model,
      String endpoint, Duration publishTimeout) {

    /** The newest version batch {@code batch} may be played by at the oldest; no bound below 0. */
    long neededVersion(int batch) {
      if (maxStaleness < 0) {
        return 0;
      }
      long versionOfBatch = (batch + batchesPerVersion - 1) / batchesPerVersion - 1; // ceil(b / B) - 1
      return Math.max(0, versionOfBatch - maxStaleness);
    }
  }
}
