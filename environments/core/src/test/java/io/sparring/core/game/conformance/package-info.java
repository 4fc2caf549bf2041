/**
 * The conformance kit every game passes, shipped in the sparring-core test-jar. {@link
 * GameConformanceTest} runs {@link ConformanceKit} over every registered game; a game in another
 * module or repository gets the same checks by extending it.
 */
package io.sparring.core.game.conformance;
