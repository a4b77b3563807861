package io.inferenceperf.schedule;

import io.inferenceperf.config.LoadConfig.LoraAdapter;
import java.util.List;

/**
 * load.lora_traffic_split: which LoRA adapter (the model sent) each request uses, drawn with the splits as weights.
 * A pure function of (seed, stage, request index): the same seed gives the same adapter for every request, whatever
 * thread prepares it and whichever load generator sends it.
 */
public final class AdapterChoice {
  private final String[] names;
  private final double[] cumulative;
  private final long seed;

  private AdapterChoice(List<LoraAdapter> adapters, long seed) {
    this.names = adapters.stream().map(LoraAdapter::name).toArray(String[]::new);
    this.cumulative = new double[names.length];
    double total = adapters.stream().mapToDouble(LoraAdapter::split).sum();
    double sum = 0;
    for (int i = 0; i < names.length; i++) {
      sum += adapters.get(i).split();
      cumulative[i] = sum / total; // splits summing to 1 within rounding: normalise so the last bound is 1
    }
    this.seed = seed;
  }

  /** The choice over {@code adapters}, or null when there are none (every request uses the base model). */
  public static AdapterChoice of(List<LoraAdapter> adapters, long seed) {
    if (adapters.isEmpty()) return null;
    if (adapters.stream().mapToDouble(LoraAdapter::split).sum() <= 0) {
      throw new IllegalArgumentException("the adapters' splits add up to 0");
    }
    return new AdapterChoice(adapters, seed);
  }

  /** The adapter of request {@code index} of stage {@code stageId}. */
  public String adapterFor(int stageId, long index) {
    double u = uniform(RunPlan.mix(seed ^ 0x4C6F5241L, stageId), index); // "LoRA": apart from the arrival seeds
    for (int i = 0; i < names.length; i++) {
      if (u < cumulative[i]) return names[i];
    }
    return lastWithWeight();
  }

  private String lastWithWeight() {
    for (int i = names.length - 1; i > 0; i--) {
      if (cumulative[i] > cumulative[i - 1]) return names[i];
    }
    return names[0];
  }

  public List<String> names() {
    return List.of(names);
  }

  /** A uniform double in [0, 1) from (stage seed, index): SplitMix64's finaliser over their mix. */
  private static double uniform(long stageSeed, long index) {
    long z = stageSeed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }
}
