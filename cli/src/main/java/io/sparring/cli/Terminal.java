package io.sparring.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;

/** Where a command reads a person's input and writes its output; tests pass their own. */
record Terminal(BufferedReader in, PrintWriter out, PrintWriter err) {}
