/**
 * The league's embedded SQLite database in its run directory: players, snapshots, every match with
 * its trajectory, batch statistics, rating history and evaluations. Writes are transactions; the
 * schema version is checked on open.
 */
package io.sparring.league.store;
