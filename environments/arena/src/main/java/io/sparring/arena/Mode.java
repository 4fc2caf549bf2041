package io.sparring.arena;

import java.util.Locale;

/** The arena's mini-games, one world each: how many seats and sides, and what scores. */
enum Mode {
  /** One unit moves to a beacon: +1 per beacon, which respawns at least 5 m away (SC2LE's MoveToBeacon). */
  BEACON(1, 1),
  /** Two units of one side collect 20 shards, +1 each (SC2LE's CollectMineralShards). */
  SHARDS(2, 1),
  /** Three against three with hit points and a shot: +1 to the side left standing, -1 to the other. */
  SKIRMISH(6, 2),
  /** Two against two with a ball: Unity SoccerTwos' rewards, 1 - t/T for a goal, -1 for conceding. */
  SOCCER(4, 2);

  final int seats;
  final int sides;

  Mode(int seats, int sides) {
    this.seats = seats;
    this.sides = sides;
  }

  /** A seat's side: seats are numbered side by side, so 0,1 | 2,3 in soccer and 0-2 | 3-5 in skirmish. */
  int sideOf(int seat) {
    return seat / (seats / sides);
  }

  int seatsPerSide() {
    return seats / sides;
  }

  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Mode parse(String word) {
    for (Mode mode : values()) {
      if (mode.word().equals(word)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown arena mode '" + word + "'; modes: beacon, shards, skirmish, soccer");
  }
}
