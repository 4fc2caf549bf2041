package io.sparring.rpc.environment;

import java.util.ArrayList;
import java.util.List;

/**
 * What one Play stream created and joined: the sessions it owns and the memberships it holds,
 * released together when the stream ends, so a client that disconnects leaves nothing behind.
 */
final class StreamBinding {
  private final List<Session> sessions = new ArrayList<>();
  private final List<Member> members = new ArrayList<>();
  private boolean released;

  /** Records a session created on the stream; false once the stream has ended. */
  synchronized boolean ownSession(Session session) {
    if (!released) {
      sessions.add(session);
    }
    return !released;
  }

  /** Records a membership made on the stream; false once the stream has ended. */
  synchronized boolean holdMember(Member member) {
    if (!released) {
      members.add(member);
    }
    return !released;
  }

  synchronized boolean isReleased() {
    return released;
  }

  /** Marks the stream ended and hands over what it held; later calls get nothing. */
  synchronized Held release() {
    if (released) {
      return new Held(List.of(), List.of());
    }
    released = true;
    Held held = new Held(List.copyOf(sessions), List.copyOf(members));
    sessions.clear();
    members.clear();
    return held;
  }

  record Held(List<Session> sessions, List<Member> members) {}
}
