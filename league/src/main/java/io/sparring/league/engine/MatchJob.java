package io.sparring.league.engine;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.sparring.agents.match.MatchConfig.AgentSeeds;
import io.sparring.league.store.PlayerKind;
import io.sparring.training.SnapshotId;
import java.util.List;
import java.util.Optional;

/**
 * One match of a batch as the league scheduled it, with its players named rather than held, so
 * that any {@link MatchExecutor} can play it.
 *
 * @param index the match's index in the run (its results are applied in this order)
 * @param batch the batch it belongs to
 * @param seed the match seed (chance and every agent's randomness derive from it)
 * @param agentSeeds how the agents' seeds follow from it
 * @param groupMember the match's place in its GRPO group (from 0): the agents' salt, so that the
 *     group's matches share the deal but not the agents' randomness
 * @param seats who plays each seat, seat 0 first
 */
public record MatchJob(long index, int batch, long seed, AgentSeeds agentSeeds, int groupMember, List<Player> seats) {

  public MatchJob {
    requireNonNull(agentSeeds);
    seats = List.copyOf(seats);
  }

  /**
   * A player by name: a learner (its policy as frozen at the start of the batch), a snapshot (by
   * its {@link SnapshotId}) or a baseline.
   *
   * @param id the learner's or baseline's name, or the snapshot's label
   * @param kind what it is
   * @param snapshot the snapshot's identity, for a snapshot only
   */
  public record Player(String id, PlayerKind kind, Optional<SnapshotId> snapshot) {

    public Player {
      requireNonNull(id);
      requireNonNull(kind);
      checkArgument(snapshot.isPresent() == (kind == PlayerKind.SNAPSHOT),
          "a snapshot, and only a snapshot, has a snapshot id: %s %s", kind, id);
      snapshot.ifPresent(s -> checkArgument(s.label().equals(id), "snapshot %s is named %s", s, id));
    }

    static Player of(SnapshotId snapshot) {
      return new Player(snapshot.label(), PlayerKind.SNAPSHOT, Optional.of(snapshot));
    }

    static Player of(String id, PlayerKind kind) {
      return new Player(id, kind, Optional.empty());
    }
  }
}
