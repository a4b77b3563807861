package io.inferenceperf.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The SLO search against model servers whose goodput is a known function of the rate. */
class SloSearchTest {

  /** Runs the search against {@code goodput(rate, fullLength)}; bounded by the search's own max stages. */
  private static SloSearch.Result search(double start, double tolerance, int maxStages,
      BiFunction<Double, Boolean, Double> goodput) {
    SloSearch search = new SloSearch(start, 95, tolerance, maxStages);
    for (SloSearch.Step step = search.next(); step != null; step = search.next()) {
      search.record(goodput.apply(step.rate(), step.fullLength()));
    }
    return search.result();
  }

  private static List<Double> rates(SloSearch.Result result) {
    List<Double> rates = new ArrayList<>();
    result.trials().forEach(t -> rates.add(t.step().rate()));
    return rates;
  }

  @Test
  void bracketsUpwardsThenBisectsThenConfirms() {
    SloSearch.Result result = search(10, 0.05, 20, (rate, confirm) -> rate <= 37 ? 99.0 : 80.0);
    // 10, 20 met; 40 missed: bracket [20, 40]; bisect 30, 35 met, 37.5 missed, 36.25 met: width 3.4% <= 5%
    assertEquals(List.of(10.0, 20.0, 40.0, 30.0, 35.0, 37.5, 36.25, 36.25), rates(result));
    assertEquals(SloSearch.Phase.CONFIRM, result.trials().getLast().step().phase());
    assertTrue(result.confirmed());
    assertEquals(36.25, result.capacity());
    assertEquals(37.5, result.bracketHigh());
    assertTrue(result.relativeWidth() <= 0.05, "stop rule: " + result.relativeWidth());
    assertTrue(result.capacity() * 1.1 > 37, "10% above the capacity misses the target");
  }

  @Test
  void bracketsDownwardsWhenTheStartRateMisses() {
    SloSearch.Result result = search(100, 0.1, 20, (rate, confirm) -> rate <= 7 ? 100.0 : 0.0);
    assertEquals(List.of(100.0, 50.0, 25.0, 12.5, 6.25, 9.38, 7.82, 7.04, 6.65, 6.65), rates(result));
    assertEquals(6.65, result.capacity());
  }

  @Test
  void aFailedConfirmationMovesTheHighEndDownAndTheSearchGoesOn() {
    // Short stages pass up to 37, but a full-length stage only up to 33 (a backlog builds slowly).
    SloSearch.Result result = search(10, 0.05, 30, (rate, confirm) -> rate <= (confirm ? 33 : 37) ? 99.0 : 50.0);
    List<SloSearch.Trial> confirms = result.trials().stream().filter(t -> t.step().confirming()).toList();
    assertFalse(confirms.getFirst().met(), "36.25 fails at full length");
    assertTrue(result.confirmed());
    assertTrue(result.capacity() <= 33 && result.capacity() > 33 / 1.1, "capacity " + result.capacity());
  }

  @Test
  void afterAFailedConfirmationOnlyFullLengthStagesRunAndAMetOneNeedsNoOtherConfirmation() {
    // As the simulator test saw: 3 s stages pass up to 22.5 req/s, 10 s stages only up to 20.3.
    SloSearch.Result result = search(10, 0.05, 14, (rate, full) -> rate <= (full ? 20.3 : 22.5) ? 100.0 : 30.0);
    assertTrue(result.confirmed(), result.stopReason() + " " + rates(result));
    assertTrue(result.capacity() <= 20.3 && result.capacity() > 20.3 / 1.1, "capacity " + result.capacity());
    int firstFailedConfirm = 0;
    while (!result.trials().get(firstFailedConfirm).step().confirming()) firstFailedConfirm++;
    for (SloSearch.Trial later : result.trials().subList(firstFailedConfirm, result.trials().size())) {
      assertTrue(later.step().fullLength(), "after the failed confirmation: " + later);
    }
  }

  @Test
  void stopsAfterMaxStagesWithoutCapacity() {
    SloSearch.Result result = search(10, 0.001, 4, (rate, confirm) -> rate <= 37 ? 99.0 : 80.0);
    assertEquals(4, result.trials().size());
    assertFalse(result.confirmed());
    assertEquals(0.0, result.capacity());
    assertTrue(result.stopReason().contains("load.sweep.max_stages"), result.stopReason());
  }

  @Test
  void aServerMissingTheTargetEvenIdleHasNoCapacity() {
    SloSearch.Result result = search(1, 0.05, 30, (rate, confirm) -> 10.0);
    assertEquals(0.0, result.capacity());
    assertTrue(result.stopReason().contains("missed even at"), result.stopReason());
  }

  @Test
  void theSameGoodputsGiveTheSameStages() {
    BiFunction<Double, Boolean, Double> server = (rate, confirm) -> 100 - rate;
    assertEquals(search(3, 0.02, 15, server), search(3, 0.02, 15, server));
  }
}
