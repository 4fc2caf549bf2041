package io.sparring.training;

import io.sparring.agents.Role;
import io.sparring.core.game.Game;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.ObservationMessages;
import io.sparring.agents.match.RecordedObservation;
import io.sparring.agents.match.Seating;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import io.sparring.proto.v1.TurnRecord;
import io.sparring.core.solvers.BestResponse;
import io.sparring.core.solvers.GameTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal self-play loop for tests, standing in for the league: every seat plays a frozen copy of
 * the learner's policy, and each turn's advantage is its seat's match return minus the batch's mean
 * return for that seat.
 */
final class SelfPlay {
  private final Game game;
  private final Learner learner;
  private final GameTree tree;

  SelfPlay(Game game, Learner learner) {
    this.game = game;
    this.learner = learner;
    this.tree = GameTree.build(game);
  }

  /** Plays {@code games} matches of the current policy against itself, seeds from {@code firstSeed}. */
  List<Trajectory> play(int games, long firstSeed) {
    LearnedPolicy current = learner.freeze();
    List<Seating> seats = new ArrayList<>();
    for (int seat = 0; seat < game.numPlayers(); seat++) {
      seats.add(Seating.of(seat, "learner"));
    }
    List<Trajectory> played = new ArrayList<>();
    for (int g = 0; g < games; g++) {
      played.add(MatchRunner.play(MatchConfig.of(game, firstSeed + g, seats), (state, step) -> {},
          (spec, ignored, seed) -> PolicyAgents.of(current, seed)));
    }
    return played;
  }

  /** The turns of the matches as experience, advantage = seat's return − the seat's mean return. */
  ExperienceBatch batch(List<Trajectory> matches) {
    double[] baseline = new double[game.numPlayers()];
    for (Trajectory t : matches) {
      for (int seat = 0; seat < baseline.length; seat++) {
        baseline[seat] += t.getReturns(seat) / matches.size();
      }
    }
    List<Experience> experiences = new ArrayList<>();
    for (Trajectory t : matches) {
      for (Step step : t.getStepsList()) {
        for (TurnRecord turn : step.getTurnsList()) {
          int seat = turn.getSeat();
          RecordedObservation seen = ObservationMessages.read(turn);
          double ret = t.getReturns(seat);
          experiences.add(new Experience(t.getGame(), "main", seat, Role.GENERATOR, "seat=" + seat,
              seen.informationStateKey(), seen.informationState(),
              seen.observation().legalActions(), turn.getAction().getIndex(), 0, ret,
              ret - baseline[seat],
              turn.hasLogProbability() ? turn.getLogProbability() : Double.NaN));
        }
      }
    }
    return new ExperienceBatch("main", experiences);
  }

  /** One iteration: play, learn; returns the update's statistics. */
  Learner.UpdateStats iterate(int games, long firstSeed) {
    return learner.learn(batch(play(games, firstSeed)));
  }

  double nashConv() {
    return BestResponse.nashConv(tree, learner.freeze().asGamePolicy());
  }

  /**
   * Runs {@code iterations} iterations of {@code gamesPerBatch} games and returns the final
   * NashConv, printing the curve (measured every {@code every} iterations) after {@code label}.
   */
  double train(String label, int gamesPerBatch, int iterations, int every) {
    StringBuilder curve = new StringBuilder(label + "; NashConv:");
    double nashConv = nashConv();
    for (int i = 1; i <= iterations; i++) {
      iterate(gamesPerBatch, (long) i * gamesPerBatch);
      if (i % every == 0 || i == iterations) {
        nashConv = nashConv();
        curve.append(String.format(Locale.ROOT, " %d:%.3f", i * gamesPerBatch, nashConv));
      }
    }
    System.out.println(curve);
    return nashConv;
  }
}
