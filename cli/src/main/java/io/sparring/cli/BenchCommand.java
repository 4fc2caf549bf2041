package io.sparring.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sparring bench}: speed measurements printed as tables. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure speed; each subcommand prints a table.",
    subcommands = {BenchGamesCommand.class, BenchGrpcCommand.class, BenchLearnerCommand.class,
        BenchServeCommand.class, BenchWebShopCommand.class, BenchExperienceCommand.class,
        BenchArenaCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring bench games",
      "  ./sparring bench games --seconds 5 connect_four",
      "  ./sparring bench grpc                  the gRPC step API beside a plain echo",
      "  ./sparring bench learner               neural learner updates beside PyTorch from Python",
      "  ./sparring bench webshop               web shop index build, step latency, heap per session",
      "  ./sparring bench experience            the experience stream to Python trainers, and its cost to a league"
    })
final class BenchCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(command.commandLine(), "name what to measure: games, grpc, learner, serve, webshop or experience");
  }
}
