package io.sparring.cli;

import com.google.common.primitives.Doubles;
import io.sparring.agents.match.Replay;
import io.sparring.agents.match.ReplayMismatch;
import io.sparring.agents.match.Trajectories;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.league.run.RunDirectories;
import io.sparring.league.store.LeagueStore;
import io.sparring.league.store.LeagueStore.MatchRow;
import io.sparring.proto.v1.EndReason;
import io.sparring.proto.v1.Step;
import io.sparring.proto.v1.Trajectory;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparring replay}: re-simulates a recorded match, checks that it reproduces, and draws it. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a recorded match and check that it reproduces.",
      "Re-simulates the match from its seed and moves, checking the acting seats,",
      "legal actions, information states, rewards, returns, and every state hash",
      "the record keeps (format version 6: one every 60 steps and one at the end).",
      "SOURCE is a league run directory (one game's), with MATCH_ID the match's",
      "index, or a JSON-lines file of trajectories ('match --out'), with MATCH_ID",
      "its match_id when it holds several. --gif and --frames draw the match, for",
      "games with a drawing."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring replay runs/league-20261123-101500/kuhn_poker 1742",
      "  ./sparring match tic_tac_toe --seat 0=mcts --seat 1=random --out ttt.jsonl",
      "  ./sparring replay ttt.jsonl",
      "  ./sparring replay arena.jsonl game-3 --gif arena.gif --every 2 --delay 40ms",
      "",
      "Exit codes: 0 the match reproduced, 1 failure while running (e.g. an",
      "            unreadable file or store), 2 usage error (e.g. no such match,",
      "            a game without a drawing), 3 the match does not reproduce",
      "            (the message names the first step that differs)."
    })
