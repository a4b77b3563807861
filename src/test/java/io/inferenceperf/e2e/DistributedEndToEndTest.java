package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.metrics.Percentiles;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.results.ResultsListener;
import io.inferenceperf.results.ResultsReader;
import io.inferenceperf.results.StageStart;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * load.distributed, locally: N processes with --index and one --start-at against one simulator each send their share
 * of the schedule; `inference-perf report` merges their results. The merge holds exactly the planned requests, the
 * arrivals (intended send offsets) are those of one process's schedule for the same seed, and its percentiles are
 * those of all requests together.
 */
class DistributedEndToEndTest {

  static final String RUN = """
      api: {type: completion, streaming: true}
      server: {type: vllm, base_url: %s, model_name: simulated-model}
      data:
        type: random
        input_distribution: {min: 20, max: 40, mean: 30, std_dev: 5}
        output_distribution: {min: 4, max: 12, mean: 8, std_dev: 2}
      load:
        type: poisson
        interval: 0
        base_seed: 42
        stages: [{rate: 30, duration: 2}, {rate: 15, duration: 1}]
      report: {request_lifecycle: {percentiles: [10, 50, 90, 99]}}
      """;

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void sharesStartTogetherAndMergeIntoTheSingleSchedulesReport(int replicas, @TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1))) {
      Path config = dir.resolve("config.yml");
      Files.writeString(config, RUN.formatted(sim.baseUrl()));
      CliRunner.Output single = CliRunner.cli("-c", config.toString(), "--storage.local_storage.path",
          dir.resolve("single").toString());
      assertEquals(0, single.code(), single.err());
      // Ahead enough for an economy JVM (ChildJvm) to start and prepare, about 2 s here; on a busy machine a late one
      // only shows as skew (its share of the schedule is the same), so the lead need not cover the worst case.
      long startAtSeconds = System.currentTimeMillis() / 1000 + 5;
      List<Process> processes = new ArrayList<>();
      for (int index = 0; index < replicas; index++) {
        processes.add(launch(dir, config, replicas, index, startAtSeconds));
      }
      for (int index = 0; index < replicas; index++) {
        Process process = processes.get(index);
        try {
          assertTrue(process.waitFor(120, TimeUnit.SECONDS), "replica " + index + " finished");
        } finally {
          process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("err-" + index + ".txt")));
      }
      List<String> inputs = new ArrayList<>(List.of("report"));
      for (int index = 0; index < replicas; index++) {
        inputs.add(dir.resolve("shared").resolve("replica-" + index).toString());
      }
      Path merged = dir.resolve("merged");
      inputs.addAll(List.of("--output", merged.toString()));
      CliRunner.Output report = CliRunner.cli(inputs.toArray(String[]::new));
      assertEquals(0, report.code(), report.err());

      Collected whole = Collected.from(List.of(dir.resolve("single").resolve("results.jsonl.gz")));
      List<Path> shares = new ArrayList<>();
      for (int index = 0; index < replicas; index++) {
        shares.add(dir.resolve("shared").resolve("replica-" + index).resolve("results.jsonl.gz"));
      }
      Collected union = Collected.from(shares);
      assertEquals(whole.intendedOffsets, union.intendedOffsets, "the shares' arrivals are the single schedule's");
      JsonNode summary = CliRunner.JSON.readTree(merged.resolve("summary_lifecycle_metrics.json").toFile());
      assertEquals(whole.records.size(), summary.at("/load_summary/count").asInt(), "every planned request");
      assertEquals(union.records.size(), summary.at("/load_summary/count").asInt());
      double[] ttft = union.records.stream().filter(r -> r.success() && r.ttftNanos() >= 0)
          .mapToDouble(r -> r.ttftNanos() / 1e9).sorted().toArray();
      for (double p : new double[] {10, 50, 90, 99}) {
        assertEquals(ReportCommandEndToEndTest.numpyPercentile(ttft, p),
            summary.at("/successes/latency/time_to_first_token/" + Percentiles.key(p)).asDouble(), 1e-12, "p" + p);
      }
      JsonNode generators = summary.get("load_generators");
      assertEquals(replicas, generators.size(), summary.toString());
      for (int index = 0; index < replicas; index++) {
        JsonNode generator = generators.get(index);
        assertEquals("replica " + index + " of " + replicas, generator.get("load_generator").asText());
        assertEquals("completed", generator.get("status").asText());
        assertEquals(union.perReplica.get(index).longValue(), generator.get("requests").asLong());
      }
      assertTrue(summary.get("start_skew_seconds").asDouble() >= 0, summary.toString());
      System.out.printf("distributed over %d processes: %d requests (single: %d), start skew %.3f ms, load"
              + " generators %s%n", replicas, union.records.size(), whole.records.size(),
          summary.get("start_skew_seconds").asDouble() * 1e3, generators);
    }
  }

  private static Process launch(Path dir, Path config, int replicas, int index, long startAtSeconds)
      throws Exception {
    List<String> command = ChildJvm.main(List.of("-Xmx256m"), "-c", config.toString(),
        "--storage.local_storage.path", dir.resolve("shared").toString(), "--load.distributed.replicas",
        Integer.toString(replicas), "--index", Integer.toString(index), "--start-at", Long.toString(startAtSeconds),
        "--log-level", "WARNING");
    return new ProcessBuilder(command).redirectOutput(dir.resolve("out-" + index + ".txt").toFile())
        .redirectError(dir.resolve("err-" + index + ".txt").toFile()).start();
  }

  /** Every record of some results files, and each one's intended offset from its stage's start. */
  private static final class Collected implements ResultsListener {
    final List<RequestRecord> records = new ArrayList<>();
    final List<String> intendedOffsets = new ArrayList<>();
    final Map<Integer, Long> perReplica = new HashMap<>();
    private final Map<Integer, Long> stageStarts = new HashMap<>();
    private int file;

    static Collected from(List<Path> files) throws Exception {
      Collected collected = new Collected();
      for (Path file : files) {
        collected.stageStarts.clear();
        ResultsReader.Outcome outcome = ResultsReader.replay(file, 0, collected);
        assertTrue(outcome.complete(), file + " is complete");
        collected.file++;
      }
      collected.intendedOffsets.sort(null);
      return collected;
    }

    @Override
    public void stageStarted(StageStart start) {
      stageStarts.put(start.stageId(), start.startNanos());
    }

    @Override
    public void record(RequestRecord record, Map<String, Object> extraInfo) {
      if (record.stageId() < 0) return;
      records.add(record);
      perReplica.merge(file, 1L, Long::sum);
      intendedOffsets.add(record.stageId() + "@" + (record.intendedStartNanos() - stageStarts.get(record.stageId())));
    }
  }
}
