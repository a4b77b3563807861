package io.inferenceperf.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * The saturation rate as inference-perf estimates it: between consecutive samples where the requests in flight went
 * down, the burn-down rate |Δactive / Δt| (about the completions per second while the server drains a backlog);
 * the given percentile of those rates is the saturation rate in requests per second.
 *
 * @param burnDownRates the rates, in sample order
 * @param percentile the percentile taken
 * @param saturationRate that percentile of the rates (numpy's linear interpolation)
 */
public record SaturationEstimate(List<Double> burnDownRates, double percentile, double saturationRate) {

  /** Raised when the probe gave fewer than two burn-down rates. */
  public static final class TooFewSamplesException extends Exception {
    public TooFewSamplesException(String message) {
      super(message);
    }
  }

  public static SaturationEstimate of(List<ActiveSamples.Sample> samples, double percentile)
      throws TooFewSamplesException {
    List<Double> rates = new ArrayList<>();
    for (int i = 1; i < samples.size(); i++) {
      ActiveSamples.Sample before = samples.get(i - 1);
      ActiveSamples.Sample after = samples.get(i);
      double dt = after.seconds() - before.seconds();
      if (after.active() < before.active() && dt > 0) {
        rates.add((before.active() - after.active()) / dt);
      }
    }
    if (rates.size() < 2) {
      throw new TooFewSamplesException("the sweep's probe saw the requests in flight go down in only "
          + rates.size() + " of its 0.5 s samples (2 needed) to estimate the saturation rate: raise"
          + " load.sweep.num_requests (a bigger burst leaves a longer backlog to drain) or load.sweep.timeout");
    }
    return new SaturationEstimate(List.copyOf(rates), percentile, percentile(rates, percentile));
  }

  /** numpy.percentile's default (linear): the value at rank p/100 × (n - 1) of the sorted values, interpolated. */
  static double percentile(List<Double> values, double p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double rank = p / 100 * (sorted.length - 1);
    int low = (int) Math.floor(rank);
    int high = Math.min(low + 1, sorted.length - 1);
    return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
  }
}
