package io.sparring.core.spec;

import java.util.List;

/**
 * Something a user can name in a spec string: a game, an agent, later a matchmaker or a learner.
 * Each kind has its own sub-interface with a {@code create} method, and its implementations are
 * registered in {@code META-INF/services} for {@link java.util.ServiceLoader}.
 */
public interface Provider {

  /** The name used in specs, for example {@code kuhn_poker}. */
  String name();

  /** One line for tables and help. */
  String description();

  /** The parameters this provider accepts, in the order they are shown. */
  default List<Parameter> parameters() {
    return List.of();
  }
}
