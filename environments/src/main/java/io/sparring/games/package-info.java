/** The built-in games, one class each, registered as {@link io.sparring.game.GameProvider}s. */
package io.sparring.games;
