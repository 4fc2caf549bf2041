package io.sparring.agents.match;

import io.sparring.core.game.Observation;

/**
 * What a seat saw at a turn: its observation and its information state, the key and tensor
 * learners read. Services send no information state; read from them, the key is empty and the
 * tensor has no values.
 *
 * @param informationState the information-state tensor, flat
 */
public record RecordedObservation(Observation observation, String informationStateKey, float[] informationState) {}
