package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureTraceTest {

  @Test
  void parsesTimesLikeInferencePerf(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("trace.csv");
    Files.writeString(file, """
        2023-11-16T18:15:46.6805900Z,374,44
        2023-11-16 18:15:47.999,10,5
        2023-11-16 18:16:46,1,2
        not-a-time,1,2
        2023-11-16 18:16:47,x,2
        """);
    List<String> skipped = new ArrayList<>();
    List<AzureTrace.Row> rows = AzureTrace.read(file, skipped::add);
    assertEquals(3, rows.size());
    assertEquals(new AzureTrace.Row(0, 374, 44), rows.get(0));
    assertEquals(47.99 - 46.68, rows.get(1).offsetSeconds(), 1e-9); // fractions truncated to 2 digits
    assertEquals(60 - 0.68, rows.get(2).offsetSeconds(), 1e-9);
    assertEquals(2, skipped.size());
  }
}
