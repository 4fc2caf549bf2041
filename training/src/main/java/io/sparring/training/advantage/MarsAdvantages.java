package io.sparring.training.advantage;

import static java.util.Objects.requireNonNull;

import io.sparring.agents.match.ObservationMessages;
import io.sparring.agents.match.RecordedObservation;
import io.sparring.core.game.GameType;
import io.sparring.core.game.Games;
import io.sparring.proto.v1.ActionSource;
import io.sparring.proto.v1.Role;
import io.sparring.proto.v1.RoleOutput;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.training.Experience;
import io.sparring.training.ExperienceBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MARS's turn-level advantages with agent-specific normalization, computed over a batch of
 * finished matches.
 *
 * <p>A <em>turn</em> is one {@link TurnRecord} of a learning seat (at a simultaneous step every
 * acting seat has its own). For seat i and its turns k = 0, 1, ... in one match:
 *
 * <ol>
 *   <li>r_k = the seat's reward at the step of turn k + its rewards at the following steps before
 *       its next turn (so when an opponent's move ends the game, the loser's last turn gets −1) +
 *       {@code formatBonus} if the turn has no violation + {@code violationPenalty} × its number of
 *       violations. Rewards before the seat's first turn belong to no turn. In a drawn match the
 *       last turn's reward is shifted so that the seat's outcome counts as {@code drawReward}
 *       instead of its return.
 *   <li>r̃_k = r_k − the mean r of the turn's group (over every turn of the batch).
 *   <li>A_k = Σ_{j≥k} γ^{j−k} r̃_j over the seat's turns in that match (the experience's {@code
 *       returnToGo}).
 *   <li>A_k minus the group's mean A, divided by the group's standard deviation if {@code
 *       divideByStd}; then, if {@code whiten}, minus the batch mean and divided by the batch
 *       standard deviation (population standard deviations; a zero one divides by nothing).
 * </ol>
 *
 * <p>A group with a single turn would give that turn r̃ = 0 and A = 0, silently. Instead the turn
 * takes the statistics of its key's next coarser group ({@link GroupKey#coarser()}), and the
 * experience records that coarser key; the first time this happens a warning is logged. A batch
 * of one single turn has no group to fall back to and is left uncentred.
 *
 * <p>A match is drawn when all its returns are equal and its game is zero-sum or constant-sum (from
 * the game registry; for a game it does not know: all returns equal and zero). Turns without an
 * action (a forfeit) produce no experience, but their rewards and penalties take part in the
 * statistics and in the advantages of the seat's earlier turns.
 *
 * <p>Instances are immutable apart from the warn-once flag and safe to share between threads.
 */
public final class MarsAdvantages {
  private static final Logger LOG = LoggerFactory.getLogger(MarsAdvantages.class);
  private static final Map<String, Boolean> DRAWABLE_GAMES = new ConcurrentHashMap<>();

  private final AdvantageConfig config;
  private final AtomicBoolean warned = new AtomicBoolean();

  public MarsAdvantages(AdvantageConfig config) {
    this.config = requireNonNull(config, "config");
  }

  public AdvantageConfig config() {
    return config;
  }

  /**
   * The experience of every learning player in {@code matches}, one batch per player (a player
   * whose seats had no turn with an action gets an empty batch). Within a batch the experiences
   * are in match order, then seat order, then turn order.
   */
  public Map<String, ExperienceBatch> compute(List<LearningMatch> matches) {
    Credits credits = credit(matches);
    Map<String, List<Experience>> byPlayer = new TreeMap<>();
    credits.players().forEach(p -> byPlayer.put(p, new ArrayList<>()));
    for (Turn turn : credits.turns()) {
      if (turn.record.hasAction()) {
        byPlayer.get(turn.player).add(turn.experience());
      }
    }
    Map<String, ExperienceBatch> batches = new TreeMap<>();
    byPlayer.forEach((player, experiences) -> batches.put(player, new ExperienceBatch(player, experiences)));
    return Collections.unmodifiableMap(batches);
  }

