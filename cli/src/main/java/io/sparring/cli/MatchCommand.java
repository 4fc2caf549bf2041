package io.sparring.cli;

import io.sparring.agents.Agents;
import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import io.sparring.agents.match.CompactRecords;
import io.sparring.agents.match.MatchConfig;
import io.sparring.agents.match.MatchRunner;
import io.sparring.agents.match.Seating;
import io.sparring.agents.match.Trajectories;
import io.sparring.agents.match.ViolationPolicy;
import io.sparring.proto.v1.Trajectory;
import io.sparring.core.spec.Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparring match}: agents play each other; results per game and a table per player. */
@Command(
    name = "match",
    mixinStandardHelpOptions = true,
    description = {
      "Play matches between agents and report each player's wins, draws and losses.",
      "Each rate comes with its 95%% confidence interval. Each player is an agent spec; a team may",
      "take several seats."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./sparring match tic_tac_toe --seat 0='mcts(simulations=1000)' --seat 1=random \\",
      "      --games 100 --swap-seats",
      "  ./sparring match kuhn_poker --seat 0=solver --seat 1=random --games 1000 --out kuhn.jsonl",
      "  ./sparring match 'hanabi(preset=mini)' --seats 0,1='team(generator=mcts, verifier=check)'"
    })
final class MatchCommand implements Callable<Integer> {
  @CommandLine.Spec private CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "GAME", description = "Game spec.")
  private String gameSpec;

  @Option(names = "--seat", paramLabel = "N=SPEC", description = "The agent in seat N.")
  private List<String> seatOptions = new ArrayList<>();

  @Option(names = "--seats", paramLabel = "N,M=SPEC",
      description = "One agent (e.g. a team) playing several seats.")
  private List<String> seatsOptions = new ArrayList<>();

  @Option(names = "--games", paramLabel = "N", defaultValue = "1",
      description = "Number of games (default: ${DEFAULT-VALUE}).")
  private int games;

  @Option(names = "--swap-seats",
      description = "Rotate the players through the seats from game to game; a player of several seats"
          + " moves with its side (--seats 0,1=A --seats 2,3=B: A and B swap sides each game).")
  private boolean swapSeats;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the first game; game g uses seed + g (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--violation-policy", paramLabel = "SPEC", defaultValue = "penalty(value=-11, others=0)",
      description = "On invalid or late answers: penalty(...), retry(times=N, then=...) or random"
          + " (default: ${DEFAULT-VALUE}).")
  private String violationPolicy;

  @Option(names = "--time-budget", paramLabel = "DURATION",
      description = "Time allowed per decision, e.g. 500ms, 30s (default: none).")
  private String timeBudget;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Append each game's trajectory to FILE as a JSON line.")
  private Path out;

  @Option(names = "--compact",
      description = "With --out, write compact records (docs/records.md): what a replay derives (observations,"
          + " names, rewards) is left out; 'sparring expand' and every reader fill it back in.")
  private boolean compact;

  @Option(names = "--quiet", description = "Print only the final table.")
  private boolean quiet;

  @Override
  public Integer call() {
    Game game = Games.create(gameSpec);
    if (games < 1) {
      throw usage("--games must be at least 1, got " + games);
    }
    List<Seating> seatings = seatings(game);
    ViolationPolicy policy = ViolationPolicy.parse(violationPolicy);
    Optional<Duration> budget = Optional.ofNullable(timeBudget).map(MatchCommand::duration);
    PrintWriter stdout = command.commandLine().getOut();
    MatchStandings standings = new MatchStandings(game, seatings);
    for (int g = 0; g < games; g++) {
      List<Seating> rotated = swapSeats ? rotate(seatings, g, game.numPlayers()) : seatings;
      MatchConfig config = new MatchConfig(game, seed + g, rotated, policy, budget, "game-" + (g + 1));
      Trajectory trajectory = MatchRunner.play(config);
      standings.add(rotated, trajectory);
      if (out != null) {
        try {
          Trajectories.append(out, List.of(compact ? CompactRecords.compact(trajectory) : trajectory));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
      }
      if (!quiet) {
        stdout.printf(Locale.ROOT, "game %d/%d  seed %d  %s  returns %s%s%n", g + 1, games, seed + g,
            describe(rotated), trajectory.getReturnsList(),
            trajectory.getEndReason() == io.sparring.proto.v1.EndReason.END_REASON_FORFEIT
                ? "  (forfeit: " + trajectory.getSteps(trajectory.getStepsCount() - 1).getTurns(0)
                    .getViolations(0).getMessage() + ")" : "");
        stdout.flush();
      }
    }
    stdout.println();
    standings.print(stdout);
    if (out != null) {
      stdout.println("Trajectories appended to " + out);
    }
    return CommandLine.ExitCode.OK;
  }

  private List<Seating> seatings(Game game) {
    List<Seating> seatings = new ArrayList<>();
    for (String option : seatOptions) {
      seatings.add(seating(option, "--seat", game));
    }
    for (String option : seatsOptions) {
      seatings.add(seating(option, "--seats", game));
    }
    if (seatings.isEmpty()) {
      throw usage("name the players: --seat 0=SPEC --seat 1=SPEC (or --seats 0,1=SPEC)");
    }
    try {
      MatchConfig.of(game, seed, seatings); // checks every seat is filled exactly once
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    return seatings;
  }

  private Seating seating(String option, String name, Game game) {
    int equals = option.indexOf('=');
    if (equals < 0) {
      throw usage(name + " takes N=SPEC, e.g. " + name + " 0=random; got '" + option + "'");
    }
    List<Integer> seats = new ArrayList<>();
    for (String seat : option.substring(0, equals).split(",")) {
      try {
        seats.add(Integer.parseInt(seat.strip()));
      } catch (NumberFormatException e) {
        throw usage(name + ": '" + seat + "' is not a seat number");
      }
    }
    Spec player = Spec.parse(option.substring(equals + 1));
    Agents.registry().arguments(player); // a bad spec fails before any game is played
    Agents.create(player, game, 0); // and so does one the game cannot use
    return new Seating(seats, player, "");
  }

  /**
   * The seatings of game g: each moves g times {@link #sideStep} seats on, so over the games every
   * player sits everywhere and a player of several seats keeps its side whole.
   */
  static List<Seating> rotate(List<Seating> seatings, int g, int players) {
    long shift = (long) g * sideStep(seatings, players);
    List<Seating> rotated = new ArrayList<>();
    for (Seating seating : seatings) {
      List<Integer> seats = seating.seats().stream().map(s -> (int) ((s + shift) % players)).toList();
      rotated.add(new Seating(seats, seating.player(), seating.snapshotId()));
    }
    return rotated;
  }

  /**
   * The fewest seats that move every seating onto the seats of a seating: 1 when each player has one
   * seat, k when the players hold k seats in a row each (0,1 and 2,3: 2, so the sides swap whole),
   * 1 for sides in alternate seats (0,2 and 1,3). Where no shift keeps the seatings whole (players
   * of different numbers of seats), 1: the players still move through every seat.
   */
  private static int sideStep(List<Seating> seatings, int players) {
    Set<Set<Integer>> sides = seatings.stream().map(s -> Set.copyOf(s.seats())).collect(Collectors.toSet());
    for (int step = 1; step < players; step++) {
      int shift = step;
      if (seatings.stream().allMatch(s -> sides.contains(
          s.seats().stream().map(seat -> (seat + shift) % players).collect(Collectors.toSet())))) {
        return step;
      }
    }
    return 1;
  }

  private static String describe(List<Seating> seatings) {
    List<String> parts = new ArrayList<>();
    for (Seating seating : seatings) {
      parts.add(seating.seats().toString().replace(" ", "") + "=" + seating.player());
    }
    return String.join(" ", parts);
  }

  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("not a duration: '" + text + "'; write e.g. 500ms, 30s or 10m");
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(command.commandLine(), message);
  }
}
