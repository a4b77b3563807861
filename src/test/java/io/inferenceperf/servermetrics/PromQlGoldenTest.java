package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferenceperf.config.ServerConfig.ServerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the exact PromQL sent for each server type, for a 60 s stage widened by a 5 s scrape interval. Regenerate
 * after an intended change with {@code mvn test -Dtest=PromQlGoldenTest -Dgolden.update=true} and review the diff.
 */
class PromQlGoldenTest {
  private static final Path GOLDEN_DIR = Path.of("src/test/resources/golden");
  private static final long RANGE_MILLIS = 65_000;
  /** The reset check and the raw-sample fallback reach back two more scrape intervals. */
  private static final long RESET_RANGE_MILLIS = RANGE_MILLIS + 10_000;

  @ParameterizedTest
  @EnumSource(value = ServerType.class, names = {"VLLM", "SGLANG", "TGI"})
  void queriesMatchGolden(ServerType type) throws IOException {
    String actual = render(type);
    Path golden = GOLDEN_DIR.resolve(type.yamlName + "_queries.txt");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, "golden " + golden);
  }

  static String render(ServerType type) {
    String filters = PromQl.filters(type, "meta-llama/Llama-3.1-8B-Instruct", List.of("namespace=\"default\""));
    StringBuilder out = new StringBuilder();
    out.append("# PromQL for server.type ").append(type.yamlName).append(", window range ")
        .append(PromQl.duration(RANGE_MILLIS)).append(", evaluated at stage end + scrape interval\n");
    out.append("# filters: ").append(filters).append('\n');
    for (MetricSpec spec : ServerMetricCatalog.forServer(type)) {
      String name = spec.candidateNames().get(0);
      out.append('\n').append("## ").append(spec.field()).append(' ').append(spec.kind().name().toLowerCase())
          .append(" <- ").append(String.join(" | ", spec.candidateNames())).append('\n');
      out.append("probe: ").append(PromQl.probe(spec.probeSeriesName(name), filters, RANGE_MILLIS)).append('\n');
      switch (spec.kind()) {
        case COUNTER -> counter(out, name, filters);
        case HISTOGRAM -> histogram(out, name, filters);
        case GAUGE -> gauge(out, name, filters);
      }
    }
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String filters) {
    out.append("resets: ").append(PromQl.resets(name, filters, RESET_RANGE_MILLIS)).append('\n');
    out.append("total: ").append(PromQl.delta(name, filters, RANGE_MILLIS)).append('\n');
    out.append("samples after reset: ").append(PromQl.rawSamples(name, filters, RESET_RANGE_MILLIS)).append('\n');
  }

  private static void histogram(StringBuilder out, String name, String filters) {
    out.append("resets: ").append(PromQl.resets(name + "_count", filters, RESET_RANGE_MILLIS)).append('\n');
    out.append("count: ").append(PromQl.delta(name + "_count", filters, RANGE_MILLIS)).append('\n');
    out.append("sum: ").append(PromQl.delta(name + "_sum", filters, RANGE_MILLIS)).append('\n');
    for (String q : PromQl.QUANTILES) {
      out.append("q").append(q).append(": ").append(PromQl.histogramQuantile(q, name, filters, RANGE_MILLIS))
          .append('\n');
    }
    for (String suffix : new String[] {"_count", "_sum", "_bucket"}) {
      out.append("samples after reset: ").append(PromQl.rawSamples(name + suffix, filters, RESET_RANGE_MILLIS))
          .append('\n');
    }
  }

  private static void gauge(StringBuilder out, String name, String filters) {
    out.append("mean: ").append(PromQl.gaugeAverage(name, filters, RANGE_MILLIS)).append('\n');
    out.append("max: ").append(PromQl.gaugeMax(name, filters, RANGE_MILLIS)).append('\n');
    for (String q : PromQl.QUANTILES) {
      out.append("q").append(q).append(": ").append(PromQl.gaugeQuantile(q, name, filters, RANGE_MILLIS))
          .append('\n');
    }
  }
}
