package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.tokenizer.FakeVisionArenaViewer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example config of inference-perf (copied unchanged, with a licence header, into
 * src/test/resources/inference-perf-examples) runs here against the built-in simulator. The files are not edited:
 * only the command line changes what must change to make a run brief and offline. Each example names its
 * overrides ({@link CliOverride}), and each override says why it is needed.
 */
class InferencePerfExamplesRunTest {

  private static final Path EXAMPLES = Path.of("src/test/resources/inference-perf-examples");
  private static final String SMOL = "HuggingFaceTB/SmolLM2-135M-Instruct";
  private static final String QWEN_VL = "Qwen/Qwen3-VL-8B-Instruct";

  /** What an example needs changed on the command line, with the reason. */
  enum CliOverride {
    /** Its stages last 5 to 120 s each; one 1 s stage at a few requests per second shows the same path works. */
    BRIEF_STAGE("--load.stages", "[{\"rate\": 4, \"duration\": 1}]"),
    /** load.interval 15 pauses 15 s between stages; zeroed so no pause can stretch a brief run (the sweep's has 2). */
    NO_INTERVAL("--load.interval", "0"),
    /** metrics.type prometheus queries a Prometheus server at localhost:9090, which does not run here. */
    NO_PROMETHEUS("--metrics.type", "default"),
    /** The example names a tokenizer on the Hugging Face Hub; offline we use the same kind of tokenizer from disk. */
    SMOL_TOKENIZER("--tokenizer.pretrained_model_name_or_path", ".tools/tokenizers/gpt2"),
    QWEN_TOKENIZER("--tokenizer.pretrained_model_name_or_path", ".tools/tokenizers/qwen3"),
    /** data.type shareGPT without data.path downloads the dataset from the Hub; a small local shareGPT file instead. */
    LOCAL_SHAREGPT("--data.path", "src/test/resources/datasets/sharegpt.json"),
    /**
     * The example's ./traces/trace.csv does not exist next to it upstream either, and with data.trace set every row
     * is sent at its time: upstream trace.csv's 24 rows take 13 s. trace-brief.csv is its rows 3 to 6 (1.8 s).
     */
    LOCAL_LOAD_TRACE("--load.trace.file", "src/test/resources/inference-perf-examples/trace-replay/trace-brief.csv"),
    LOCAL_DATA_TRACE("--data.trace.file", "src/test/resources/inference-perf-examples/trace-replay/trace-brief.csv"),
    /**
     * The sweep probes saturation for up to 60 s and then runs 10 stages of 60 s; 2 stages of 1 s, and an 8 s probe:
     * its burst is spread over 5 s, and its in-flight samples must then fall while the backlog drains.
     */
    BRIEF_SWEEP_PROBE("--load.sweep.timeout", "8"),
    BRIEF_SWEEP_STAGES("--load.sweep.num_stages", "2"),
    BRIEF_SWEEP_DURATION("--load.sweep.stage_duration", "1"),
    /** The probe's default burst is 2000 requests; 100 (20/s) overfill the busy simulator for a few samples. */
    SMALL_SWEEP_BURST("--load.sweep.num_requests", "100"),
    /** Encoding 720p mp4 videos of 16 to 32 frames takes seconds per request; tiny 2-frame videos go the same path. */
    TINY_VIDEOS("--data.multimodal.video.profiles", "{\"resolution\": {\"height\": 32, \"width\": 32}, \"frames\": 2}"),
    /**
     * The otel examples name their traces relative to inference-perf's repository root (examples/otel/test_traces/..);
     * the same files are in our copy of that folder. The value is the example's own paths, moved there.
     */
    LOCAL_OTEL_TRACE_FILES("--data.otel_trace_replay.trace_files", null),
    LOCAL_OTEL_TRACE_DIRECTORY("--data.otel_trace_replay.trace_directory", null),
    /**
     * The recorded pauses between calls (0.5 to 5 s, capped at max_wait_ms 15000) make one session last up to 40 s;
     * 20 ms keeps every wait in the graph, only shorter.
     */
    BRIEF_WAITS("--data.otel_trace_replay.max_wait_ms", "20"),
    /**
     * hf_dataset_path reads a Hugging Face dataset (Exgentic's agent traces), not reachable from tests; the local
     * example traces instead (the Hub path itself is tested against a local dataset viewer in OtelHubRowsTest).
     */
    NO_HUB_DATASET("--data.otel_trace_replay.hf_dataset_path", "null"),
    LOCAL_ADVANCED_TRACES("--data.otel_trace_replay.trace_directory", EXAMPLES + "/otel/test_traces/advanced"),
    /** The placeholder <PATH_TO_OTEL_TRACES> stands for the user's own traces; the example traces instead. */
    PLACEHOLDER_TRACES("--data.otel_trace_replay.trace_directory", EXAMPLES + "/otel/test_traces/advanced"),
    /** These ask for 50 and 300 sessions, more than the 7 local traces; all 7 instead, as many at once as asked. */
    SEVEN_SESSIONS_BY_10("--load.stages", "[{\"concurrent_sessions\": 10, \"num_sessions\": 7}]");

