package io.sparring.cli.bench;

import io.sparring.core.game.Game;
import io.sparring.core.game.Games;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Random playouts per second of each game, the loop {@code sparring bench games} times. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GamePlayoutBenchmark {
  @Param({
    "tic_tac_toe", "connect_four", "kuhn_poker", "leduc_poker", "goofspiel", "liars_dice",
    "negotiation", "hanabi"
  })
  public String spec;

  private Game game;
  private SplittableRandom random;

  @Setup
  public void setUp() {
    game = Games.create(spec);
    random = new SplittableRandom(1);
  }

  @Benchmark
  public int playout() {
    return RandomPlayouts.playOut(game, random);
  }
}
