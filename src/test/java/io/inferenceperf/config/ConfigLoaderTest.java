package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.ServerConfig.ServerType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void runWithoutAFileUsesInferencePerfDefaults() {
    Config c = ok(Loads.cli(Loads.MINIMAL.toArray(String[]::new)));

    assertEquals(ApiConfig.defaults(), c.api());
    assertEquals(DataConfig.defaults(), c.data());
    assertEquals(new ServerConfig(ServerType.VLLM, null, "http://127.0.0.1:8000", true, null), c.server());
    assertEquals(ReportConfig.defaults(), c.report());
    assertEquals(MetricsConfig.none(), c.metrics());
    assertNull(c.tokenizer());
    assertEquals(List.of(), c.circuitBreakers());
    assertEquals(SimulatorSection.empty(), c.simulator());
    LoadConfig load = c.load();
    assertEquals(LoadType.CONSTANT, load.type());
    assertEquals(1.0, load.intervalSeconds());
    assertEquals(List.of(LoadStage.rate(1, 2)), load.stages());
    assertEquals(Loads.CPUS, load.numWorkers());
    assertEquals(100, load.workerMaxConcurrency());
    assertEquals(2500, load.workerMaxTcpConnections());
    assertNull(load.requestTimeoutSeconds());
    assertEquals(Loads.CLOCK.millis(), load.baseSeed());
    assertEquals(10.0, load.connectTimeoutSeconds());
    assertEquals(300.0, load.headerTimeoutSeconds());
    assertEquals(60.0, load.idleStreamTimeoutSeconds());
    assertEquals(30.0, load.stageGraceSeconds());
    assertEquals(new StorageConfig.LocalStorage("reports-20250304-050607", null), c.storage().localStorage());
  }

  @Test
  void realCpuCountIsTheDefaultNumberOfWorkers() {
    LoadResult r = ConfigLoader.load(null, Loads.MINIMAL, Loads.CLOCK);
    assertEquals(Runtime.getRuntime().availableProcessors(), ok(r).load().numWorkers());
  }

  @Test
  void fileWithEveryKeyIsReadIntoTheRecords() {
    LoadResult r = Loads.resource("full.yml");
    Config c = ok(r);
    assertEquals(new ApiConfig(ApiType.CHAT, true,
        Map.of("x-team", "perf", "Authorization", "Bearer secret-header-value")), c.api());
    assertEquals(DataType.RANDOM, c.data().type());
    assertEquals(new Distribution(10, 200, 100, 20, null, Distribution.Type.NORMAL, null, 0), c.data().inputDistribution());
    assertEquals(new Distribution(5, 50, 20, 4, null, Distribution.Type.NORMAL, 16.0, 0), c.data().outputDistribution());
    assertEquals(new LoadConfig(LoadType.POISSON, 2, List.of(LoadStage.rate(5, 30), LoadStage.rate(10.5, 60)), 2, 50,
        100, 120.0, 42, 5, 100, 20, 10, "auto"), c.load());
    assertEquals(new ServerConfig(ServerType.VLLM, "meta-llama/Llama-3.1-8B-Instruct", "http://127.0.0.1:8000", false,
        "sk-secret-key"), c.server());
    assertEquals(new MetricsConfig(MetricsConfig.MetricsType.PROMETHEUS, new MetricsConfig.PrometheusConfig(
        "http://127.0.0.1:9090", 5, List.of("namespace=\"default\""), false)), c.metrics());
    assertEquals(new ReportConfig.RequestLifecycle(true, false, true, true, false, List.of(50.0, 90.0, 99.0), false,
        10), c.report().requestLifecycle());
    assertEquals(new ReportConfig.PrometheusReport(true, true), c.report().prometheus());
    assertEquals(Map.of("ttft", 0.5, "request_latency", 10.0), c.report().goodput().constraints());
    assertEquals(new StorageConfig.LocalStorage("out/run-20250304-050607", "exp1-"), c.storage().localStorage());
    assertEquals(new TokenizerConfig("/models/llama3", true, "hf_secret_token"), c.tokenizer());
    assertEquals(Map.of("profile", "fast", "ttft_ms", 25L), c.simulator().options());
    // the simulator section is unused with a real server: said, not silently dropped
    assertEquals(1, r.notes().size());
    assertEquals("simulator", r.notes().get(0).keyPath());
  }

  @Test
  void cliOverridesWinOverTheFileAndMappingsMergeDeeply() {
    Config c = ok(Loads.resource("full.yml",
        "--load.type", "constant",
        "--api.headers", "{\"x-extra\": \"1\"}",
        "--data.input_distribution.mean", "150",
        "--load.stages", "[{\"rate\": 99, \"duration\": 9}]",
        "--load.num_workers=3"));
    assertEquals(LoadType.CONSTANT, c.load().type());
    assertEquals(3, c.load().numWorkers());
    // lists are replaced, not merged
    assertEquals(List.of(LoadStage.rate(99, 9)), c.load().stages());
    // mappings merge key by key: the file's headers stay, the CLI one is added
    assertEquals(Map.of("x-team", "perf", "Authorization", "Bearer secret-header-value", "x-extra", "1"),
        c.api().headers());
    Distribution in = c.data().inputDistribution();
    assertEquals(150.0, in.mean());
    assertEquals(200, in.max()); // untouched keys of the same mapping stay
  }

  @Test
  void laterCliFlagWinsOverEarlierOne() {
    Config c = ok(Loads.minimalPlus("--load.interval", "3", "--load.interval", "4"));
    assertEquals(4.0, c.load().intervalSeconds());
  }

  @Test
  void fileKeysMissingFromTheFileKeepTheirDefaults() {
    Config c = ok(Loads.yaml(dir, """
        load:
          stages: [{rate: 1, duration: 1}]
        server:
          base_url: https://example.test
        report:
          request_lifecycle:
            per_request: true
        """));
    assertTrue(c.report().requestLifecycle().perRequest());
    assertTrue(c.report().requestLifecycle().summary());
    assertEquals(ReportConfig.RequestLifecycle.DEFAULT_PERCENTILES, c.report().requestLifecycle().percentiles());
  }

  @Test
  void timestampIsExpandedInTheReportPathWithTheClockTime() {
    Config c = ok(Loads.minimalPlus("--storage.local_storage.path", "runs/{timestamp}/a-{timestamp}"));
    assertEquals("runs/20250304-050607/a-20250304-050607", c.storage().localStorage().path());
    LoadResult r = Loads.minimalPlus();
    Map<?, ?> storage = (Map<?, ?>) r.resolvedTree().get("storage");
    assertEquals("reports-20250304-050607", ((Map<?, ?>) storage.get("local_storage")).get("path"));
  }

  @Test
  void baseSeedDefaultsToTheClockAndIsRecordedInTheResolvedTree() {
    LoadResult r = Loads.minimalPlus();
    long seed = ok(r).load().baseSeed();
    assertEquals(Loads.CLOCK.millis(), seed);
    assertEquals(seed, ((Map<?, ?>) r.resolvedTree().get("load")).get("base_seed"));
    assertEquals(7L, ok(Loads.minimalPlus("--load.base_seed", "7")).load().baseSeed());
  }

  @Test
  void resolvedTreeHasEverySupportedTopLevelSectionInSchemaOrder() {
    LoadResult r = Loads.minimalPlus();
    assertEquals(List.of("api", "data", "load", "server", "metrics", "report", "storage", "tokenizer",
        "circuit_breakers"),
        List.copyOf(r.resolvedTree().keySet()));
  }

  @Test
  void emptyFileMeansAllDefaults() {
    Config c = ok(Loads.yaml(dir, "# nothing here\n", Loads.MINIMAL.toArray(String[]::new)));
    assertEquals(ApiConfig.defaults(), c.api());
  }

  @Test
  void numWorkersZeroRunsAsOneWithANote() {
    LoadResult r = Loads.minimalPlus("--load.num_workers", "0");
    assertEquals(1, ok(r).load().numWorkers());
    assertEquals(1, r.notes().size());
    assertTrue(r.notes().get(0).format().startsWith("load.num_workers: 0"), r.notes().get(0).format());
  }

  @Test
  void simulatorServerNeedsNoBaseUrlAndGetsItsOptions() {
    Config c = ok(Loads.cli("--server.type", "simulator", "--load.stages", "[{\"rate\": 1, \"duration\": 1}]",
        "--simulator", "{\"profile\": \"fast\", \"itl_ms\": 5}", "--simulator.ttft_ms", "40",
        "--simulator.fail", "true"));
    assertEquals(ServerType.SIMULATOR, c.server().type());
    assertNull(c.server().baseUrl());
    assertEquals(Map.of("profile", "fast", "itl_ms", 5L, "ttft_ms", 40L, "fail", true), c.simulator().options());
  }

  @Test
  void concurrentStagesAreRead() {
    Config c = ok(Loads.cli("--server.base_url", "http://127.0.0.1:1", "--load.type", "concurrent",
        "--load.stages", "[{\"num_requests\": 100, \"concurrency_level\": 8}, {num_requests: 10, concurrency_level: 1}]"));
    assertEquals(List.of(LoadStage.concurrent(100, 8), LoadStage.concurrent(10, 1)), c.load().stages());
  }

  @Test
  void yamlAnchorsAndMergeKeysWork() {
    Config c = ok(Loads.yaml(dir, """
        data:
          type: random
          input_distribution: &dist {min: 1, max: 100, mean: 50, std_dev: 10}
          output_distribution:
            <<: *dist
            mean: 20
        load:
          stages: [{rate: 1, duration: 1}]
        server:
          base_url: http://127.0.0.1:1
        """));
    assertEquals(50.0, c.data().inputDistribution().mean());
    assertEquals(20.0, c.data().outputDistribution().mean());
    assertEquals(100, c.data().outputDistribution().max());
  }

  @Test
  void resultWithProblemsHasNoConfig() {
    LoadResult r = Loads.cli();
    assertFalse(r.ok());
    assertNull(r.config());
  }
}
