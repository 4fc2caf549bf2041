package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What the command line says when something is wrong, and the exit codes it says it with. */
class CliMessagesTest {

  private static List<CommandSpec> everyCommand() {
    List<CommandSpec> all = new ArrayList<>();
    collect(new CommandLine(new SparringCommand(null)).getCommandSpec(), all);
    return all;
  }

  private static void collect(CommandSpec spec, List<CommandSpec> all) {
    all.add(spec);
    spec.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
        .forEach(sub -> collect(sub, all));
  }

  @Test
  void configErrorsHintAtTheFullCommandPath() {
    CliRun run = CliRun.of("", "league", "run", "--set", "matches=0");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("See './sparring league run --help'."), run.err());
  }

  @Test
  void specErrorsHintAtTheFullCommandPath() {
    CliRun run = CliRun.of("", "bench", "games", "no_such_game", "--seconds", "0.01");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("See './sparring bench games --help'."), run.err());
  }

  @Test
  void dryRunRefusesALearnerSpecTheRunWouldRefuse() {
    CliRun run = CliRun.of("", "league", "run", "--dry-run", "--set", "game=kuhn_poker",
        "--set", "players.0.learner=tabular(learning_rate=-1)");
    assertEquals(2, run.exitCode(), run.out());
    assertEquals("", run.out());
    assertTrue(run.err().contains("players[0].learner: parameter 'learning_rate' of learner tabular"), run.err());
    assertTrue(run.err().contains("See './sparring league run --help'."), run.err());
  }

  @Test
  void configValuesAreSaidInPlainWords() {
    CliRun run = CliRun.of("", "league", "run", "--dry-run", "--set", "game=kuhn_poker", "--set", "matches=1.5");
    assertEquals(2, run.exitCode(), run.out());
    assertTrue(run.err().startsWith("error: matches: must be a whole number, got 1.5"), run.err());
  }

  @Test
  void aFileWhereADirectoryIsNeededIsSaidInWords(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    CliRun run = CliRun.of("", "match", "tic_tac_toe", "--seat", "0=random", "--seat", "1=random",
        "--out", file.resolve("matches.jsonl").toString());
    assertEquals(1, run.exitCode());
    assertFalse(run.err().strip().equals("error: " + file), run.err());
    assertTrue(run.err().contains("matches.jsonl: a file is in the way (a directory is needed): " + file),
        run.err());
  }

  @Test
  void fileSystemExceptionsSayWhatHappened() {
    assertEquals("no such file or directory: /a", SparringCommand.describe(new NoSuchFileException("/a")));
    assertEquals("permission denied: /a", SparringCommand.describe(new AccessDeniedException("/a")));
    assertEquals("not a directory: /a", SparringCommand.describe(new NotDirectoryException("/a")));
    assertEquals("Read-only file system: /a",
        SparringCommand.describe(new FileSystemException("/a", null, "Read-only file system")));
    assertEquals("file system error: /a", SparringCommand.describe(new FileSystemException("/a")));
    assertEquals("permission denied: /a",
        SparringCommand.describe(new java.io.UncheckedIOException(new AccessDeniedException("/a"))));
    assertEquals("cannot write /a/b: not a directory: /a", SparringCommand.describe(
        new java.io.UncheckedIOException("cannot write /a/b: /a", new NotDirectoryException("/a"))));
  }

  @Test
  void everyHelpTextIsAValidFormatString() {
    // picocli formats every description, header and footer line; a lone % makes it warn on stderr.
    for (CommandSpec spec : everyCommand()) {
      List<String> lines = new ArrayList<>();
      Stream.of(spec.usageMessage().description(), spec.usageMessage().header(), spec.usageMessage().footer())
          .forEach(l -> lines.addAll(List.of(l)));
      lines.add(spec.usageMessage().footerHeading());
      spec.options().forEach(o -> lines.addAll(List.of(o.description())));
      spec.positionalParameters().forEach(p -> lines.addAll(List.of(p.description())));
      for (String line : lines) {
        try {
          String.format(line);
        } catch (IllegalFormatException e) {
          throw new AssertionError(spec.qualifiedName() + ": '" + line + "' is not a format string: " + e);
        }
      }
    }
  }

  @Test
  void everyCommandsFirstDescriptionLineIsASentence() {
    // The command lists show only the first line of a description.
    for (CommandSpec spec : everyCommand()) {
      String[] description = spec.usageMessage().description();
      assertTrue(description.length > 0, spec.qualifiedName());
      assertTrue(description[0].endsWith("."), spec.qualifiedName() + ": '" + description[0] + "'");
    }
  }

  @Test
  void topLevelExamplesNameTheDefaultLeaguesGames() {
    CliRun run = CliRun.of("", "--help");
    assertEquals(0, run.exitCode());
    assertFalse(run.out().contains("(Kuhn poker)"), run.out());
    assertTrue(run.out().contains("Kuhn, Leduc and tic-tac-toe"), run.out());
    assertTrue(run.out().lines().allMatch(l -> l.length() <= 80), run.out());
  }

  @Test
  void noCommandIsAUsageErrorOnStderr() {
    CliRun run = CliRun.of("");
    assertEquals(2, run.exitCode());
    assertEquals("", run.out());
    assertTrue(run.err().contains("Usage: sparring"), run.err());
  }

  @Test
  void anUnknownCommandIsAUsageErrorEvenWithHelp() {
    for (String[] args : List.of(new String[] {"frobnicate"}, new String[] {"frobnicate", "--help"})) {
      CliRun run = CliRun.of("", args);
      assertEquals(2, run.exitCode(), run.out());
      assertEquals("", run.out());
      assertTrue(run.err().contains("unknown command 'frobnicate'"), run.err());
      assertTrue(run.err().contains("See './sparring --help'"), run.err());
    }
  }

  @Test
  void anUnknownSubcommandNamesItsParent() {
    CliRun run = CliRun.of("", "league", "frob", "--help");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("unknown command 'frob'"), run.err());
    assertTrue(run.err().contains("See './sparring league --help'"), run.err());
  }
}
