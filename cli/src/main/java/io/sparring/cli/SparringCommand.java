package io.sparring.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.sparring.league.config.ConfigException;
import io.sparring.core.spec.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code sparring} command. */
@Command(
    name = "sparring",
    mixinStandardHelpOptions = true,
    versionProvider = SparringCommand.Version.class,
    description = "Sparring: multi-agent self-play leagues, games and agents.",
    subcommands = {
      GamesCommand.class, PlayCommand.class, MatchCommand.class, LeagueCommand.class,
      EvalCommand.class, ServeCommand.class, BenchCommand.class, ExpandCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring games                          list the games",
      "  ./sparring play tic_tac_toe --vs random   play against a random agent",
      "  ./sparring play 'kuhn_poker(players=3)'   play three-player Kuhn poker",
      "  ./sparring league run                     the default self-play league (Kuhn poker)",
      "  ./sparring match tic_tac_toe --seat 0=mcts --seat 1=random --games 10",
      "  ./sparring serve                          serve the games over gRPC on 127.0.0.1:50051",
      "  ./sparring bench games                    playouts per second of every game",
      "  ./sparring help play                      help on one command",
      "",
      "Exit codes: 0 success, 1 failure while running,",
      "            2 usage error (bad command, option or spec)."
    })
final class SparringCommand implements Runnable {
  private final Terminal terminal;

  @Option(
      names = "--log-level",
      scope = CommandLine.ScopeType.INHERIT,
      paramLabel = "LEVEL",
      description = "Log detail on stderr: ${COMPLETION-CANDIDATES} (default: warn).")
  void setLogLevel(LogLevel level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.name()));
  }

  enum LogLevel {
    error,
    warn,
    info,
    debug,
    trace,
    off
  }

  SparringCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  Terminal terminal() {
    return terminal;
  }

  @Override
  public void run() {
    // No subcommand: show what there is to do.
    new CommandLine(this).usage(terminal.out());
  }

  /** Runs the command line and returns the documented exit code. */
  static int execute(Terminal terminal, String... args) {
    CommandLine commandLine = new CommandLine(new SparringCommand(terminal));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(terminal.out());
    commandLine.setErr(terminal.err());
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          LoggerFactory.getLogger(SparringCommand.class).debug("command failed", exception);
          failed.getErr().println("error: " + exception.getMessage());
          if (exception instanceof SpecException || exception instanceof ConfigException) {
            failed.getErr().println("See './sparring " + failed.getCommandName() + " --help'.");
            return CommandLine.ExitCode.USAGE;
          }
          return CommandLine.ExitCode.SOFTWARE;
        });
    int code = commandLine.execute(args);
    terminal.out().flush();
    terminal.err().flush();
    return code;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties properties = new Properties();
      try (InputStream in = SparringCommand.class.getResourceAsStream("version.properties")) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "sparring " + properties.getProperty("version"),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
