package io.sparring.training;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.sparring.agents.Role;
import java.util.List;

/**
 * One turn of one seat, ready for learning: what the seat saw (its information state as key and
 * tensor, its legal actions), what it did, the turn's reward, and the advantage an estimator gave
 * it.
 *
 * @param game the game's canonical spec
 * @param player the learning player this turn belongs to
 * @param seat the seat it played
 * @param role the team role that produced the action ({@link Role#GENERATOR} for plain agents)
 * @param groupKey the normalization group the estimator put it in (e.g. "kuhn_poker(players=2)|seat=0")
 * @param informationStateKey the seat's information-state key
 * @param informationState the seat's information-state tensor
 * @param legalActions the legal actions, sorted
 * @param action the action taken
 * @param reward the turn-level reward r_k (own action's reward plus what others' moves gave before
 *     the next own turn, plus bonuses and penalties)
 * @param returnToGo the discounted sum of centred rewards from this turn on
 * @param advantage the normalized advantage the learner uses
 * @param behaviourLogProbability log-probability of the action under the policy that played it
 *     (NaN when unknown)
 */
public record Experience(
    String game,
    String player,
    int seat,
    Role role,
    String groupKey,
    String informationStateKey,
    float[] informationState,
    List<Integer> legalActions,
    int action,
    double reward,
    double returnToGo,
    double advantage,
    double behaviourLogProbability) {

  public Experience {
    requireNonNull(game);
    requireNonNull(player);
    requireNonNull(role);
    requireNonNull(groupKey);
    requireNonNull(informationStateKey);
    requireNonNull(informationState);
    legalActions = List.copyOf(legalActions);
    checkArgument(legalActions.contains(action), "action %s is not among the legal %s", action, legalActions);
  }
}
