package io.sparring.training.advantage;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.sparring.agents.malt.Nodes;
import io.sparring.agents.match.ObservationMessages;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.Observation;
import io.sparring.proto.v1.ActionSource;
import io.sparring.proto.v1.AdvantageSettings;
import io.sparring.proto.v1.AdvantageStatistics;
import io.sparring.proto.v1.Credit;
import io.sparring.proto.v1.ExperienceBatch;
import io.sparring.proto.v1.ExperienceTurn;
import io.sparring.proto.v1.MaltLabel;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.SeatObservation;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.training.SnapshotId;
import io.sparring.training.advantage.MarsAdvantages.Credits;
import io.sparring.training.advantage.MarsAdvantages.Turn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a batch's match records into {@code sparring.v1.ExperienceBatch} messages, one per learning
 * player, for trainers outside the league (docs/trainers.md). Every row has a role's output:
 * generator and refiner rows carry the turn's MARS advantage, computed by {@link MarsAdvantages}
 * over the same matches as the league's in-process learners see them, so the numbers are theirs;
 * strategist and verifier rows carry MALT's label of what followed (the seat's return scaled to
 * [0, 1] by the game's utility bounds, positive above 0.5). Every row also carries GRPO's, GiGPO's
 * and SPIRAL's advantages ({@link EpisodeEstimators}). Thread-safe; a run's batches come in order.
 */
public final class ExperienceRecords {
  private final MarsAdvantages advantages;
  private final AdvantageSettings settings;
  private final Map<String, Game> games = new ConcurrentHashMap<>();
  private final EpisodeEstimators estimators;

  /** Records of a league whose GRPO groups are single matches. */
  public ExperienceRecords(AdvantageConfig config) {
    this(config, 1);
  }

  /**
   * Records of a league with {@code advantage} config and {@code group_size}: G matches in a row
   * share a deal and seating, a GRPO group. The SPIRAL baselines carry over between calls, so a
   * run's batches must come in order, each built or {@link #advance}d.
   */
  public ExperienceRecords(AdvantageConfig config, int groupSize) {
    checkArgument(groupSize >= 1, "a group has at least one match, got %s", groupSize);
    this.estimators = new EpisodeEstimators(groupSize);
    this.advantages = new MarsAdvantages(config);
    this.settings = AdvantageSettings.newBuilder()
        .setGamma(config.gamma()).setDrawReward(config.drawReward()).setFormatBonus(config.formatBonus())
        .setViolationPenalty(config.violationPenalty())
        .setGroupKey(config.groupKey().name().toLowerCase(Locale.ROOT))
        .setDivideByStd(config.divideByStd()).setWhiten(config.whiten()).build();
  }

  /** A match of the batch: its index in the run and the record with its learning seats. */
  public record Played(long index, LearningMatch match) {
    public Played {
      requireNonNull(match, "match");
    }
  }

  /**
   * The experience of every learner in {@code learners} from one batch, in that order (a learner
   * that played no turn gets an empty batch, so every sequence number appears).
   *
   * @param runId the run's name, copied into each batch
   * @param batch the league batch, from 1; learners played as they were after batch − 1
   * @param learners the run's learning players in config order, which fixes sequence numbers
   * @param matches the batch's matches in index order, as the league learns from them
   */
  public List<ExperienceBatch> build(String runId, int batch, List<String> learners, List<Played> matches) {
    return build(runId, batch, learners, matches, Map.of());
  }

