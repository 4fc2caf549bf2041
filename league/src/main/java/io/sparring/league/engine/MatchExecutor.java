package io.sparring.league.engine;

import io.sparring.league.store.LeagueStore.MatchRow;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays a batch's matches: the seam where matches could be played elsewhere than in this process.
 * The league's own is a thread pool that resolves the named players to its in-memory policies; one
 * given to {@link League#start(io.sparring.league.config.LeagueConfig, java.nio.file.Path,
 * java.util.Optional,
 * java.util.function.UnaryOperator)} may wrap it or replace it.
 */
public interface MatchExecutor {

  /**
   * Plays every job and hands each recorded match to {@code played} in the jobs' order (match
   * index order), each as soon as it and every job before it are done, so that the league stores
   * results as they come and a killed run keeps them. Returns when all are handed over.
   *
   * @throws IllegalStateException when a match fails or the thread is interrupted
   */
  void play(List<MatchJob> jobs, Consumer<MatchRow> played);
}