    final String flag;
    final String value;

    CliOverride(String flag, String value) {
      this.flag = flag;
      this.value = value;
    }
  }

  /** An example that runs: its file, the simulator's options beyond the fast default, and its overrides. */
  record RunnableExample(String file, Map<String, Object> simulator, List<CliOverride> overrides) {
    RunnableExample(String file, String model, CliOverride... overrides) {
      this(file, Map.of("model", model), List.of(overrides));
    }
  }

  /**
   * A server with a capacity the sweep can measure: 2 sequences at once, 5 ms per decode step, so a burst leaves a
   * backlog that drains over several of the probe's 0.5 s samples (the fast default drains at once).
   */
  private static final Map<String, Object> BUSY_SERVER = Map.of("model", SMOL, "engine", "batching",
      "max_num_seqs", 2, "decode_step_ms", 5, "decode_ms_per_seq", 0, "prefill_ms_per_token", 0,
      "prefix_caching", false, "profile", "small", "max_model_len", 65_536, "kv_cache_tokens", 1_000_000);

  private static final CliOverride[] STAGE_AND_PROMETHEUS = {CliOverride.BRIEF_STAGE, CliOverride.NO_PROMETHEUS};

  static List<RunnableExample> runnable() {
    List<RunnableExample> all = new ArrayList<>();
    for (String server : List.of("vllm", "sglang", "tgi")) {
      all.add(new RunnableExample(server + "/config.yml", SMOL, CliOverride.BRIEF_STAGE, CliOverride.LOCAL_SHAREGPT,
          CliOverride.NO_PROMETHEUS));
      all.add(new RunnableExample(server + "/config-random.yml", SMOL,
          with(STAGE_AND_PROMETHEUS, CliOverride.SMOL_TOKENIZER)));
      all.add(new RunnableExample(server + "/config-synthetic.yml", SMOL,
          with(STAGE_AND_PROMETHEUS, CliOverride.NO_INTERVAL, CliOverride.SMOL_TOKENIZER)));
      all.add(new RunnableExample(server + "/config-shared-prefix.yml", SMOL,
          with(STAGE_AND_PROMETHEUS, CliOverride.NO_INTERVAL, CliOverride.SMOL_TOKENIZER)));
    }
    all.add(new RunnableExample("vllm/config-shared-prefix-distributions.yml", SMOL,
        with(STAGE_AND_PROMETHEUS, CliOverride.NO_INTERVAL, CliOverride.SMOL_TOKENIZER)));
    all.add(new RunnableExample("vllm/config-shared-prefix-multi-turn.yml", SMOL,
        with(STAGE_AND_PROMETHEUS, CliOverride.SMOL_TOKENIZER)));
    all.add(new RunnableExample("vllm/config-circuitbreaker.yml", SMOL, CliOverride.BRIEF_STAGE,
        CliOverride.LOCAL_SHAREGPT));
    all.add(new RunnableExample("vllm/config-sweep.yml", BUSY_SERVER, List.of(CliOverride.NO_INTERVAL,
        CliOverride.NO_PROMETHEUS, CliOverride.LOCAL_SHAREGPT, CliOverride.SMALL_SWEEP_BURST,
        CliOverride.BRIEF_SWEEP_PROBE, CliOverride.BRIEF_SWEEP_STAGES, CliOverride.BRIEF_SWEEP_DURATION)));
    all.add(new RunnableExample("vllm/config-trace-replay.yml", SMOL, CliOverride.BRIEF_STAGE,
        CliOverride.NO_PROMETHEUS, CliOverride.SMOL_TOKENIZER, CliOverride.LOCAL_LOAD_TRACE,
        CliOverride.LOCAL_DATA_TRACE));
    all.add(new RunnableExample("multilora/multilora_config.yml", Map.of("model", "Qwen/Qwen2.5-0.5B-Instruct",
        "lora_adapters", List.of("movie", "consumer")), List.of(with(STAGE_AND_PROMETHEUS, CliOverride.QWEN_TOKENIZER,
        CliOverride.LOCAL_SHAREGPT))));
    all.add(new RunnableExample("structured-output/config.yml", SMOL, CliOverride.BRIEF_STAGE, CliOverride.NO_INTERVAL,
        CliOverride.SMOL_TOKENIZER));
    for (String media : List.of("image.yaml", "shared_prefix.yaml")) {
      all.add(new RunnableExample("multimodal/" + media, QWEN_VL, CliOverride.BRIEF_STAGE, CliOverride.QWEN_TOKENIZER));
    }
    all.add(new RunnableExample("multimodal/visionarena.yaml", QWEN_VL, CliOverride.BRIEF_STAGE,
        CliOverride.QWEN_TOKENIZER));
    for (String media : List.of("mixed.yaml", "video_mp4.yaml")) {
      all.add(new RunnableExample("multimodal/" + media, QWEN_VL, CliOverride.BRIEF_STAGE, CliOverride.QWEN_TOKENIZER,
          CliOverride.TINY_VIDEOS));
    }
    otelExamples(all);
    return all;
  }

