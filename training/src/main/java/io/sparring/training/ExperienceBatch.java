package io.sparring.training;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The turns of one learning player from a batch of matches, with their advantages. */
public record ExperienceBatch(String player, List<Experience> experiences) {

  public ExperienceBatch {
    requireNonNull(player);
    experiences = List.copyOf(experiences);
  }

  public int size() {
    return experiences.size();
  }

  public boolean isEmpty() {
    return experiences.isEmpty();
  }
}
