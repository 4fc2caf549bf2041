package io.sparring.training.advantage;

import io.sparring.training.advantage.ExperienceRecords.Played;
import io.sparring.training.advantage.MarsAdvantages.Turn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The estimators trainers use besides MARS, over a batch's credited turns: GRPO's episode-level
 * advantage within a group of matches with one deal and seating, GiGPO's step-level advantage
 * among a group's turns with the same information state, and SPIRAL's role-conditioned advantage
 * against a moving average per game and seat. The SPIRAL baselines carry over from batch to batch,
 * so batches must come in order ({@link #advance} for those not built). R is the seat's return.
 */
final class EpisodeEstimators {
  /** SPIRAL's b <- 0.95 b + 0.05 R. */
  static final double SPIRAL_DECAY = 0.95;

  private final int groupSize;
  private final Map<String, Double> spiralBaselines = new HashMap<>();

  EpisodeEstimators(int groupSize) {
    this.groupSize = groupSize;
  }

  /** One turn's values: what each estimator gives and the statistics it used. */
  record Values(double grpo, double grpoMean, double grpoStd, double step, int stepCount, double spiral,
      double spiralBaseline) {}

  private record Stats(double mean, double std, int count) {
    static Stats of(List<Double> values) {
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(0);
      return new Stats(mean, Math.sqrt(variance), values.size());
    }

    double normalize(double value) {
      return count > 1 && std > 1e-12 ? (value - mean) / std : 0;
    }
  }

  /** The values of every turn (by identity), updating the SPIRAL baselines with the batch's matches. */
  synchronized Map<Turn, Values> compute(List<Turn> turns, List<Played> matches) {
    Map<String, Double> baselineUsed = spiral(matches);
    Map<String, List<Double>> episodeReturns = new HashMap<>();
    for (int m = 0; m < matches.size(); m++) {
      for (int seat : matches.get(m).match().learningSeats().keySet()) {
        episodeReturns.computeIfAbsent(group(matches, m, seat), k -> new ArrayList<>()).add(returnOf(matches, m, seat));
      }
    }
    Map<String, Stats> episodes = new HashMap<>();
    episodeReturns.forEach((key, values) -> episodes.put(key, Stats.of(values)));

    // g_k: the seat's undiscounted reward from turn k to the end of its match; turns come in match,
    // seat and turn order, so a backward pass sums them.
    Map<Turn, Double> toGo = new IdentityHashMap<>();
    double sum = 0;
    for (int i = turns.size() - 1; i >= 0; i--) {
      Turn turn = turns.get(i);
      Turn next = i + 1 < turns.size() ? turns.get(i + 1) : null;
      boolean sameSeat = next != null && next.match == turn.match && next.seat == turn.seat;
      sum = turn.reward + (sameSeat ? sum : 0);
      toGo.put(turn, sum);
    }
    Map<String, List<Double>> stepValues = new HashMap<>();
    for (Turn turn : turns) {
      stepValues.computeIfAbsent(stepKey(matches, turn), k -> new ArrayList<>()).add(toGo.get(turn));
    }
    Map<String, Stats> steps = new HashMap<>();
    stepValues.forEach((key, values) -> steps.put(key, Stats.of(values)));

    Map<Turn, Values> values = new IdentityHashMap<>();
    for (Turn turn : turns) {
      double r = returnOf(matches, turn.match, turn.seat);
      Stats episode = episodes.get(group(matches, turn.match, turn.seat));
      Stats step = steps.get(stepKey(matches, turn));
      double b = baselineUsed.get(turn.match + "|" + turn.seat);
      values.put(turn, new Values(episode.normalize(r), episode.mean(), episode.std(), step.normalize(toGo.get(turn)),
          step.count(), r - b, b));
    }
    return values;
  }

  /** Moves the SPIRAL baselines over a batch that is not built (an acknowledged or skipped one). */
  synchronized void advance(List<Played> matches) {
    spiral(matches);
  }

  /** The baseline each learning seat of each match was measured against ("match|seat"), updating them. */
  private Map<String, Double> spiral(List<Played> matches) {
    Map<String, Double> used = new HashMap<>();
    for (int m = 0; m < matches.size(); m++) {
      String game = matches.get(m).match().trajectory().getGame();
      for (int seat : new TreeSet<>(matches.get(m).match().learningSeats().keySet())) {
        String key = game + "|seat=" + seat;
        double b = spiralBaselines.getOrDefault(key, 0.0);
        used.put(m + "|" + seat, b);
        spiralBaselines.put(key, SPIRAL_DECAY * b + (1 - SPIRAL_DECAY) * returnOf(matches, m, seat));
      }
    }
    return used;
  }

  /** The GRPO group of a match (its index / G) with the seat. */
  private String group(List<Played> matches, int match, int seat) {
    return matches.get(match).index() / groupSize + "|" + seat;
  }

  private String stepKey(List<Played> matches, Turn turn) {
    return group(matches, turn.match, turn.seat) + "|" + turn.record.getSeatObservation().getInformationStateKey();
  }

  private static double returnOf(List<Played> matches, int match, int seat) {
    return matches.get(match).match().trajectory().getReturns(seat);
  }

  /** The GRPO group id of a match index. */
  long groupId(long index) {
    return index / groupSize;
  }
}