  /**
   * As {@link #build(String, int, List, List)}, where the players in {@code versions} are external
   * ones that played this batch with the version given (published by their trainer): their rows
   * are labelled {@code player@version} instead of the league's {@code player-b(batch - 1)}.
   */
  public List<ExperienceBatch> build(String runId, int batch, List<String> learners, List<Played> matches,
      Map<String, Long> versions) {
    checkArgument(batch >= 1, "batches count from 1, got %s", batch);
    Credits credits = advantages.credit(matches.stream().map(Played::match).toList());
    Map<Turn, EpisodeEstimators.Values> estimated = estimators.compute(credits.turns(), matches);
    Map<String, List<Turn>> byPlayer = new HashMap<>();
    for (Turn turn : credits.turns()) {
      checkArgument(learners.contains(turn.player), "player '%s' is not among the learners %s",
          turn.player, learners);
      byPlayer.computeIfAbsent(turn.player, p -> new ArrayList<>()).add(turn);
    }
    List<ExperienceBatch> batches = new ArrayList<>();
    for (int place = 0; place < learners.size(); place++) {
      String player = learners.get(place);
      ExperienceBatch.Builder message = ExperienceBatch.newBuilder().setRunId(runId).setBatch(batch)
          .setSequence((long) (batch - 1) * learners.size() + place + 1).setPlayer(player)
          .setAdvantage(settings)
          .setWhitenMean(credits.whitened().mean()).setWhitenStd(credits.whitened().std())
          .setMatches((int) matches.stream().filter(m -> m.match().learningSeats().containsValue(player)).count());
      if (!matches.isEmpty()) {
        message.setGame(matches.getFirst().match().trajectory().getGame());
      }
      Map<String, AdvantageStatistics> statistics = new LinkedHashMap<>();
      for (Turn turn : byPlayer.getOrDefault(player, List.of())) {
        Trajectory trajectory = matches.get(turn.match).match().trajectory();
        if (!turn.record.hasAction()) {
          continue; // a forfeit: no experience in the league either
        }
        Long published = versions.get(player);
        String label = published == null ? SnapshotId.label(player, batch - 1) : player + "@" + published;
        rows(turn, matches.get(turn.match).index(), trajectory, published == null ? batch - 1 : published, label,
            estimated.get(turn)).forEach(message::addTurns);
        statistics.computeIfAbsent(turn.group.key(), key -> AdvantageStatistics.newBuilder().setKey(key)
            .setCount(turn.groupSize).setRewardMean(turn.rewardStats.mean())
            .setMean(turn.returnStats.mean()).setStd(turn.returnStats.std()).build());
      }
      batches.add(message.addAllStatistics(statistics.values()).build());
    }
    return batches;
  }

  /** Moves the estimators' state (SPIRAL's baselines) over a batch that is not built. */
  public void advance(List<Played> matches) {
    estimators.advance(matches);
  }

  /** One row per role call of the turn, or one generator row for a turn that recorded no role. */
  private List<ExperienceTurn> rows(Turn turn, long matchIndex, Trajectory trajectory, long version,
      String label, EpisodeEstimators.Values other) {
    TurnRecord record = turn.record;
    Observation seen = ObservationMessages.read(record).observation();
    SeatObservation observed = record.getSeatObservation();
    ExperienceTurn.Builder common = ExperienceTurn.newBuilder()
        .setMatchIndex(matchIndex).setGroupId(estimators.groupId(matchIndex)).setSeat(turn.seat).setPlayer(turn.player)
        .setPolicyLabel(label).setPolicyVersion(version)
        .setInformationState(observed.getInformationState())
        .setInformationStateKey(observed.getInformationStateKey()).addAllLegalActions(observed.getLegalActionsList())
        .setTurn(turn.number)
        .setReward(turn.reward).setCentredReward(turn.centred).setReturnToGo(turn.returnToGo)
        .setGroupKey(turn.group.key()).setGroupMean(turn.returnStats.mean()).setGroupStd(turn.returnStats.std())
        .setGrpoAdvantage(other.grpo()).setGrpoMean(other.grpoMean()).setGrpoStd(other.grpoStd())
        .setGigpoStepAdvantage(other.step()).setGigpoStepCount(other.stepCount())
        .setGigpoAdvantage(other.grpo() + other.step())
        .setSpiralAdvantage(other.spiral()).setSpiralBaseline(other.spiralBaseline());
    String seatPlayer = turn.seat < trajectory.getSeatsCount() ? trajectory.getSeats(turn.seat).getPlayer() : "";
    int applied = appliedRole(record, turn.role);
    List<ExperienceTurn> rows = new ArrayList<>();
    if (applied < 0) {
      RoleOutput bare = RoleOutput.newBuilder().setRole(Role.ROLE_GENERATOR)
          .setAction(record.getAction().getIndex()).build();
      rows.add(row(common.clone(), bare, -1, true, record, seen, seatPlayer, trajectory, turn));
    }
    for (int i = 0; i < record.getRolesCount(); i++) {
      rows.add(row(common.clone(), record.getRoles(i), i, i == applied, record, seen, seatPlayer, trajectory, turn));
    }
    return rows;
  }

