package io.sparring.league.store;

import java.util.Locale;

/** What a league player is; the store and the standings write it in lower case. */
public enum PlayerKind {
  /** Learns from its matches. */
  LEARNER,
  /** A learner's policy frozen after a batch. */
  SNAPSHOT,
  /** A fixed agent that never learns. */
  BASELINE;

  /** The stored and printed word: {@code learner}, {@code snapshot}, {@code baseline}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a stored word. */
  public static PlayerKind of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
