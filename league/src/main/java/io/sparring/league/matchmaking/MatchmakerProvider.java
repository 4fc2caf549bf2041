package io.sparring.league.matchmaking;

import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Provider;

/** Creates matchmakers of one kind from checked spec arguments. */
public interface MatchmakerProvider extends Provider {

  Matchmaker create(Arguments arguments);
}
