/**
 * The {@code sparring} command line: picocli commands that wire the modules together and print what
 * they produce. Tables and the progress of leagues and replays go to stdout; logs, the benchmarks'
 * notes and {@code webshop eval}'s progress go to stderr.
 */
package io.sparring.cli;
