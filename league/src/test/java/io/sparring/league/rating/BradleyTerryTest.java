package io.sparring.league.rating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparring.league.rating.BradleyTerry.Fit;
import io.sparring.league.rating.BradleyTerry.Rating;
import io.sparring.league.rating.BradleyTerry.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BradleyTerryTest {
  /** 400·log10(2): the Elo gap at which the stronger player wins two games in three. */
  private static final double TWO_TO_ONE = 400 * Math.log10(2);

  private static void add(List<Result> results, String a, String b, int winsA, int winsB, int draws) {
    for (int i = 0; i < winsA; i++) {
      results.add(new Result(a, b, 1));
    }
    for (int i = 0; i < winsB; i++) {
      results.add(new Result(a, b, 0));
    }
    for (int i = 0; i < draws; i++) {
      results.add(new Result(b, a, 0.5));
    }
  }

  @Test
  void aCycleRatesEveryoneEqually() {
    List<Result> results = new ArrayList<>();
    add(results, "rock", "scissors", 1, 0, 0);
    add(results, "scissors", "paper", 1, 0, 0);
    add(results, "paper", "rock", 1, 0, 0);
    Fit fit = BradleyTerry.fit(results, 0, 1);
    for (String player : List.of("rock", "paper", "scissors")) {
      assertEquals(1200, fit.rating(player).value(), 1e-9);
    }
  }

  @Test
  void recoversKnownStrengthRatios() {
    // Strengths 4 : 2 : 1 and results exactly as expected (A-B 2:1, B-C 2:1, A-C 4:1): the MLE
    // has those ratios, 400·log10(2) Elo apart, mean 1200. The prior moves them by far less than 1.
    List<Result> results = new ArrayList<>();
    add(results, "a", "b", 200, 100, 0);
    add(results, "b", "c", 200, 100, 0);
    add(results, "a", "c", 400, 100, 0);
    Fit fit = BradleyTerry.fit(results, 0, 1);
    assertEquals(1200 + TWO_TO_ONE, fit.rating("a").value(), 0.05);
    assertEquals(1200, fit.rating("b").value(), 0.05);
    assertEquals(1200 - TWO_TO_ONE, fit.rating("c").value(), 0.05);
  }

  @Test
  void aDrawCountsHalf() {
    // One win and two draws is two points of three: the 2:1 ratio, up to the weak prior.
    List<Result> results = new ArrayList<>();
    add(results, "a", "b", 100, 0, 200);
    Fit fit = BradleyTerry.fit(results, 0, 1);
    assertEquals(TWO_TO_ONE, fit.rating("a").value() - fit.rating("b").value(), 0.1);
    assertEquals(2400, fit.rating("a").value() + fit.rating("b").value(), 1e-9, "mean 1200");
  }

  @Test
  void thePriorKeepsUnbeatenPlayersFinite() {
    // Zero wins in five: no finite MLE. With 0.1 of a draw against a reference at strength 0,
    // the loser sits about ln(2·5/0.1) ≈ 4.6 nats (≈ 800 Elo) below the winner: finite, ordered.
    List<Result> results = new ArrayList<>();
    add(results, "winner", "loser", 5, 0, 0);
    Fit fit = BradleyTerry.fit(results, 200, 7);
    double gap = fit.rating("winner").value() - fit.rating("loser").value();
    assertTrue(gap > 400 && gap < 1500, "gap " + gap);
    assertTrue(Double.isFinite(fit.rating("loser").low()));
  }

  @Test
  void bootstrapIntervalsContainTheEstimateAndAreSeeded() {
    List<Result> results = new ArrayList<>();
    add(results, "a", "b", 30, 20, 10);
    add(results, "b", "c", 25, 20, 5);
    add(results, "a", "c", 35, 15, 0);
    Collections.shuffle(results, new java.util.Random(3));
    Fit fit = BradleyTerry.fit(results, 300, 42);
    for (Rating rating : fit.ratings().values()) {
      assertTrue(rating.low() < rating.value() && rating.value() < rating.high(), rating.toString());
      assertTrue(rating.high() - rating.low() < 300, "60-odd games a pair give intervals narrower than 300: " + rating);
    }
    assertEquals(fit, BradleyTerry.fit(results, 300, 42), "same seed, same fit");
    assertNotEquals(fit.rating("a").low(), BradleyTerry.fit(results, 300, 43).rating("a").low());
    Rating bare = BradleyTerry.fit(results, 0, 42).rating("a");
    assertEquals(fit.rating("a").value(), bare.value(), 1e-12, "the estimate does not depend on the bootstrap");
    assertTrue(Double.isNaN(bare.low()) && Double.isNaN(bare.high()), "no bootstrap, no interval");
  }

  @Test
  void noResultsNoRatings() {
    assertTrue(BradleyTerry.fit(List.of(), 100, 1).ratings().isEmpty());
  }

  @Test
  void percentilesInterpolate() {
    double[] sorted = {1, 2, 3, 4, 5};
    assertEquals(1.1, BradleyTerry.percentile(sorted, 0.025), 1e-12);
    assertEquals(4.9, BradleyTerry.percentile(sorted, 0.975), 1e-12);
    assertEquals(3, BradleyTerry.percentile(sorted, 0.5), 1e-12);
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> new Result("a", "a", 1));
    assertThrows(IllegalArgumentException.class, () -> new Result("a", "b", -0.5));
    assertThrows(IllegalArgumentException.class, () -> BradleyTerry.fit(List.of(), -1, 1));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> BradleyTerry.fit(List.of(new Result("a", "b", 1)), 0, 1).rating("c"));
    assertTrue(unknown.getMessage().contains("[a, b]"), unknown.getMessage());
  }
}
