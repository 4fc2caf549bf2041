package io.sparring.training.advantage;

import io.sparring.agents.Role;
import java.util.Optional;

/**
 * How turns are grouped for centring and normalization ("agent-specific" normalization: by
 * default one group per game and seat). A group that holds a single turn would make that turn's
 * advantage zero, so it falls back to the next coarser key ({@link #coarser()}):
 *
 * <pre>
 * GAME_SEAT → GAME → ALL
 * GAME_ROLE → GAME → ALL
 * ROLE      → ALL
 * PLAYER    → ALL
 * GAME      → ALL
 * </pre>
 */
public enum GroupKey {
  /** The game's spec and the seat: {@code kuhn_poker(players=2)|seat=0} (MARS's default). */
  GAME_SEAT,
  /** The game's spec and the team role that produced the action: {@code tic_tac_toe|role=GENERATOR}. */
  GAME_ROLE,
  /** The role alone, across games: {@code role=GENERATOR}. */
  ROLE,
  /** The learning player: {@code player=main}. */
  PLAYER,
  /** The game's spec: {@code kuhn_poker(players=2)}. */
  GAME,
  /** Every turn of the batch: {@code *}. */
  ALL;

  /** The key of the group a turn belongs to under this grouping. */
  public String keyOf(String game, int seat, Role role, String player) {
    return switch (this) {
      case GAME_SEAT -> game + "|seat=" + seat;
      case GAME_ROLE -> game + "|role=" + role;
      case ROLE -> "role=" + role;
      case PLAYER -> "player=" + player;
      case GAME -> game;
      case ALL -> "*";
    };
  }

  /** The grouping a single-turn group falls back to; empty for {@link #ALL}. */
  public Optional<GroupKey> coarser() {
    return switch (this) {
      case GAME_SEAT, GAME_ROLE -> Optional.of(GAME);
      case ROLE, PLAYER, GAME -> Optional.of(ALL);
      case ALL -> Optional.empty();
    };
  }
}