  /**
   * Every turn of the learning seats with its numbers and the statistics they came from, in the
   * order {@link #compute} lists experiences (turns without an action included). {@link
   * ExperienceRecords} reads it, so its rows carry exactly the league's numbers.
   */
  Credits credit(List<LearningMatch> matches) {
    List<Turn> turns = new ArrayList<>();
    List<List<Turn>> sequences = new ArrayList<>();
    TreeSet<String> players = new TreeSet<>();
    for (int m = 0; m < matches.size(); m++) {
      LearningMatch match = matches.get(m);
      int index = m;
      new TreeMap<>(match.learningSeats()).forEach((seat, player) -> {
        players.add(player);
        List<Turn> sequence = turnsOf(match.trajectory(), seat, player, index);
        sequences.add(sequence);
        turns.addAll(sequence);
      });
    }
    Groups groups = new Groups(turns);
    for (Turn turn : turns) {
      turn.group = groups.assign(turn);
    }
    Map<Group, Stats> rewards = groups.stats(t -> t.reward);
    for (Turn turn : turns) {
      turn.rewardStats = rewards.get(turn.group);
      turn.centred = turn.reward - turn.rewardStats.mean();
    }
    for (List<Turn> sequence : sequences) {
      double following = 0;
      for (Turn turn : sequence.reversed()) {
        following = turn.centred + config.gamma() * following;
        turn.returnToGo = following;
      }
    }
    Map<Group, Stats> returns = groups.stats(t -> t.returnToGo);
    for (Turn turn : turns) {
      turn.returnStats = returns.get(turn.group);
      turn.groupSize = groups.members(turn.group).size();
      turn.advantage = config.divideByStd()
          ? turn.returnStats.standardize(turn.returnToGo) : turn.returnStats.centre(turn.returnToGo);
    }
    Stats whitened = new Stats(0, 1);
    if (config.whiten() && turns.size() > 1) { // one turn alone would be whitened to 0
      whitened = Stats.of(turns, t -> t.advantage);
      for (Turn turn : turns) {
        turn.advantage = whitened.standardize(turn.advantage);
      }
    }
    return new Credits(Collections.unmodifiableList(turns), Collections.unmodifiableSortedSet(players), whitened);
  }

  /** What {@link #credit} worked out: the turns, the learning players, the batch whitening. */
  record Credits(List<Turn> turns, SortedSet<String> players, Stats whitened) {}

  /** The turns of one seat in one match, with their rewards r_k. */
  private List<Turn> turnsOf(Trajectory trajectory, int seat, String player, int match) {
    List<Turn> turns = new ArrayList<>();
    Turn current = null;
    for (Step step : trajectory.getStepsList()) {
      for (TurnRecord record : step.getTurnsList()) {
        if (record.getSeat() == seat) {
          current = new Turn(trajectory.getGame(), player, seat, record, match, turns.size());
          current.reward = record.getViolationsCount() == 0
              ? config.formatBonus()
              : config.violationPenalty() * record.getViolationsCount();
          turns.add(current);
        }
      }
      if (current != null && seat < step.getRewardsCount()) {
        current.reward += step.getRewards(seat);
      }
    }
    if (!turns.isEmpty() && isDraw(trajectory)) {
      turns.getLast().reward += config.drawReward() - trajectory.getReturns(seat);
    }
    return turns;
  }

  /** Whether a match is a draw: equal returns in a zero-sum or constant-sum game. */
  static boolean isDraw(Trajectory trajectory) {
    List<Double> returns = trajectory.getReturnsList();
    if (returns.size() < 2 || !returns.stream().allMatch(r -> r.doubleValue() == returns.getFirst())) {
      return false;
    }
    Boolean drawable = DRAWABLE_GAMES.get(trajectory.getGame());
    if (drawable == null) {
      try {
        GameType.Utility utility = Games.create(trajectory.getGame()).type().utility();
        drawable = utility == GameType.Utility.ZERO_SUM || utility == GameType.Utility.CONSTANT_SUM;
        DRAWABLE_GAMES.put(trajectory.getGame(), drawable);
      } catch (IllegalArgumentException unknownGame) {
        return returns.getFirst() == 0.0;
      }
    }
    return drawable;
  }

  private void warnOnce(String message) {
    if (warned.compareAndSet(false, true)) {
      LOG.warn("{} (warned once; later cases are logged at debug)", message);
    } else {
      LOG.debug(message);
    }
  }

