package io.sparring.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.sparring.league.config.ConfigException;
import io.sparring.core.spec.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
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
      GamesCommand.class, PlayCommand.class, MatchCommand.class, ReplayCommand.class, LeagueCommand.class,
      EvalCommand.class, WebShopCommand.class, ServeCommand.class, BenchCommand.class, ExpandCommand.class,
      ExperienceCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring games                          list the games",
      "  ./sparring play tic_tac_toe --vs random   play against a random agent",
      "  ./sparring play 'kuhn_poker(players=3)'   play three-player Kuhn poker",
      "  ./sparring league run                     Kuhn, Leduc and tic-tac-toe leagues",
      "  ./sparring match tic_tac_toe --seat 0=mcts --seat 1=random --games 10",
      "  ./sparring replay runs/kuhn 17            replay match 17 of a run and check it",
      "  ./sparring webshop eval --agent webshop_scripted   a shopper's WebShop score",
      "  ./sparring serve                          serve over gRPC on 127.0.0.1:50051",
      "  ./sparring bench games                    playouts per second of every game",
      "  ./sparring help play                      help on one command",
      "",
      "Exit codes: 0 success, 1 failure while running,",
      "            2 usage error (no or unknown command, bad option, spec or config),",
      "            3 a replayed match that does not reproduce (replay)."
    })
final class SparringCommand implements Callable<Integer> {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;
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
  public Integer call() {
    // No subcommand is a usage error: show what there is to do.
    command.commandLine().usage(terminal.err());
    return CommandLine.ExitCode.USAGE;
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
          failed.getErr().println("error: " + describe(exception));
          if (exception instanceof SpecException || exception instanceof ConfigException) {
            failed.getErr().println("See './" + failed.getCommandSpec().qualifiedName() + " --help'.");
            return CommandLine.ExitCode.USAGE;
          }
          return CommandLine.ExitCode.SOFTWARE;
        });
    CommandLine.IParameterExceptionHandler parameterErrors = commandLine.getParameterExceptionHandler();
    commandLine.setParameterExceptionHandler((exception, arguments) -> {
      Optional<String> unknown = unknownCommand(exception);
      if (unknown.isEmpty()) {
        return parameterErrors.handleParseException(exception, arguments);
      }
      CommandLine parent = exception.getCommandLine();
      List<String> suggestions = exception instanceof CommandLine.UnmatchedArgumentException unmatched
          ? unmatched.getSuggestions() : List.of();
      parent.getErr().println("error: unknown command '" + unknown.get() + "'"
          + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?"));
      parent.getErr().println("See './" + parent.getCommandSpec().qualifiedName() + " --help' for its commands.");
      return CommandLine.ExitCode.USAGE;
    });
    // An unknown command followed by --help is still an unknown command, not a request for help.
    commandLine.setExecutionStrategy(parseResult -> {
      CommandLine.ParseResult last = parseResult;
      while (last.hasSubcommand()) {
        last = last.subcommand();
      }
      if (!last.commandSpec().subcommands().isEmpty() && !last.unmatched().isEmpty()) {
        throw new CommandLine.UnmatchedArgumentException(last.commandSpec().commandLine(), last.unmatched());
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    int code = commandLine.execute(args);
    terminal.out().flush();
    terminal.err().flush();
    return code;
  }

  /**
   * The first unmatched argument of a command that takes subcommands, where it is not an option:
   * a command name that does not exist.
   */
  private static Optional<String> unknownCommand(CommandLine.ParameterException exception) {
    if (!(exception instanceof CommandLine.UnmatchedArgumentException unmatched)
        || exception.getCommandLine().getSubcommands().isEmpty() || unmatched.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    String first = unmatched.getUnmatched().getFirst();
    return first.startsWith("-") ? Optional.empty() : Optional.of(first);
  }

  /**
   * What went wrong, in words: the exception's message, except that a file system exception's own
   * message, which is often only a path (the class says what happened), is replaced by words.
   */
  static String describe(Throwable exception) {
    String message = exception.getMessage();
    FileSystemException fileError = null;
    for (Throwable t = exception; t != null && fileError == null; t = t.getCause()) {
      if (t instanceof FileSystemException e) {
        fileError = e;
      }
    }
    if (fileError != null) {
      String raw = fileError.getMessage();
      if (message == null || message.equals(raw) || message.equals(fileError.toString())) {
        return inWords(fileError);
      }
      if (message.endsWith(raw)) {
        return message.substring(0, message.length() - raw.length()) + inWords(fileError);
      }
    }
    return message != null && !message.isBlank() ? message
        : exception.getClass().getSimpleName() + " (--log-level debug shows where)";
  }

  private static String inWords(FileSystemException e) {
    String what = switch (e) {
      case NoSuchFileException x -> "no such file or directory";
      case AccessDeniedException x -> "permission denied";
      case NotDirectoryException x -> "not a directory";
      case DirectoryNotEmptyException x -> "directory not empty";
      case FileAlreadyExistsException x -> e.getFile() != null && Files.isRegularFile(Path.of(e.getFile()))
          ? "a file is in the way (a directory is needed)" : "already exists";
      default -> e.getReason() != null ? e.getReason() : "file system error";
    };
    boolean reasonSaid = e.getReason() == null || what.equals(e.getReason());
    return what + ": " + e.getFile() + (e.getOtherFile() == null ? "" : " -> " + e.getOtherFile())
        + (reasonSaid ? "" : " (" + e.getReason() + ")");
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
