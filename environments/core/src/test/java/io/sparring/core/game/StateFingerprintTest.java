package io.sparring.core.game;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class StateFingerprintTest {
  /** FarmHash's 64-bit fingerprint of "7;4,0", tic-tac-toe's state of seed 7 after moves 4 and 0. */
  private static final long FINGERPRINT_OF_7_4_0 = 4513308858622864393L;

  private final Game ticTacToe = Games.create("tic_tac_toe");

  @Test
  void equalStatesHaveEqualFingerprints() {
    State state = ticTacToe.newInitialState(3);
    state.apply(4);
    State copy = state.copy();
    State restored = ticTacToe.deserializeState(state.serialize());
    State replayed = ticTacToe.newInitialState(3);
    replayed.apply(4);

    assertEquals(state.fingerprint(), copy.fingerprint());
    assertEquals(state.fingerprint(), restored.fingerprint());
    assertEquals(state.fingerprint(), replayed.fingerprint());
    state.apply(0);
    copy.apply(0);
    assertEquals(state.fingerprint(), copy.fingerprint(), "a copy follows the same move to the same hash");
  }

  @Test
  void otherMovesOrSeedsGiveOtherFingerprints() {
    State state = ticTacToe.newInitialState(3);
    long initial = state.fingerprint();
    state.apply(4);
    State other = ticTacToe.newInitialState(3);
    other.apply(0);

    assertNotEquals(initial, state.fingerprint());
    assertNotEquals(state.fingerprint(), other.fingerprint());
    Game kuhn = Games.create("kuhn_poker");
    assertNotEquals(kuhn.newInitialState(1).fingerprint(), kuhn.newInitialState(2).fingerprint());
  }

  /** Records keep fingerprints, so the default hash must never change: old records would stop replaying. */
  @Test
  void theDefaultFingerprintOfAStateNeverChanges() {
    State state = ticTacToe.newInitialState(7);
    state.apply(4);
    state.apply(0);

    assertEquals("7;4,0", state.serialize());
    assertEquals(FINGERPRINT_OF_7_4_0, state.fingerprint());
  }
}
