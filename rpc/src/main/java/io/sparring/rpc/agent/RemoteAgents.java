package io.sparring.rpc.agent;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparring.agents.Agent;
import io.sparring.agents.AgentProvider;
import io.sparring.agents.Decision;
import io.sparring.agents.DecisionTimeout;
import io.sparring.agents.SeatView;
import io.sparring.agents.TurnContext;
import io.sparring.agents.match.ObservationMessages;
import io.sparring.core.game.Game;
import io.sparring.core.game.Observation;
import io.sparring.core.game.Seeds;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import io.sparring.proto.v1.AgentObservation;
import io.sparring.proto.v1.AgentServiceGrpc;
import io.sparring.proto.v1.DecideRequest;
import io.sparring.proto.v1.DecideResponse;
import io.sparring.proto.v1.Proposal;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.TeamContext;
import io.sparring.proto.v1.Verdict;
import io.sparring.rpc.security.ClientSecurity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code remote} backend: each decision is a {@code sparring.v1.AgentService/Decide} call to a
 * user's process (any language) with a deadline. A call past its deadline is a {@link
 * DecisionTimeout}; an unreachable agent or an error status fails the decision. Either way the match
 * records a violation and applies its policy instead of waiting. One channel per target is shared
 * by every agent in the JVM and lives as long as it.
 */
public final class RemoteAgents implements AgentProvider {
  /** Drawn once per process, never sent or stored: the seeds remote agents get are one-way. */
  private static final byte[] SEED_KEY = randomKey();

  private static final Map<String, ManagedChannel> CHANNELS = new ConcurrentHashMap<>();
  private static final Map<io.sparring.agents.Role, Role> ROLES = Map.of(
      io.sparring.agents.Role.STRATEGIST, Role.ROLE_STRATEGIST,
      io.sparring.agents.Role.GENERATOR, Role.ROLE_GENERATOR,
      io.sparring.agents.Role.VERIFIER, Role.ROLE_VERIFIER,
      io.sparring.agents.Role.REFINER, Role.ROLE_REFINER);

  @Override
  public String name() {
    return "remote";
  }

  @Override
  public String description() {
    return "an agent in another process, called over gRPC (sparring.v1.AgentService)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        new Parameter("target", Parameter.Type.TEXT, null, 0, 0, "host:port of the AgentService"),
        Parameter.real("deadline", 10, "seconds one decision may take"),
        Parameter.text("ca", "", "PEM CA file to trust: TLS to the agent (empty: plaintext)"),
        Parameter.text("cert", "", "PEM client certificate for mutual TLS (with key)"),
        Parameter.text("key", "", "PEM private key of cert"),
        Parameter.text("token_env", "", "environment variable holding a bearer token to send"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    String target = arguments.getString("target").strip();
    double seconds = arguments.getDouble("deadline");
    if (target.isEmpty() || !(seconds > 0)) {
      throw new SpecException("remote: target must be host:port and deadline positive, got target='%s', deadline=%s"
          .formatted(target, seconds));
    }
    Duration deadline = Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    ClientSecurity security = security(arguments);
    ManagedChannel channel = CHANNELS.computeIfAbsent(target + " " + security + " " + arguments.getString("token_env"),
        t -> Grpc.newChannelBuilder(target, security.credentials()).build());
    AgentServiceGrpc.AgentServiceBlockingStub stub = AgentServiceGrpc.newBlockingStub(channel);
    return (view, context) -> decide(stub, target, deadline, game, seed, view, context);
  }

  /** TLS files and the token from the spec; the token itself is read from the environment. */
  static ClientSecurity security(Arguments arguments) {
    String ca = arguments.getString("ca").strip();
    String cert = arguments.getString("cert").strip();
    String key = arguments.getString("key").strip();
    String tokenEnv = arguments.getString("token_env").strip();
    if (cert.isEmpty() != key.isEmpty()) {
      throw new SpecException("remote: cert and key go together (a client certificate and its private key)");
    }
    String token = null;
    if (!tokenEnv.isEmpty()) {
      token = System.getenv(tokenEnv);
      if (token == null || token.isBlank()) {
        throw new SpecException("remote: token_env names " + tokenEnv + ", which is not set or empty");
      }
    }
    return new ClientSecurity(false, ca.isEmpty() ? null : Path.of(ca), cert.isEmpty() ? null : Path.of(cert),
        key.isEmpty() ? null : Path.of(key), token);
  }

  private static Decision decide(AgentServiceGrpc.AgentServiceBlockingStub stub, String target,
      Duration deadline, Game game, long seed, SeatView view, TurnContext context) {
    DecideResponse response;
    try {
      response = stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
          .decide(request(game, seed, view, context));
    } catch (StatusRuntimeException failed) {
      Status status = failed.getStatus();
      if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
        throw new DecisionTimeout("the remote agent at %s did not answer within %d ms"
            .formatted(target, deadline.toMillis()));
      }
      throw new IllegalStateException("the remote agent at %s failed: %s%s".formatted(target,
          status.getCode(), status.getDescription() == null ? "" : ": " + status.getDescription()));
    }
    return decision(response, context.role());
  }