final class ReplayCommand implements Callable<Integer> {
  /** The exit code of a match that does not reproduce. */
  static final int NOT_REPRODUCED = 3;

  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "SOURCE",
      description = "A run directory or a JSON-lines file of trajectories.")
  private Path source;

  @Parameters(index = "1", arity = "0..1", paramLabel = "MATCH_ID",
      description = "In a run directory the match's index; in a file its match_id (needed when it holds several).")
  private String matchId;

  @Option(names = "--gif", paramLabel = "FILE", description = "Draw the match as an animated GIF.")
  private Path gif;

  @Option(names = "--frames", paramLabel = "DIR",
      description = "Draw the match as PNG files DIR/step-NNNNN.png, NNNNN the steps done (00000: the start).")
  private Path framesDirectory;

  @Option(names = "--every", paramLabel = "N", defaultValue = "1",
      description = "Draw every N-th step, and the last (default: ${DEFAULT-VALUE}).")
  private int every;

  @Option(names = "--scale", paramLabel = "N", defaultValue = "1",
      description = "Enlarge each frame N times, pixel for pixel (default: ${DEFAULT-VALUE}).")
  private int scale;

  @Option(names = "--delay", paramLabel = "DURATION", defaultValue = "100ms",
      description = "How long each GIF frame shows, e.g. 33ms; GIF counts hundredths of a second"
          + " (default: ${DEFAULT-VALUE}).")
  private String delay;

  @Override
  public Integer call() throws IOException, SQLException {
    if (every < 1 || scale < 1 || scale > 16) {
      throw usage("--every must be at least 1 and --scale 1 to 16, got " + every + " and " + scale);
    }
    Duration frameDelay;
    try {
      frameDelay = MatchCommand.duration(delay);
    } catch (IllegalArgumentException e) {
      throw usage("--delay: " + e.getMessage());
    }
    String name = matchId == null ? "the match of " + source : "match " + matchId + " of " + source;
    PrintWriter stdout = command.commandLine().getOut();
    ProgressBar bar = new ProgressBar(stdout, System.console() != null);
    Optional<Frames> frames = Optional.empty();
    try {
      Trajectory record = read();
      int steps = record.getStepsCount();
      if (gif != null || framesDirectory != null) {
        frames = Optional.of(new Frames(drawer(Games.create(record.getGame())), steps, every, scale,
            Optional.ofNullable(gif), frameDelay, Optional.ofNullable(framesDirectory)));
      }
      Optional<Frames> drawing = frames;
      int[] done = {-1}; // steps replayed: the observer sees the initial state first
      State end;
      try {
        end = Replay.replay(record, state -> {
          bar.show(++done[0], steps);
          drawing.ifPresent(f -> f.offer(done[0], state));
        });
      } finally {
        bar.clear();
        if (drawing.isPresent()) {
          drawing.get().close();
        }
      }
      long hashes = record.getStepsList().stream().filter(Step::hasFingerprint).count();
      boolean forfeit = record.getEndReason() == EndReason.END_REASON_FORFEIT; // a penalty the game never saw
      stdout.printf(Locale.ROOT, "Replayed %s (%s, seed %d): %d steps, %s, returns %s (%s): reproduced.%n",
          name, record.getGame(), record.getSeed(), steps, hashes > 0 ? hashes + (hashes == 1 ? " state hash" : " state hashes") + " checked"
              : record.getFormatVersion() >= 6 ? "no state hashes (a match under 60 steps has none)"
              : "no state hashes to check (format version " + record.getFormatVersion() + ")",
          forfeit ? record.getReturnsList() : Doubles.asList(end.returns()),
          record.getEndReason().name().replace("END_REASON_", ""));
      frames.ifPresent(f -> f.report(stdout));
      return CommandLine.ExitCode.OK;
    } catch (RuntimeException e) {
      Optional<ReplayMismatch> mismatch = mismatchIn(e);
      if (mismatch.isEmpty()) {
        throw e;
      }
      PrintWriter stderr = command.commandLine().getErr();
      stderr.println("error: " + name + " does not reproduce: " + mismatch.get().getMessage());
      frames.filter(f -> f.count() > 0).ifPresent(f -> f.report(stderr)); // the steps before it, for a look
      return NOT_REPRODUCED;
    }
  }

  private FrameDrawer drawer(Game game) {
    return Drawers.forGame(game).orElseThrow(() -> usage("no drawing for game " + game.spec().name()
        + "; --gif and --frames work for: " + (Drawers.games().isEmpty() ? "no game yet"
            : String.join(", ", Drawers.games()))));
  }

  /** The match the arguments name. */
  private Trajectory read() throws IOException, SQLException {
    if (Files.isDirectory(source)) {
      List<Path> games = RunDirectories.of(source);
      if (games.size() > 1) {
        throw usage(source + " is a run of several games; name one game's directory: "
            + String.join(", ", games.stream().map(Path::toString).toList()));
      }
      if (matchId == null) {
        throw usage("name the match of " + source + " to replay: its index, e.g. 'sparring replay " + source + " 0'");
      }
      long index;
      try {
        index = Long.parseLong(matchId);
      } catch (NumberFormatException e) {
        throw usage("a run's matches are named by their index, a number; got '" + matchId + "'");
      }
      try (LeagueStore store = LeagueStore.openReadOnly(source)) {
        Optional<MatchRow> row = store.match(index);
        if (row.isEmpty()) {
          throw usage("no match " + index + " in " + source + ", which holds " + store.matchCount() + " matches");
        }
        if (row.get().trajectory() == null) {
          throw new IllegalStateException("the record of match " + index + " was removed by 'league prune';"
              + " only its result is left");
        }
        return row.get().trajectory();
      }
    }
    List<Trajectory> all = Trajectories.read(source);
    List<Trajectory> named = matchId == null ? all : all.stream().filter(t -> t.getMatchId().equals(matchId)).toList();
    if (named.size() == 1) {
      return named.getFirst();
    }
    List<String> ids = all.stream().map(Trajectory::getMatchId).toList();
    String some = String.join(", ", ids.subList(0, Math.min(10, ids.size()))) + (ids.size() > 10 ? ", ..." : "");
    if (all.isEmpty()) {
      throw usage(source + " holds no match");
    }
    if (matchId == null) {
      throw usage(source + " holds " + all.size() + " matches; name one: " + some);
    }
    throw usage(named.isEmpty() ? "no match '" + matchId + "' in " + source + "; it holds " + some
        : source + " holds " + named.size() + " matches named '" + matchId + "' (appended more than once);"
            + " keep one of them in a file of its own");
  }

  private static Optional<ReplayMismatch> mismatchIn(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ReplayMismatch mismatch) { // directly, or where the store could not expand a record
        return Optional.of(mismatch);
      }
    }
    return Optional.empty();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(command.commandLine(), message);
  }

  /**
   * Draws every N-th state of a replay and the last into a GIF, numbered PNG files or both, each
   * frame as soon as it is drawn.
   */
  static final class Frames implements Closeable {
    private final FrameDrawer drawer;
    private final int steps;
    private final int every;
    private final int scale;
    private final Optional<Path> gifFile;
    private final Optional<AnimatedGif> gif;
    private final Optional<Path> directory;
    private int count;

    /** Frames of a replay of {@code steps} steps; the GIF's frames show for {@code delay} each. */
    Frames(FrameDrawer drawer, int steps, int every, int scale, Optional<Path> gif, Duration delay,
        Optional<Path> directory) throws IOException {
      this.drawer = drawer;
      this.steps = steps;
      this.every = every;
      this.scale = scale;
      this.gifFile = gif;
      this.directory = directory;
      if (directory.isPresent()) {
        Files.createDirectories(directory.get());
      }
      this.gif = gif.isEmpty() ? Optional.empty() : Optional.of(new AnimatedGif(gif.get(), delay));
    }

    /** Draws the state after {@code done} steps if it is one to draw. */
    void offer(int done, State state) {
      if (done % every != 0 && done != steps) {
        return;
      }
      BufferedImage frame = scaled(drawer.draw(state));
      try {
        if (gif.isPresent()) {
          gif.get().add(frame);
        }
        if (directory.isPresent()) {
          Path file = directory.get().resolve(String.format(Locale.ROOT, "step-%05d.png", done));
          if (!ImageIO.write(frame, "png", file.toFile())) {
            throw new IOException("no PNG writer for an image of type " + frame.getType());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the frame of step " + done + ": " + e.getMessage(), e);
      }
      count++;
    }

    int count() {
      return count;
    }

    void report(PrintWriter out) {
      gifFile.ifPresent(file -> out.printf("Wrote %d frames to %s.%n", count, file));
      directory.ifPresent(dir -> out.printf("Wrote %d PNG frames to %s.%n", count, dir));
    }

    private BufferedImage scaled(BufferedImage frame) {
      if (scale == 1) {
        return frame;
      }
      BufferedImage big = new BufferedImage(frame.getWidth() * scale, frame.getHeight() * scale,
          BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = big.createGraphics();
      try {
        g.drawImage(frame, 0, 0, big.getWidth(), big.getHeight(), null); // nearest neighbour: crisp pixels
      } finally {
        g.dispose();
      }
      return big;
    }

    @Override
    public void close() throws IOException {
      if (gif.isPresent()) {
        gif.get().close();
      }
    }
  }

  /** A bar of the steps replayed, on a terminal only; redrawn when it grows. */
  private static final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean shown;
    private int filled = -1;

    ProgressBar(PrintWriter out, boolean shown) {
      this.out = out;
      this.shown = shown;
    }

    void show(int done, int steps) {
      int now = steps == 0 ? WIDTH : (int) ((long) WIDTH * done / steps);
      if (!shown || now == filled) {
        return;
      }
      filled = now;
      out.printf("\r  [%s%s] %d/%d steps", "#".repeat(now), ".".repeat(WIDTH - now), done, steps);
      out.flush();
    }

    void clear() {
      if (filled >= 0) {
        out.print("\r" + " ".repeat(WIDTH + 30) + "\r");
        out.flush();
        filled = -1;
      }
    }
  }
}
