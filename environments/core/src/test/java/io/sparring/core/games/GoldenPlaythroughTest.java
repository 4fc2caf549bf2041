package io.sparring.core.games;

import static org.junit.jupiter.api.Assertions.fail;

import io.sparring.core.game.Game;
import io.sparring.core.game.GameProvider;
import io.sparring.core.game.Games;
import io.sparring.core.game.State;
import io.sparring.core.game.TextActions;
import io.sparring.core.spec.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One seeded playthrough per registered game (default parameters), compared line by line with a
 * committed record in {@code src/test/resources/golden/playthroughs/GAME.txt}. A change to what a
 * seat sees (observation text, tensor layouts, information-state keys, action names) or to the
 * rewards shows up here, so snapshots and trained models that depend on a layout are not silently
 * broken. When such a change is intended, regenerate the records from the repository root and
 * review the diff:
 *
 * <pre>
 * ./mvnw -B -ntp -pl environments/core -am test -Dtest=GoldenPlaythroughTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.regenerate=true
 * </pre>
 */
class GoldenPlaythroughTest {
  static final String REGENERATE = "./mvnw -B -ntp -pl environments/core -am test"
      + " -Dtest=GoldenPlaythroughTest -Dsurefire.failIfNoSpecifiedTests=false"
      + " -Dgolden.regenerate=true";
  private static final long GAME_SEED = 20_261_123L;
  private static final long ACTION_SEED = 13L;
  /** Past this many characters a record keeps only actions and rewards, to stay reviewable. */
  private static final int FULL_DETAIL_CHARS = 150_000;
  private static final String FOLDER = "golden/playthroughs/";

