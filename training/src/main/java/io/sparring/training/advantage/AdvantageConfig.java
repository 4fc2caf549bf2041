package io.sparring.training.advantage;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * How {@link MarsAdvantages} turns a match into turn-level rewards and advantages.
 *
 * @param gamma the discount over a seat's own turns, in [0, 1] (MARS: 1)
 * @param drawReward what a drawn match is worth to each seat (MARS uses 0.1; the default is 0)
 * @param formatBonus added to the reward of every turn without a violation (MARS: 0.05 for LLMs)
 * @param violationPenalty added to a turn's reward once per violation (usually zero or negative)
 * @param groupKey how turns are grouped for centring and normalization
 * @param divideByStd whether the per-group normalization also divides by the group's standard
 *     deviation
 * @param whiten whether the advantages are finally whitened over the whole batch (mean 0, std 1)
 */
public record AdvantageConfig(
    double gamma,
    double drawReward,
    double formatBonus,
    double violationPenalty,
    GroupKey groupKey,
    boolean divideByStd,
    boolean whiten) {

  public AdvantageConfig {
    // [0, 1], not (0, 1]: every γ in it is a discount the estimator computes (γ = 0 credits each turn
    // with its own reward only, which the format bonus and violation penalty give), so refusing 0
    // would refuse a working setting. The league config used to refuse it; it now uses this record.
    checkArgument(gamma >= 0 && gamma <= 1, "gamma must be in [0, 1], got %s", gamma);
    checkArgument(Double.isFinite(drawReward), "drawReward must be finite, got %s", drawReward);
    checkArgument(Double.isFinite(formatBonus), "formatBonus must be finite, got %s", formatBonus);
    checkArgument(Double.isFinite(violationPenalty),
        "violationPenalty must be finite, got %s", violationPenalty);
    requireNonNull(groupKey, "groupKey");
  }

  /**
   * MARS's recipe with neutral extras: γ = 1, draws worth 0, no format bonus, no violation
   * penalty, grouped by game and seat, mean removal only, no whitening.
   */
  public static AdvantageConfig mars() {
    return new AdvantageConfig(1.0, 0.0, 0.0, 0.0, GroupKey.GAME_SEAT, false, false);
  }

  public AdvantageConfig withGamma(double value) {
    return new AdvantageConfig(value, drawReward, formatBonus, violationPenalty, groupKey, divideByStd, whiten);
  }

  public AdvantageConfig withDrawReward(double value) {
    return new AdvantageConfig(gamma, value, formatBonus, violationPenalty, groupKey, divideByStd, whiten);
  }

  public AdvantageConfig withFormatBonus(double value) {
    return new AdvantageConfig(gamma, drawReward, value, violationPenalty, groupKey, divideByStd, whiten);
  }

  public AdvantageConfig withViolationPenalty(double value) {
    return new AdvantageConfig(gamma, drawReward, formatBonus, value, groupKey, divideByStd, whiten);
  }

  public AdvantageConfig withGroupKey(GroupKey value) {
    return new AdvantageConfig(gamma, drawReward, formatBonus, violationPenalty, value, divideByStd, whiten);
  }

  public AdvantageConfig withDivideByStd(boolean value) {
    return new AdvantageConfig(gamma, drawReward, formatBonus, violationPenalty, groupKey, value, whiten);
  }

  public AdvantageConfig withWhiten(boolean value) {
    return new AdvantageConfig(gamma, drawReward, formatBonus, violationPenalty, groupKey, divideByStd, value);
  }
}
