package io.sparring.core.game.conformance;

/** The rules the conformance kit checks; a failure message starts with the rule's name. */
public enum Rule {
  COPY_STAYS_EQUAL("a copy equals the state replayed from its history, and they stay equal under the same moves"),
  SERIALIZATION_ROUND_TRIP("deserialize(serialize(state)) equals the state"),
  MASK_MATCHES_LEGAL_ACTIONS("the legal-action mask is true exactly at the legal actions"),
  LEGAL_ACTIONS_SORTED_IN_RANGE("legal actions are sorted, distinct and within 0..numDistinctActions-1"),
  ACTION_STRING_PARSES_BACK("every legal action's string parses back to that action"),
  OBSERVATION_TEXT_NAMES_LEGAL_ACTIONS("observation text is non-empty and names the legal actions"),
  TENSOR_SHAPES("observation and information-state tensors have the declared shapes and finite values"),
  INFORMATION_STATE_CONSISTENT("decision points with the same information-state key look the same to the acting seat"),
  CHANCE_SUMS_TO_ONE("chance outcome probabilities sum to 1 and match the chance node's legal actions"),
  REWARDS_ADD_UP_TO_RETURNS("per-step rewards add up to the returns"),
  RETURNS_WITHIN_BOUNDS("final returns lie within [minUtility, maxUtility]"),
  UTILITY_HOLDS("the declared utility holds at the end (zero-sum sums to 0, identical are equal, a side's seats are equal)"),
  LENGTH_WITHIN_MAX("an episode has at most maxGameLength moves"),
  LEGAL_ACTIONS_EMPTY_EXACTLY_AT_END(
      "legal actions are empty exactly when the state has ended (or the seat to move writes text)"),
  SAME_SEED_SAME_GAME("the same seed and actions replay the same game"),
  ILLEGAL_ACTION_REJECTED("an illegal action, or any action after the end, throws and changes nothing"),
  SPEC_ROUND_TRIP("the game's spec creates an equal game"),
  TEXT_ACTIONS("text actions are applied, refused or taken as no-ops as declared, and survive serialization and copies");

  private final String description;

  Rule(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