  static Stream<String> registeredGames() {
    return Games.registry().providers().stream().map(GameProvider::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registeredGames")
  void matchesTheRecordedPlaythrough(String name) throws IOException {
    String actual = record(Games.create(Spec.of(name)));
    if (Boolean.getBoolean("golden.regenerate")) {
      Path folder = Path.of(System.getProperty("basedir", ""), "src/test/resources", FOLDER);
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(name + ".txt"), actual, StandardCharsets.UTF_8);
      return;
    }
    String expected;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(FOLDER + name + ".txt")) {
      if (in == null) {
        fail("no golden playthrough " + FOLDER + name + ".txt for the registered game " + name
            + "; create it with: " + REGENERATE);
      }
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String difference = firstDifference(expected, actual);
    if (difference != null) {
      fail(FOLDER + name + ".txt " + difference + "\nIf the change is intended, regenerate with: "
          + REGENERATE);
    }
  }

  /** The first line where the two texts differ, with both lines; null when they are equal. */
  private static String firstDifference(String expected, String actual) {
    String[] want = expected.split("\n", -1);
    String[] got = actual.split("\n", -1);
    for (int i = 0; i < Math.max(want.length, got.length); i++) {
      String a = i < want.length ? want[i] : "<end of file>";
      String b = i < got.length ? got[i] : "<end of file>";
      if (!a.equals(b)) {
        return "differs at line " + (i + 1) + "\n  recorded: " + a + "\n  now:      " + b;
      }
    }
    return null;
  }

  /** Plays the seeded playthrough and writes it down; a header says how it was made. */
  static String record(Game game) {
    State state = game.newInitialState(GAME_SEED);
    SplittableRandom random = new SplittableRandom(ACTION_SEED);
    StringBuilder body = new StringBuilder();
    int fullSteps = -1;
    int step = 0;
    for (; !state.isTerminal(); step++) {
      boolean full = body.length() < FULL_DETAIL_CHARS;
      if (!full && fullSteps < 0) {
        fullSteps = step;
      }
      List<Integer> acting = state.actingPlayers();
      if (state.isChanceNode()) {
        body.append("step ").append(step).append(": chance\n");
        if (full) {
          body.append("  legal: ").append(names(state, State.CHANCE)).append('\n');
          seats(body, state);
        }
        int outcome = state.sampleChanceOutcome();
        body.append("  action: ").append(name(state, State.CHANCE, outcome)).append('\n');
        state.apply(outcome);
      } else if (state.isSimultaneousNode()) {
        body.append("step ").append(step).append(": simultaneous, seats ").append(acting)
            .append('\n');
        if (full) {
          for (int seat : acting) {
            body.append("  legal of seat ").append(seat).append(": ").append(names(state, seat))
                .append('\n');
          }
          seats(body, state);
        }
        List<Integer> joint = new ArrayList<>();
        for (int seat : acting) {
          List<Integer> legal = state.legalActions(seat);
          int action = legal.get(random.nextInt(legal.size()));
          joint.add(action);
          body.append("  action of seat ").append(seat).append(": ")
              .append(name(state, seat, action)).append('\n');
        }
        state.applyJoint(joint);
      } else {
        int seat = state.currentPlayer();
        body.append("step ").append(step).append(": seat ").append(seat).append('\n');
        if (full) {
          body.append("  legal: ").append(names(state, seat)).append('\n');
          seats(body, state);
        }
        List<Integer> legal = state.legalActions(seat);
        List<TextActions.Form> forms = game.facts().textActions().forms();
        // Text games: a form's example or, as often, text the game cannot use.
        int choice = random.nextInt(legal.size() + 2 * forms.size());
        if (choice < legal.size()) {
          int action = legal.get(choice);
          body.append("  action: ").append(name(state, seat, action)).append('\n');
          state.apply(action);
        } else {
          int form = (choice - legal.size()) / 2;
          String text = (choice - legal.size()) % 2 == 0 ? forms.get(form).example() : "???";
          boolean used = state.applyText(seat, text);
          body.append("  text: ").append(text).append(used ? "" : " (no-op)").append('\n');
        }
      }
      body.append("  rewards: ").append(Arrays.toString(state.rewards())).append('\n');
      body.append("  returns: ").append(Arrays.toString(state.returns())).append('\n');
    }
    body.append("end after ").append(step).append(" steps\n");
    if (fullSteps < 0) {
      seats(body, state);
    }
    body.append("returns: ").append(Arrays.toString(state.returns())).append('\n');

    String detail = fullSteps < 0
        ? "# every step and the end show each seat's observations\n"
        : "# steps 0.." + (fullSteps - 1) + " show each seat's observations; to keep the file small,"
            + " later steps show only actions and rewards\n";
    return "# Golden playthrough of " + game.spec() + " (GoldenPlaythroughTest)\n"
        + "# game seed " + GAME_SEED + "; actions uniform among legal ones from SplittableRandom("
        + ACTION_SEED + ") (text games also draw each form's example and unusable text); chance from"
        + " sampleChanceOutcome()\n"
        + detail
        + "# tensors: Float.toString values; vxN is v repeated N times\n"
        + "# regenerate: " + REGENERATE + "\n"
        + body;
  }

  /** What every seat sees now: observation text, both tensors and the information-state key. */
  private static void seats(StringBuilder out, State state) {
    for (int seat = 0; seat < state.game().numPlayers(); seat++) {
      out.append("  seat ").append(seat).append('\n');
      out.append("    text:\n");
      for (String line : state.observationText(seat).split("\n", -1)) {
        out.append("      |").append(line.isEmpty() ? "" : " " + line).append('\n');
      }
      out.append("    observation: ").append(tensor(state.observationTensor(seat))).append('\n');
      out.append("    information state: ").append(tensor(state.informationStateTensor(seat)))
          .append('\n');
      out.append("    key: ").append(state.informationStateKey(seat)).append('\n');
    }
  }

  private static String names(State state, int player) {
    StringBuilder out = new StringBuilder();
    for (int action : state.legalActions(player)) {
      out.append(out.isEmpty() ? "" : ", ").append(name(state, player, action));
    }
    return out.toString();
  }

  private static String name(State state, int player, int action) {
    return action + "=" + state.actionToString(player, action);
  }

  /** Exact values on one line; runs of three or more equal values as {@code vxN}. */
  static String tensor(float[] values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.length; ) {
      int run = 1;
      while (i + run < values.length
          && Float.floatToIntBits(values[i + run]) == Float.floatToIntBits(values[i])) {
        run++;
      }
      out.append(out.length() > 1 ? "," : "").append(Float.toString(values[i]));
      if (run >= 3) {
        out.append('x').append(run);
        i += run;
      } else {
        i++;
      }
    }
    return out.append(']').toString();
  }
}