  private static void otelExamples(List<RunnableExample> all) {
    CliOverride[] local = {CliOverride.SMOL_TOKENIZER, CliOverride.BRIEF_WAITS};
    all.add(new RunnableExample("otel/configs/advanced/graph-replay.yml", SMOL,
        with(local, CliOverride.LOCAL_OTEL_TRACE_DIRECTORY)));
    for (String files : List.of("advanced/multi-stage.yml", "simple/two-sessions-sequential.yml",
        "per_case_config/code_review_workflow.yml", "per_case_config/customer_support_escalation.yml",
        "per_case_config/fan_in_dependencies.yml", "per_case_config/multi_agent_research.yml",
        "per_case_config/parallel_requests.yml", "per_case_config/prefix_sharing_example.yml",
        "per_case_config/simple_chain.yml", "per_case_config/software_architecture_review.yml")) {
      all.add(new RunnableExample("otel/configs/" + files, SMOL, with(local, CliOverride.LOCAL_OTEL_TRACE_FILES)));
    }
    all.add(new RunnableExample("otel/configs/external/synthetic_conversations.yml", SMOL,
        with(local, CliOverride.PLACEHOLDER_TRACES, CliOverride.SEVEN_SESSIONS_BY_10)));
    all.add(new RunnableExample("otel/configs/external/exgentic-load-1.yml", SMOL,
        with(local, CliOverride.NO_HUB_DATASET, CliOverride.LOCAL_ADVANCED_TRACES, CliOverride.SEVEN_SESSIONS_BY_10)));
    all.add(new RunnableExample("otel/configs/simple/hf_dataset_example.yml", SMOL,
        with(local, CliOverride.NO_HUB_DATASET, CliOverride.LOCAL_ADVANCED_TRACES)));
  }

