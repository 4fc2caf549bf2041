package io.sparring.cli;

import io.sparring.core.game.State;
import java.awt.image.BufferedImage;

/**
 * Draws a game's state as a picture, a frame of {@code sparring replay --gif} or {@code --frames}.
 * One drawer serves every replay of its game, so it keeps nothing between calls; its frames are
 * all one size. {@link Drawers} names the drawer of each game that has one.
 */
interface FrameDrawer {
  /** A new picture of the state, which the drawer only reads. */
  BufferedImage draw(State state);
}
