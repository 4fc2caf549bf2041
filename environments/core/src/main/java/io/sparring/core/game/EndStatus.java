package io.sparring.core.game;

/** Whether an episode goes on, ended by the rules, or was cut off by a step or time limit. */
public enum EndStatus {
  RUNNING,
  TERMINATED,
  TRUNCATED
}
