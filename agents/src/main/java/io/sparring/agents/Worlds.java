package io.sparring.agents;

import io.sparring.core.game.State;
import java.util.random.RandomGenerator;

/**
 * Full states consistent with what one seat knows, for search agents. In a perfect-information game
 * that is the state itself; otherwise hidden chance outcomes (the other hands, the deck) are drawn
 * anew so that the seat's information state is unchanged. Every call returns a fresh state the
 * caller may change.
 */
@FunctionalInterface
public interface Worlds {

  State sample(RandomGenerator random);
}
