/**
 * The game API. Three levels, as in OpenSpiel: a game's static {@link GameType}, the immutable
 * parameterised {@link Game}, and the mutable {@link State} of one episode. Games are created from
 * spec strings through {@link Games}; a new game is one {@link GameProvider} class registered in
 * {@code META-INF/services/io.sparring.core.game.GameProvider}, and {@link AbstractState} carries the
 * rules every state shares (legality checks, rewards, history, serialization, observation text).
 */
package io.sparring.core.game;