  /** The example's own trace paths (examples/otel/test_traces/...) in our copy: a JSON list, or the one folder. */
  private static String localTraces(String file, CliOverride override) throws IOException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"examples/(otel/test_traces/[^\"]*)\"")
        .matcher(Files.readString(EXAMPLES.resolve(file)));
    List<String> paths = new ArrayList<>();
    while (m.find()) paths.add(EXAMPLES.resolve(m.group(1)).toString());
    if (override == CliOverride.LOCAL_OTEL_TRACE_DIRECTORY) return paths.get(0);
    return CliRunner.JSON.writeValueAsString(paths);
  }

  static Stream<Arguments> runnableExamples() {
    return runnable().stream().map(r -> Arguments.of(r.file(), r));
  }

  /**
   * Examples that read a dataset from the Hugging Face Hub's dataset viewer: they get a stand-in on 127.0.0.1 with a
   * few rows and small real images (FakeVisionArenaViewer), and a Hub cache in a temporary folder, through the
   * system properties that override HF_DATASETS_SERVER and HF_HOME for a run in this JVM.
   */
  private static final Set<String> DATASET_VIEWER_EXAMPLES = Set.of("multimodal/visionarena.yaml");

  private static final String ENV_PROPERTY = "inferenceperf.env.";

  @ParameterizedTest(name = "{0}")
  @MethodSource("runnableExamples")
  void runsAgainstTheSimulator(String file, RunnableExample example, @TempDir Path reports) throws Exception {
    if (!DATASET_VIEWER_EXAMPLES.contains(file)) {
      run(file, example, reports);
      return;
    }
    Map<String, String> properties = Map.of("HF_HOME", reports.resolve("hf-home").toString(), "HF_HUB_OFFLINE", "0",
        "HF_DATASETS_OFFLINE", "0");
    try (FakeVisionArenaViewer viewer = new FakeVisionArenaViewer()) {
      System.setProperty(ENV_PROPERTY + "HF_DATASETS_SERVER", viewer.endpoint());
      properties.forEach((name, value) -> System.setProperty(ENV_PROPERTY + name, value));
      run(file, example, reports.resolve("reports"));
      assertTrue(viewer.assetRequests() > 0, "the images came from the stand-in: " + viewer.queries);
    } finally {
      System.clearProperty(ENV_PROPERTY + "HF_DATASETS_SERVER");
      properties.keySet().forEach(name -> System.clearProperty(ENV_PROPERTY + name));
    }
  }

  private static void run(String file, RunnableExample example, Path reports) throws Exception {
    Map<String, Object> values = new HashMap<>(Map.of("profile", "fixed", "ttft_ms", 2, "itl_ms", 0,
        "max_model_len", 1_000_000));
    values.putAll(example.simulator());
    SimulatorOptions options = SimulatorOptions.fromMap(values).orThrow();
    try (RunningSimulator sim = Simulator.start(options)) {
      List<String> args = new ArrayList<>(List.of("-c", EXAMPLES.resolve(file).toString(),
          "--server.base_url", sim.baseUrl(), "--storage.local_storage.path", reports.toString()));
      for (CliOverride override : example.overrides()) {
        args.add(override.flag);
        args.add(override.value != null ? override.value : localTraces(file, override));
      }
      CliRunner.Output run = CliRunner.cli(args.toArray(String[]::new));
      assertEquals(0, run.code(), run.err() + run.out());
      // The otel examples set report.request_lifecycle.per_stage, some to false (their only per_stage key).
      boolean perStage = !file.startsWith("otel/") || !Files.readString(EXAMPLES.resolve(file))
          .contains("per_stage: false");
      assertEquals(perStage, Files.exists(reports.resolve("stage_0_lifecycle_metrics.json")),
          "stage report as the example asks: " + list(reports));
      JsonNode summary = CliRunner.JSON.readTree(reports.resolve("summary_lifecycle_metrics.json").toFile());
      assertTrue(summary.at("/successes/count").asInt() > 0, summary.toString());
      assertEquals(0, summary.at("/failures/count").asInt(), summary.get("failures").toString());
      int successes = summary.at("/successes/count").asInt();
      long served = sim.truth().snapshot().completed();
      assertTrue(served >= successes, "the simulator served " + served + " but " + successes + " are reported");
      List<?> adapters = (List<?>) example.simulator().getOrDefault("lora_adapters", List.of());
      if (!adapters.isEmpty()) {
        assertEquals(successes, adapterSuccesses(reports, adapters), "per-adapter reports: " + list(reports));
      }
    }
  }

  @Test
  void everyCopiedExampleRuns() throws IOException {
    Set<String> copied;
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      copied = files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .map(p -> EXAMPLES.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.equals("config-weka.yaml")) // not under examples/; WekaTraceReplayEndToEndTest runs it
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> covered = new TreeSet<>();
    runnable().forEach(r -> assertTrue(covered.add(r.file()), "listed twice: " + r.file()));
    assertEquals(copied, covered);
    assertEquals(38, copied.size(), "inference-perf ships 38 example configs at the copied commit");
  }

  private static CliOverride[] with(CliOverride[] base, CliOverride... more) {
    return Stream.concat(Stream.of(base), Stream.of(more)).toArray(CliOverride[]::new);
  }

  /** Successes summed over the per-adapter reports (a tiny run may send none to some adapter: no report then). */
  private static int adapterSuccesses(Path reports, List<?> adapters) throws IOException {
    int sum = 0;
    for (Object adapter : adapters) {
      Path report = reports.resolve("adapter_" + adapter + "_lifecycle_metrics.json");
      if (Files.exists(report)) {
        sum += CliRunner.JSON.readTree(report.toFile()).at("/successes/count").asInt();
      }
    }
    return sum;
  }

  private static String list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(", "));
    }
  }
}
