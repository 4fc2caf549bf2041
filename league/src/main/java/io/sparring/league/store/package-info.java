/**
 * The league's embedded SQLite database in its run directory: players, snapshots, every match with
 * its trajectory, batch statistics, rating history and evaluations. Writes are transactions; the
 * schema version is checked on open. {@link io.sparring.league.store.RunLock} keeps a second writer
 * out of a run directory.
 */
package io.sparring.league.store;
