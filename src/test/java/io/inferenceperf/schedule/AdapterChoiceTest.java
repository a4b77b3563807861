package io.inferenceperf.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.inferenceperf.config.LoadConfig.LoraAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** load.lora_traffic_split's seeded weighted choice of the adapter per request. */
class AdapterChoiceTest {

  private static final List<LoraAdapter> SPLIT = List.of(new LoraAdapter("a", 0.7), new LoraAdapter("b", 0.2),
      new LoraAdapter("c", 0.1));

  private static List<String> first(AdapterChoice choice, int stage, int n) {
    List<String> out = new ArrayList<>();
    for (long i = 0; i < n; i++) out.add(choice.adapterFor(stage, i));
    return out;
  }

  @Test
  void sharesFollowTheSplits() {
    AdapterChoice choice = AdapterChoice.of(SPLIT, 42);
    Map<String, Integer> counts = new HashMap<>();
    int n = 100_000;
    for (String name : first(choice, 0, n)) counts.merge(name, 1, Integer::sum);
    // binomial sd at n = 1e5 is at most 0.0016: 0.006 is about 4 sd
    assertEquals(0.7, counts.get("a") / (double) n, 0.006);
    assertEquals(0.2, counts.get("b") / (double) n, 0.006);
    assertEquals(0.1, counts.get("c") / (double) n, 0.006);
  }

  @Test
  void theSameSeedGivesTheSameAdaptersAndAnotherSeedOthers() {
    assertEquals(first(AdapterChoice.of(SPLIT, 7), 1, 200), first(AdapterChoice.of(SPLIT, 7), 1, 200));
    assertNotEquals(first(AdapterChoice.of(SPLIT, 7), 1, 200), first(AdapterChoice.of(SPLIT, 8), 1, 200));
    assertNotEquals(first(AdapterChoice.of(SPLIT, 7), 0, 200), first(AdapterChoice.of(SPLIT, 7), 1, 200),
        "each stage draws afresh");
  }

  @Test
  void anAdapterWithSplitZeroIsNeverChosenAndNoneMeansTheBaseModel() {
    AdapterChoice choice = AdapterChoice.of(List.of(new LoraAdapter("x", 0), new LoraAdapter("y", 1),
        new LoraAdapter("z", 0)), 3);
    assertEquals(List.of("y"), first(choice, 0, 5000).stream().distinct().toList());
    assertNull(AdapterChoice.of(List.of(), 3));
  }
}
