/**
 * Runs of one or more leagues as a program drives them: {@link io.sparring.league.run.MultiGameRun}
 * starts or resumes the leagues of a run directory, plays them a batch of each in turn and writes
 * the summaries, telling a {@link io.sparring.league.run.MultiGameRun.Listener} (the command line,
 * later a dashboard or a worker) what happens; {@link io.sparring.league.run.RunDirectories} finds
 * each game's league in a run directory.
 */
package io.sparring.league.run;