  /** The role whose output produced the final action: the refiner if it did, else the generator. */
  private static io.sparring.agents.Role roleOf(TurnRecord record) {
    ActionSource source = record.getAction().getSource();
    if (source == ActionSource.ACTION_SOURCE_REFINER) {
      return io.sparring.agents.Role.REFINER;
    }
    if (source != ActionSource.ACTION_SOURCE_GENERATOR) { // fallback, replay: ask the role outputs
      for (RoleOutput output : record.getRolesList().reversed()) {
        if ((output.getRole() == Role.ROLE_GENERATOR || output.getRole() == Role.ROLE_REFINER)
            && output.getAction() == record.getAction().getIndex()) {
          return output.getRole() == Role.ROLE_REFINER
              ? io.sparring.agents.Role.REFINER : io.sparring.agents.Role.GENERATOR;
        }
      }
    }
    return io.sparring.agents.Role.GENERATOR;
  }

  /**
   * One turn of a learning seat: its numbers as they are worked out, and the statistics of its
   * group. {@code match} is the match's position in the batch, {@code number} the seat's turn k.
   */
  static final class Turn {
    final String game;
    final String player;
    final int seat;
    final TurnRecord record;
    final io.sparring.agents.Role role;
    final int match;
    final int number;
    double reward;
    Group group;
    int groupSize;
    Stats rewardStats;
    Stats returnStats;
    double centred;
    double returnToGo;
    double advantage;

    Turn(String game, String player, int seat, TurnRecord record, int match, int number) {
      this.game = game;
      this.player = player;
      this.seat = seat;
      this.record = record;
      this.role = roleOf(record);
      this.match = match;
      this.number = number;
    }

    String key(GroupKey level) {
      return level.keyOf(game, seat, role, player);
    }

    Experience experience() {
      RecordedObservation seen = ObservationMessages.read(record);
      return new Experience(game, player, seat, role, group.key(),
          seen.informationStateKey(), seen.informationState(),
          seen.observation().legalActions(), record.getAction().getIndex(),
          reward, returnToGo, advantage,
          record.hasLogProbability() ? record.getLogProbability() : Double.NaN);
    }
  }

  /** A group: the level it was taken at and its key there. */
  record Group(GroupKey level, String key) {}

  /** The batch's turns by group, at every level a fallback may need. */
  private final class Groups {
    private final List<Turn> turns;
    private final Map<GroupKey, Map<String, List<Turn>>> byLevel = new EnumMap<>(GroupKey.class);

    Groups(List<Turn> turns) {
      this.turns = turns;
    }

    List<Turn> members(Group group) {
      return byLevel.computeIfAbsent(group.level(), level -> {
        Map<String, List<Turn>> byKey = new HashMap<>();
        turns.forEach(t -> byKey.computeIfAbsent(t.key(level), k -> new ArrayList<>()).add(t));
        return byKey;
      }).get(group.key());
    }

    /** The turn's group at the configured level, or the first coarser one with more than one turn. */
    Group assign(Turn turn) {
      Group group = new Group(config.groupKey(), turn.key(config.groupKey()));
      while (members(group).size() == 1) {
        Optional<GroupKey> coarser = group.level().coarser();
        if (coarser.isEmpty()) {
          warnOnce("the advantage batch holds a single turn; it is left uncentred");
          return group;
        }
        Group next = new Group(coarser.get(), turn.key(coarser.get()));
        warnOnce("advantage group '%s' holds a single turn, which would get advantage 0; using the coarser"
            .formatted(group.key()) + " group '%s' for it".formatted(next.key()));
        group = next;
      }
      return group;
    }

    /**
     * Mean and standard deviation of a value over each assigned group (all the group's turns, also
     * those assigned elsewhere); a single-turn group has mean 0 and std 1, so it changes nothing.
     */
    Map<Group, Stats> stats(ToDoubleFunction<Turn> value) {
      Map<Group, Stats> stats = new HashMap<>();
      for (Turn turn : turns) {
        stats.computeIfAbsent(turn.group, group -> {
          List<Turn> members = members(group);
          return members.size() == 1 ? new Stats(0, 1) : Stats.of(members, value);
        });
      }
      return stats;
    }
  }

  /** A mean and a population standard deviation. */
  record Stats(double mean, double std) {
    static Stats of(List<Turn> turns, ToDoubleFunction<Turn> value) {
      double mean = turns.stream().mapToDouble(value).average().orElse(0);
      double variance = turns.stream().mapToDouble(value).map(v -> (v - mean) * (v - mean)).average().orElse(0);
      return new Stats(mean, Math.sqrt(variance));
    }

    double centre(double value) {
      return value - mean;
    }

    double standardize(double value) {
      return std > 0 ? (value - mean) / std : value - mean;
    }
  }
}
