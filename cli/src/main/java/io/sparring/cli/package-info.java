/**
 * The {@code sparring} command line: picocli commands that wire the modules together and print what
 * they produce. Tables and progress go to stdout, logs to stderr.
 */
package io.sparring.cli;
