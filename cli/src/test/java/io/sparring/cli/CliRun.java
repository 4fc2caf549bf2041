package io.sparring.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

/** One in-process run of the command line with scripted input. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String input, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Terminal terminal =
        new Terminal(
            new BufferedReader(new StringReader(input)), new PrintWriter(out), new PrintWriter(err));
    int code = SparringCommand.execute(terminal, args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
