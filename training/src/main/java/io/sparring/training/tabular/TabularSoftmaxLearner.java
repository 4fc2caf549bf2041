package io.sparring.training.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.training.Experience;
import io.sparring.training.ExperienceBatch;
import io.sparring.training.LearnedPolicy;
import io.sparring.training.Learner;
import io.sparring.training.Learners;
import io.sparring.training.Provenance;
import io.sparring.training.Snapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Softmax policy gradient over a table of logits per information-state key (docs/training.md).
 * For a batch, with π the policy before the update, each experience (key s, legal actions L,
 * action a*, advantage A) contributes, for every legal a,
 *
 * <pre>
 *   g[s][a] += A · (1[a = a*] − π(a|s))  +  entropy · (−π(a|s) · (log π(a|s) + H(π(·|s))))
 * </pre>
 *
 * (the gradient of A·log π(a*|s) plus that of the entropy bonus), and then every key seen moves by
 * the mean of its contributions: {@code z[s][a] += learning_rate · g[s][a] / n(s)}, where n(s) is
 * the number of the batch's experiences at s. Averaging per key keeps the step of a key independent
 * of the batch size and of how often the key is reached. Unseen keys play uniformly, and with
 * {@code learning_rate=0} every logit stays exactly 0, so the policy stays exactly uniform.
 * Deterministic: the same batches give the same logits; the seed is unused.
 *
 * <p>With {@code gradient=natural} the advantage term moves only the played action's logit, by
 * {@code A / max(π(a*|s), }{@value #MIN_NATURAL_PROBABILITY}{@code )}: a sample of the natural
 * gradient of a tabular softmax policy, which is the advantage of each action itself. The vanilla
 * term {@code A·(1 − π(a*|s))} vanishes as the policy turns deterministic, so a table that settled
 * early on a losing move (tic-tac-toe: not blocking a line) never leaves it; the natural one keeps
 * pushing that move down for as long as it loses. The floor bounds the step of a rare action.
 *
 * <p>Not thread-safe: {@link #policy()} is a live view of the table, so matches played while the
 * learner updates should play {@link #freeze()}.
 */
final class TabularSoftmaxLearner implements Learner {
  private final String spec;
  private final Game game;
  private final String gameSpec;
  private final double learningRate;
  private final double entropy;
  private final int numActions;
  private final boolean natural;
  static final double MIN_NATURAL_PROBABILITY = 0.1;
  private final Map<String, double[]> logits = new HashMap<>();

  TabularSoftmaxLearner(String spec, Game game, double learningRate, double entropy, boolean natural) {
    checkArgument(Double.isFinite(learningRate) && learningRate >= 0,
        "learning_rate must be a finite number >= 0, got %s", learningRate);
    checkArgument(Double.isFinite(entropy) && entropy >= 0,
        "entropy must be a finite number >= 0, got %s", entropy);
    this.spec = spec;
    this.game = game;
    this.gameSpec = game.spec().toString();
    this.learningRate = learningRate;
    this.entropy = entropy;
    this.numActions = game.numDistinctActions();
    this.natural = natural;
  }

  @Override
  public UpdateStats learn(ExperienceBatch batch) {
    if (batch.isEmpty()) {
      return new UpdateStats(0, 0, 0, 0);
    }
    Map<String, double[]> gradient = new LinkedHashMap<>();
    Map<String, Integer> visits = new HashMap<>();
    double loss = 0;
    double advantageSum = 0;
    double entropySum = 0;
    for (Experience e : batch.experiences()) {
      checkArgument(e.game().equals(gameSpec), "experience of %s given to a learner of %s",
          e.game(), gameSpec);
      checkArgument(Double.isFinite(e.advantage()), "advantage %s at '%s' is not finite",
          e.advantage(), e.informationStateKey());
      List<Integer> legal = e.legalActions();
      Map<Integer, Double> pi =
          TabularSoftmaxPolicy.softmax(logits.get(e.informationStateKey()), legal, numActions);
      double h = 0;
      for (double p : pi.values()) {
        h -= p > 0 ? p * Math.log(p) : 0;
      }
      double[] g = gradient.computeIfAbsent(e.informationStateKey(), k -> new double[numActions]);
      for (int a : legal) {
        double p = pi.get(a);
        if (natural) {
          g[a] += a == e.action() ? e.advantage() / Math.max(p, MIN_NATURAL_PROBABILITY) : 0;
        } else {
          g[a] += e.advantage() * ((a == e.action() ? 1 : 0) - p);
        }
        if (entropy > 0 && p > 0) {
          g[a] += entropy * (-p * (Math.log(p) + h));
        }
      }
      visits.merge(e.informationStateKey(), 1, Integer::sum);
      loss -= e.advantage() * Math.log(pi.get(e.action()));
      advantageSum += e.advantage();
      entropySum += h;
    }
    gradient.forEach((key, g) -> {
      double[] row = logits.computeIfAbsent(key, k -> new double[numActions]);
      double step = learningRate / visits.get(key);
      for (int a = 0; a < numActions; a++) {
        row[a] += step * g[a];
      }
    });
    int n = batch.size();
    return new UpdateStats(n, loss / n, advantageSum / n, entropySum / n);
  }

  @Override
  public LearnedPolicy policy() {
    return (key, tensor, legal) -> TabularSoftmaxPolicy.softmax(logits.get(key), legal, numActions);
  }

  @Override
  public LearnedPolicy freeze() {
    return new TabularSoftmaxPolicy(numActions, logits);
  }

  /**
   * Writes the current policy as a {@code tabular} snapshot. The provenance's learner and game
   * specs must name this learner and its game (defaults may be left out; they are written
   * canonically).
   */
  @Override
  public void save(Path directory, Provenance provenance) throws IOException {
    String learner = Learners.canonical(provenance.learner());
    checkArgument(learner.equals(spec), "provenance names learner %s, but this learner is %s",
        learner, spec);
    String playedGame = Games.create(provenance.game()).spec().toString();
    checkArgument(playedGame.equals(gameSpec), "provenance names game %s, but this learner plays %s",
        playedGame, gameSpec);
    Provenance canonical = new Provenance(learner, gameSpec, provenance.config(), provenance.seed(),
        provenance.parentSnapshot(), provenance.gamesSeen());
    TabularSoftmaxPolicy frozen = new TabularSoftmaxPolicy(numActions, logits);
    Snapshots.write(directory, TabularSnapshots.KIND, TabularSnapshots.WEIGHTS, canonical,
        temporary -> TabularSnapshots.writeLogits(temporary.resolve(TabularSnapshots.WEIGHTS), frozen));
  }

  /** The canonical spec this learner was created from. */
  String spec() {
    return spec;
  }

  /** The game this learner's policy plays. */
  Game game() {
    return game;
  }
}
