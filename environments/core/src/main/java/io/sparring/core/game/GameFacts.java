package io.sparring.core.game;

import java.util.ArrayList;
import java.util.List;

/**
 * The facts of a game with its parameters fixed, declared once by the game (the proto's {@code
 * GameFacts} carries them over the wire). The conformance kit checks them against every state it
 * reaches. Build one with {@link #builder()}.
 *
 * @param players seats, numbered from 0
 * @param distinctActions indexed actions are {@code 0 .. distinctActions - 1} (chance excepted);
 *     0 for a game that takes text actions only
 * @param minUtility the lowest return a seat can end with
 * @param maxUtility the highest return a seat can end with
 * @param utilitySum the sum of all returns for zero-sum (0) and constant-sum games
 * @param maxLength the most moves an episode can have, chance moves included
 * @param observationShape the shape of {@link State#observationTensor}; {@code [0]} for none
 * @param informationStateShape the shape of {@link State#informationStateTensor}
 * @param rules the rules in plain words, shown to players (and LLMs) at the start of an episode
 * @param textActions the text actions the game takes beyond its indexed ones
 * @param sides the seats grouped by side, in seat order: seats of one side share its reward by the
 *     rules (teammates), and a league seats one player on a whole side; by default each seat is its
 *     own side
 */
public record GameFacts(
    int players,
    int distinctActions,
    double minUtility,
    double maxUtility,
    double utilitySum,
    int maxLength,
    List<Integer> observationShape,
    List<Integer> informationStateShape,
    String rules,
    TextActions textActions,
    List<List<Integer>> sides) {

  public GameFacts {
    observationShape = List.copyOf(observationShape);
    informationStateShape = List.copyOf(informationStateShape);
    sides = sides.stream().map(List::copyOf).toList();
    checkSides(players, sides);
    if (players < 1 || distinctActions < 0 || maxLength < 1 || minUtility > maxUtility) {
      throw new IllegalArgumentException(("inconsistent game facts: %d players, %d actions, length %d,"
          + " utility %s..%s").formatted(players, distinctActions, maxLength, minUtility, maxUtility));
    }
    if (distinctActions == 0 && !textActions.accepted()) {
      throw new IllegalArgumentException("a game without indexed actions must declare text actions");
    }
    if (observationShape.stream().anyMatch(d -> d < 0) || informationStateShape.stream().anyMatch(d -> d < 0)) {
      throw new IllegalArgumentException("tensor dimensions must be >= 0");
    }
  }

  private static void checkSides(int players, List<List<Integer>> sides) {
    List<Integer> seats = sides.stream().flatMap(List::stream).toList();
    boolean partition = seats.size() == players && sides.stream().noneMatch(List::isEmpty);
    for (int i = 0; partition && i < seats.size(); i++) {
      partition = seats.get(i) == i;
    }
    if (!partition) {
      throw new IllegalArgumentException("sides " + sides + " must list seats 0.." + (players - 1)
          + " once each, in order");
    }
  }

  /** The side of a seat: the index in {@link #sides()} of the group that holds it. */
  public int sideOf(int seat) {
    for (int side = 0; side < sides.size(); side++) {
      if (sides.get(side).contains(seat)) {
        return side;
      }
    }
    throw new IllegalArgumentException("seat " + seat + " is not a seat of " + players + " players");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link GameFacts}; the utility sum defaults to 0, the information-state shape to the
   * observation shape (perfect information) and the text actions to {@link TextActions#NONE}.
   */
  public static final class Builder {
    private int players;
    private int distinctActions;
    private double minUtility;
    private double maxUtility;
    private double utilitySum;
    private int maxLength;
    private List<Integer> observationShape = List.of(0);
    private List<Integer> informationStateShape;
    private String rules = "";
    private TextActions textActions = TextActions.NONE;
    private List<List<Integer>> sides;

    private Builder() {}

    public Builder players(int players) {
      this.players = players;
      return this;
    }

    public Builder distinctActions(int distinctActions) {
      this.distinctActions = distinctActions;
      return this;
    }

    public Builder utility(double min, double max) {
      this.minUtility = min;
      this.maxUtility = max;
      return this;
    }

    public Builder utilitySum(double utilitySum) {
      this.utilitySum = utilitySum;
      return this;
    }

    public Builder maxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    public Builder observationShape(Integer... shape) {
      this.observationShape = List.of(shape);
      return this;
    }

    public Builder informationStateShape(Integer... shape) {
      this.informationStateShape = List.of(shape);
      return this;
    }

    public Builder rules(String rules) {
      this.rules = rules;
      return this;
    }

    public Builder textActions(TextActions textActions) {
      this.textActions = textActions;
      return this;
    }

    /** Seats grouped by side, in seat order; by default each seat is its own side. */
    public Builder sides(List<List<Integer>> sides) {
      this.sides = sides;
      return this;
    }

    public GameFacts build() {
      return new GameFacts(players, distinctActions, minUtility, maxUtility, utilitySum, maxLength,
          observationShape, informationStateShape == null ? observationShape : informationStateShape,
          rules, textActions, sides == null ? eachAlone(players) : sides);
    }

    private static List<List<Integer>> eachAlone(int players) {
      List<List<Integer>> alone = new ArrayList<>();
      for (int seat = 0; seat < players; seat++) {
        alone.add(List.of(seat));
      }
      return alone;
    }
  }
}
