/**
 * External trainers: the {@code external(...)} learner, whose experience a league streams over
 * {@code sparring.v1.ExperienceService} and whose versions a trainer publishes over {@code
 * sparring.v1.PolicyService} (docs/trainers.md).
 */
package io.sparring.rpc.trainer;