  private ExperienceTurn row(ExperienceTurn.Builder row, RoleOutput output, int index, boolean applied,
      TurnRecord record, Observation seen, String seatPlayer, Trajectory trajectory, Turn turn) {
    String actionName = applied ? appliedName(record) : name(seen, output.getAction());
    String prompt = output.getInput().isEmpty() ? seen.text() : seen.text() + "\n\n" + output.getInput();
    String completion = !output.getOutput().isEmpty() ? output.getOutput()
        : !output.getFreeText().isEmpty() ? output.getFreeText() : actionName;
    row.setAgent(output.getAgent().isEmpty() ? seatPlayer : output.getAgent()).setRole(output.getRole())
        .setRoleIndex(index).setRoleInput(output.getInput()).setPrompt(prompt).setCompletion(completion)
        .setActionIndex(applied ? record.getAction().getIndex() : output.getAction()).setActionName(actionName)
        .setApplied(applied).setVerdict(output.getVerdict());
    if (output.hasLogProbability()) {
      row.setLogProbability(output.getLogProbability());
    } else if (applied && record.hasLogProbability()) {
      row.setLogProbability(record.getLogProbability());
    }
    // a language model's completion tokens as its server returned them (empty for other agents)
    row.addAllTokens(output.getTokensList()).addAllTokenIds(output.getTokenIdsList());
    for (double logprob : output.getTokenLogprobsList()) {
      row.addTokenLogprobs((float) logprob);
    }
    if (output.getRole() == Role.ROLE_STRATEGIST || output.getRole() == Role.ROLE_VERIFIER) {
      // MALT: a plan or a critique is worth what followed it, the seat's outcome in [0, 1].
      Game game = games.computeIfAbsent(trajectory.getGame(), Games::create);
      double value = Nodes.value(trajectory.getReturns(turn.seat), game.minUtility(), game.maxUtility());
      row.setCredit(Credit.CREDIT_MALT).setAdvantage(2 * value - 1)
          .setMalt(MaltLabel.newBuilder().setValue(value).setPositive(Nodes.positive(value)));
    } else {
      row.setCredit(Credit.CREDIT_MARS).setAdvantage(turn.advantage);
    }
    return row.build();
  }

  /**
   * The position of the role call whose action the turn applied: the last call of the role
   * MarsAdvantages credits the turn to (for a fallback, only one that chose the applied action); −1
   * when there is none (a lone agent's record, a fallback after an invalid answer or a timeout).
   */
  private static int appliedRole(TurnRecord record, io.sparring.agents.Role credited) {
    Role role = credited == io.sparring.agents.Role.REFINER ? Role.ROLE_REFINER : Role.ROLE_GENERATOR;
    ActionSource source = record.getAction().getSource();
    boolean chosenByRole = source == ActionSource.ACTION_SOURCE_GENERATOR || source == ActionSource.ACTION_SOURCE_REFINER;
    for (int i = record.getRolesCount() - 1; i >= 0; i--) {
      RoleOutput output = record.getRoles(i);
      if (output.getRole() == role && (chosenByRole || output.getAction() == record.getAction().getIndex())) {
        return i;
      }
    }
    return -1;
  }

  private static String appliedName(TurnRecord record) {
    return record.getAction().getIndex() < 0 ? record.getAction().getTextAction() : record.getAction().getName();
  }

  private static String name(Observation seen, int action) {
    int at = seen.legalActions().indexOf(action);
    return at >= 0 && at < seen.legalActionNames().size() ? seen.legalActionNames().get(at) : "";
  }
}
