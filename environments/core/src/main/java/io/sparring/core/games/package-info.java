/** The built-in games, one class each, registered as {@link io.sparring.core.game.GameProvider}s. */
package io.sparring.core.games;
