package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.simulator.options.OptionCatalog;
import io.inferenceperf.simulator.options.OptionSpec;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/simulator.md documents every option, profile, route and fault kind. */
class SimulatorDocsTest {

  @Test
  void theGuideCoversEverything() throws Exception {
    String doc = Files.readString(Path.of("docs/simulator.md"));
    for (OptionSpec spec : OptionCatalog.ALL) {
      assertTrue(doc.contains("| `" + spec.key() + "` |"), "option " + spec.key() + " in the options table");
    }
    for (String profile : SimulatorOptions.profileNames()) {
      assertTrue(doc.contains("| `" + profile + "`"), "profile " + profile);
    }
    for (String route :
        List.of("/v1/completions", "/v1/chat/completions", "/v1/models", "/health", "/version", "/metrics",
            "/debug/truth", "/debug/truth/requests", "/debug/truth/reset")) {
      assertTrue(doc.contains(route + "`") || doc.contains(route + "?"), "route " + route);
    }
    for (String fault :
        List.of("http_429", "http_500", "http_503", "cut", "stall_first", "stall_between", "slow_headers", "malformed",
            "refuse_window")) {
      assertTrue(doc.contains("| `" + fault + "` |"), "fault " + fault);
    }
  }
}