  static DecideRequest request(Game game, long seed, SeatView view, TurnContext context) {
    Observation observation = view.observation();
    // the older agents' copy of seat_observation
    AgentObservation.Builder seen = AgentObservation.newBuilder().setText(observation.text())
        .addAllLegalActions(observation.legalActions())
        .addAllLegalActionNames(observation.legalActionNames());
    for (float value : observation.tensor()) {
      seen.addTensor(value);
    }
    TeamContext.Builder team = TeamContext.newBuilder().setStrategy(context.strategy())
        .setRound(context.round()).setFeedback(context.feedback());
    context.proposal().ifPresent(p -> {
      int index = observation.legalActions().indexOf(p.action());
      team.setProposal(Proposal.newBuilder().setAction(p.action())
          .setName(index >= 0 ? observation.legalActionNames().get(index) : "")
          .setFreeText(p.freeText()).setText(p.text()));
    });
    context.critique().ifPresent(c -> team.setCritique(c.text()));
    return DecideRequest.newBuilder().setGame(game.spec().toString()).setSeat(view.seat())
        .setRole(ROLES.get(context.role())).setObservation(seen).setContext(team).setAgentSeed(oneWay(seed))
        .setSeatObservation(ObservationMessages.message(game, observation)).build();
  }

  /**
   * The seed a remote agent is given: its agent seed keyed once more, under a key this process
   * drew. Agent seeds of records before format 4 can be undone to the match seed, which deals every
   * card; this cannot, and equal agent seeds still give equal seeds here.
   */
  static long oneWay(long agentSeed) {
    return Seeds.keyed(SEED_KEY, agentSeed);
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static Decision decision(DecideResponse response, io.sparring.agents.Role role) {
    Decision.Verdict verdict = switch (response.getVerdict()) {
      case VERDICT_ACCEPT -> Decision.Verdict.ACCEPT;
      case VERDICT_REJECT -> Decision.Verdict.REJECT;
      default -> Decision.Verdict.NONE;
    };
    if (role == io.sparring.agents.Role.VERIFIER && verdict == Decision.Verdict.NONE) {
      throw new IllegalStateException("the remote verifier answered without a verdict (set verdict to"
          + " VERDICT_ACCEPT or VERDICT_REJECT)");
    }
    int action = response.hasAction() ? response.getAction() : Decision.NO_ACTION;
    if (action < Decision.NO_ACTION) {
      throw new IllegalStateException("the remote agent answered action " + action);
    }
    return new Decision(action, response.getFreeText(), response.getText(), verdict,
        response.hasLogProbability() ? OptionalDouble.of(response.getLogProbability()) : OptionalDouble.empty(),
        Duration.ZERO, List.of());
  }
}
