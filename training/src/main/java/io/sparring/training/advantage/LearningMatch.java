package io.sparring.training.advantage;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.sparring.proto.v1.Trajectory;
import java.util.Map;

/**
 * A finished match and which of its seats belong to learning players. Only those seats produce
 * experience; the other seats are opponents. One player may hold several seats (self-play).
 *
 * @param trajectory the match record, with its returns
 * @param learningSeats seat → learning player's id
 */
public record LearningMatch(Trajectory trajectory, Map<Integer, String> learningSeats) {

  public LearningMatch {
    requireNonNull(trajectory, "trajectory");
    learningSeats = Map.copyOf(learningSeats);
    int seats = trajectory.getReturnsCount();
    checkArgument(seats > 0, "match '%s' has no returns; only finished matches can be learned from",
        trajectory.getMatchId());
    learningSeats.forEach((seat, player) -> {
      checkArgument(seat >= 0 && seat < seats,
          "learning seat %s is not a seat of match '%s' (seats 0..%s)", seat, trajectory.getMatchId(), seats - 1);
      checkArgument(!player.isBlank(), "the player of seat %s has an empty id", seat);
    });
  }
}
