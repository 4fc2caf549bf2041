package io.sparring.rpc.environment;

import java.util.List;
import java.util.TreeSet;

/**
 * A client's place in a session: a secret token and the seats it acts for. Guarded by the
 * session's lock.
 */
final class Member {
  final Session session;
  final String token;
  private final TreeSet<Integer> seats = new TreeSet<>();

  Member(Session session, String token) {
    this.session = session;
    this.token = token;
  }

  boolean holds(int seat) {
    return seats.contains(seat);
  }

  void add(List<Integer> more) {
    seats.addAll(more);
  }

  /** The seats, sorted. */
  List<Integer> seats() {
    return List.copyOf(seats);
  }

  int seatCount() {
    return seats.size();
  }
}
