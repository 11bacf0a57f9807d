package io.openova.dnsguard.cli;

import java.io.PrintStream;
import java.util.List;

/** A subcommand: takes its arguments, writes to out/err, returns the process exit code. */
@FunctionalInterface
interface Command {
  int run(List<String> args, PrintStream out, PrintStream err);
}
