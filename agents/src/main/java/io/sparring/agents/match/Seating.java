package io.sparring.agents.match;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.sparring.core.spec.Spec;
import java.util.List;

/**
 * One player of a match: its spec and the seats it plays (several for a team in a cooperative
 * game), and the policy snapshot it stands for, if any.
 */
public record Seating(List<Integer> seats, Spec player, String snapshotId) {

  public Seating {
    seats = List.copyOf(seats);
    checkArgument(!seats.isEmpty(), "a player needs at least one seat");
    requireNonNull(player);
    requireNonNull(snapshotId);
  }

  public static Seating of(int seat, String player) {
    return new Seating(List.of(seat), Spec.parse(player), "");
  }
}
