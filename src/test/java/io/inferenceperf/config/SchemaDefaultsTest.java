package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.SchemaKey.Default;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A default is written once, in {@link ConfigSchema}. The binders are run on a tree that validation has NOT filled
 * with defaults (every section present and empty), so every bound value comes from the binders' own fallbacks; each
 * must equal the schema's default for its key. A binder default that diverges from the schema, or a new schema
 * default that no binder reads, fails here.
 */
class SchemaDefaultsTest {

  /** Schema keys with a fixed default that no record holds, and why. */
  private static final Set<String> NOT_BOUND = Set.of(
      "data.trace.format", // the only accepted value; nothing to choose between
      "load.trace.format", // the same
      // accepted as inference-perf saves them; they only matter for session-replay data, which is not here yet
      "report.session_lifecycle.summary", "report.session_lifecycle.per_stage",
      "report.session_lifecycle.per_session");

  private static final String LEGACY = "data.shared_prefix.";

  /** Where each key's value ends up in the bound {@link Config}, as a plain value. */
  private static final Map<String, Function<Config, Object>> BOUND = table();

  private static Map<String, Function<Config, Object>> table() {
    Map<String, Function<Config, Object>> t = new LinkedHashMap<>();
    t.put("api.type", c -> c.api().type().yamlName);
    t.put("api.streaming", c -> c.api().streaming());
    t.put("api.slo_unit", c -> c.api().sloHeaders().unit());
    t.put("api.response_format.type", c -> c.api().responseFormat().type().yamlName);
    t.put("api.response_format.name", c -> c.api().responseFormat().name());
    t.put("load.sweep.num_requests", c -> c.load().sweep().numRequests());
    t.put("load.sweep.timeout", c -> c.load().sweep().timeoutSeconds());
    t.put("load.sweep.num_stages", c -> c.load().sweep().numStages());
    t.put("load.sweep.stage_duration", c -> c.load().sweep().stageDurationSeconds());
    t.put("load.sweep.saturation_percentile", c -> c.load().sweep().saturationPercentile());
    t.put("load.sweep.target_goodput", c -> c.load().sweep().slo().targetGoodput());
    t.put("load.sweep.start_rate", c -> c.load().sweep().slo().startRate());
    t.put("load.sweep.search_stage_duration", c -> c.load().sweep().slo().searchStageDurationSeconds());
    t.put("load.sweep.tolerance", c -> c.load().sweep().slo().tolerance());
    t.put("load.sweep.max_stages", c -> c.load().sweep().slo().maxStages());
    t.put("data.type", c -> c.data().type().yamlName);
    t.put("data.use_chat_template", c -> c.data().useChatTemplate());
    distribution(t, "data.input_distribution", c -> c.data().inputDistribution());
    distribution(t, "data.output_distribution", c -> c.data().outputDistribution());
    t.put("data.shared_prefix.num_groups", c -> c.data().sharedPrefix().numGroups());
    t.put("data.shared_prefix.num_prompts_per_group", c -> c.data().sharedPrefix().numPromptsPerGroup());
    t.put("data.shared_prefix.system_prompt_len", c -> fixedLength(c.data().sharedPrefix().systemPromptLen()));
    t.put("data.shared_prefix.question_len", c -> fixedLength(c.data().sharedPrefix().questionLen()));
    t.put("data.shared_prefix.output_len", c -> fixedLength(c.data().sharedPrefix().outputLen()));
    t.put("data.shared_prefix.enable_multi_turn_chat", c -> c.data().sharedPrefix().enableMultiTurnChat());
    // read from the bind with the legacy keys (see bindEmpty)
    distribution(t, LEGACY + "question_distribution", c -> c.data().sharedPrefix().questionLen());
    distribution(t, LEGACY + "output_distribution", c -> c.data().sharedPrefix().outputLen());
    multimodal(t, "data.multimodal.", c -> c.data().multimodal());
    t.put("data.visionarena.hf_dataset_name", c -> c.data().visionArena().hfDatasetName());
    t.put("data.visionarena.hf_split", c -> c.data().visionArena().hfSplit());
    t.put("data.visionarena.num_rows", c -> c.data().visionArena().numRows());
    t.put("data.visionarena.max_images_per_request", c -> c.data().visionArena().maxImagesPerRequest());
    t.put("data.visionarena.insertion_point", c -> c.data().visionArena().insertionPoint());
    multimodal(t, "data.shared_prefix.multimodal.", c -> c.data().sharedPrefix().multimodal());
    t.put("load.type", c -> c.load().type().yamlName);
    t.put("load.interval", c -> c.load().intervalSeconds());
    t.put("load.stages", c -> c.load().stages());
    t.put("load.worker_max_concurrency", c -> c.load().workerMaxConcurrency());
    t.put("load.worker_max_tcp_connections", c -> c.load().workerMaxTcpConnections());
    t.put("load.connect_timeout", c -> c.load().connectTimeoutSeconds());
    t.put("load.header_timeout", c -> c.load().headerTimeoutSeconds());
    t.put("load.idle_stream_timeout", c -> c.load().idleStreamTimeoutSeconds());
    t.put("load.stage_grace_period", c -> c.load().stageGraceSeconds());
    t.put("load.kernel_timestamps", c -> c.load().kernelTimestamps());
    t.put("load.io_priority", c -> c.load().ioPriority());
    t.put("load.session_turns", c -> c.load().sessionTurns());
    t.put("load.distributed.replicas", c -> c.load().distributed().replicas());
    t.put("load.circuit_breakers", c -> c.load().circuitBreakers());
    t.put("load.circuit_breaker_stops", c -> c.load().circuitBreakerStops());
    t.put("circuit_breakers[].metrics.rules", c -> c.circuitBreakers().getFirst().rules());
    t.put("circuit_breakers[].triggers[].min_samples",
        c -> ((CircuitBreakerConfig.RateOverWindow) c.circuitBreakers().getFirst().triggers().getFirst()).minSamples());
    t.put("load.distributed.barrier_timeout", c -> c.load().distributed().barrierTimeoutSeconds());
    t.put("load.distributed.barrier_lead", c -> c.load().distributed().barrierLeadSeconds());
    t.put("server.type", c -> c.server().type().yamlName);
    t.put("server.ignore_eos", c -> c.server().ignoreEos());
    t.put("metrics.prometheus.scrape_interval", c -> c.metrics().prometheus().scrapeIntervalSeconds());
    t.put("metrics.prometheus.filters", c -> c.metrics().prometheus().filters());
    t.put("metrics.prometheus.google_managed", c -> c.metrics().prometheus().googleManaged());
    t.put("metrics.prometheus.direct", c -> c.metrics().prometheus().direct());
    t.put("metrics.prometheus.direct_targets", c -> c.metrics().prometheus().directTargets());
    t.put("metrics.prometheus.query_timeout", c -> c.metrics().prometheus().queryTimeoutSeconds());
    t.put("metrics.prometheus.collect_timeout", c -> c.metrics().prometheus().collectTimeoutSeconds());
    String lc = "report.request_lifecycle.";
    t.put(lc + "summary", c -> c.report().requestLifecycle().summary());
    t.put(lc + "per_stage", c -> c.report().requestLifecycle().perStage());
    t.put(lc + "per_request", c -> c.report().requestLifecycle().perRequest());
    t.put(lc + "per_adapter", c -> c.report().requestLifecycle().perAdapter());
    t.put(lc + "per_adapter_stage", c -> c.report().requestLifecycle().perAdapterStage());
    t.put(lc + "percentiles", c -> c.report().requestLifecycle().percentiles());
    t.put(lc + "use_server_output_tokens", c -> c.report().requestLifecycle().useServerOutputTokens());
    t.put(lc + "max_error_messages", c -> c.report().requestLifecycle().maxErrorMessages());
    t.put("report.prometheus.summary", c -> c.report().prometheus().summary());
    t.put("report.prometheus.per_stage", c -> c.report().prometheus().perStage());
    t.put("report.goodput.constraints", c -> c.report().goodput().constraints());
    t.put("storage.local_storage.path", c -> c.storage().localStorage().path());
    String s3 = "storage.simple_storage_service.";
    t.put(s3 + "path", c -> c.storage().simpleStorageService().path());
    t.put(s3 + "addressing_style", c -> c.storage().simpleStorageService().addressingStyle());
    t.put(s3 + "overwrite", c -> c.storage().simpleStorageService().overwrite());
    String gcs = "storage.google_cloud_storage.";
    t.put(gcs + "path", c -> c.storage().googleCloudStorage().path());
    t.put(gcs + "overwrite", c -> c.storage().googleCloudStorage().overwrite());
    String replay = "data.conversation_replay.";
    t.put(replay + "seed", c -> c.data().conversationReplay().seed());
    t.put(replay + "num_conversations", c -> c.data().conversationReplay().numConversations());
    t.put(replay + "shared_system_prompt_len", c -> c.data().conversationReplay().sharedSystemPromptLen());
    t.put(replay + "max_model_len", c -> c.data().conversationReplay().maxModelLen());
    distribution(t, replay + "dynamic_system_prompt_len", c -> c.data().conversationReplay().dynamicSystemPromptLen());
    distribution(t, replay + "turns_per_conversation", c -> c.data().conversationReplay().turnsPerConversation());
    distribution(t, replay + "input_tokens_per_turn", c -> c.data().conversationReplay().inputTokensPerTurn());
    distribution(t, replay + "output_tokens_per_turn", c -> c.data().conversationReplay().outputTokensPerTurn());
    distribution(t, replay + "tool_call_latency_sec", c -> c.data().conversationReplay().toolCallLatencySec());
    t.put("tokenizer.trust_remote_code", c -> c.tokenizer().trustRemoteCode());
    return t;
  }

  private static void distribution(Map<String, Function<Config, Object>> t, String at,
      Function<Config, Distribution> d) {
    t.put(at + ".min", c -> d.apply(c).min());
    t.put(at + ".max", c -> d.apply(c).max());
    t.put(at + ".mean", c -> d.apply(c).mean());
    t.put(at + ".std_dev", c -> d.apply(c).stdDev());
    t.put(at + ".type", c -> d.apply(c).type().yamlName);
    t.put(at + ".skew", c -> d.apply(c).skew());
  }

  private static void multimodal(Map<String, Function<Config, Object>> t, String at,
      Function<Config, MultimodalConfig> m) {
    distribution(t, at + "image.count", c -> m.apply(c).image().placement().count());
    distribution(t, at + "video.count", c -> m.apply(c).video().placement().count());
    distribution(t, at + "audio.count", c -> m.apply(c).audio().placement().count());
    t.put(at + "image.representation", c -> m.apply(c).image().format().yamlName);
    t.put(at + "video.representation", c -> m.apply(c).video().format().yamlName);
  }

  /** An integer length is a fixed distribution; anything else is shown whole (and differs from an integer). */
  private static Object fixedLength(Distribution d) {
    return d.type() == Distribution.Type.FIXED && d.min() == d.max() && d.mean() == d.min() ? d.min() : d;
  }

  /**
   * Every section present and empty, nothing filled in: the binders see no values at all. With {@code legacy},
   * data.shared_prefix has the older question_distribution and output_distribution sections (also empty).
   */
  private static Config bindEmpty(boolean legacy) {
    Map<String, Object> empty = Map.of();
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("api", Map.of("response_format", empty));
    Map<String, Object> media = Map.of("image", Map.of("count", empty), "video", Map.of("count", empty), "audio",
        Map.of("count", empty));
    Map<String, Object> sharedPrefix = legacy
        ? Map.of("question_distribution", empty, "output_distribution", empty, "multimodal", media)
        : Map.of("multimodal", media);
    Map<String, Object> conversations = Map.of("dynamic_system_prompt_len", empty, "turns_per_conversation", empty,
        "input_tokens_per_turn", empty, "output_tokens_per_turn", empty, "tool_call_latency_sec", empty);
    tree.put("data", Map.of("input_distribution", empty, "output_distribution", empty, "shared_prefix",
        sharedPrefix, "multimodal", media, "conversation_replay", conversations, "visionarena", empty));
    tree.put("load", Map.of("sweep", empty));
    tree.put("server", empty);
    tree.put("metrics", Map.of("type", "prometheus", "prometheus", empty));
    tree.put("report", Map.of("request_lifecycle", empty, "prometheus", empty, "goodput", empty));
    tree.put("storage", Map.of("local_storage", empty, "simple_storage_service", empty, "google_cloud_storage",
        empty));
    tree.put("tokenizer", empty);
    tree.put("circuit_breakers", List.of(Map.of("metrics", empty,
        "triggers", List.of(Map.of("type", "rate_over_window", "threshold", 0.5, "window_sec", 1.0)))));
    return new ConfigBinder(new Findings()).bind((MapNode) Plain.toNode(tree, Node.Origin.DEFAULT));
  }

  @Test
  void everyBoundValueOfAnEmptyConfigIsTheSchemasDefault() {
    Config bound = bindEmpty(false);
    Config legacy = bindEmpty(true);
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, Function<Config, Object>> e : BOUND.entrySet()) {
      boolean legacyKey = e.getKey().matches(LEGACY.replace(".", "\\.") + "(question|output)_distribution\\..*");
      Object expected = plain(SchemaDefaults.value(e.getKey()));
      Object actual = plain(e.getValue().apply(legacyKey ? legacy : bound));
      if (!expected.equals(actual)) {
        differences.add(e.getKey() + ": schema default " + expected + ", bound " + actual);
      }
    }
    assertEquals(List.of(), differences);
  }

  @Test
  void everyFixedDefaultOfTheSchemaIsChecked() {
    Set<String> fixed = new TreeSet<>();
    for (ConfigSchema.Entry entry : ConfigSchema.entries()) {
      if (entry.key().supported() && entry.key().defaultValue().kind() == Default.Kind.FIXED) {
        fixed.add(entry.path());
      }
    }
    Set<String> unchecked = new TreeSet<>(fixed);
    unchecked.removeAll(BOUND.keySet());
    unchecked.removeAll(NOT_BOUND);
    assertEquals(Set.of(), unchecked, "schema defaults that no test row reads back from the bound config");
    assertTrue(fixed.containsAll(BOUND.keySet()), "every row names a key with a fixed default");
    assertTrue(fixed.size() > 40, "the schema's defaults were found: " + fixed.size());
  }

  @Test
  void theRecordsDefaultsAreTheSchemasToo() {
    Config bound = bindEmpty(false);
    ApiConfig api = bound.api();
    assertEquals(ApiConfig.defaults(), new ApiConfig(api.type(), api.streaming(), api.headers(), api.sloHeaders(),
        null, api.sessionIdHeader(), api.sessionTokenHeader()), "an empty response_format aside");
    assertEquals(Distribution.defaults(), bound.data().inputDistribution());
    SharedPrefixConfig sharedPrefix = bound.data().sharedPrefix();
    assertEquals(SharedPrefixConfig.defaults(), new SharedPrefixConfig(sharedPrefix.numGroups(),
        sharedPrefix.numPromptsPerGroup(), sharedPrefix.systemPromptLen(), sharedPrefix.questionLen(),
        sharedPrefix.outputLen(), sharedPrefix.seed(), sharedPrefix.enableMultiTurnChat()), "besides multimodal");
    assertEquals(ReportConfig.RequestLifecycle.defaults(), bound.report().requestLifecycle());
    assertEquals(ReportConfig.PrometheusReport.defaults(), bound.report().prometheus());
    assertEquals(DataConfig.defaults().type(), bound.data().type());
    var prometheus = new MetricsConfig.PrometheusConfig(null, 15, List.of(), false);
    assertEquals(bound.metrics().prometheus().queryTimeoutSeconds(), prometheus.queryTimeoutSeconds());
    assertEquals(bound.metrics().prometheus().collectTimeoutSeconds(), prometheus.collectTimeoutSeconds());
  }

  @Test
  void askingForAKeyWithoutAFixedDefaultIsAProgrammingError() {
    assertThrows(IllegalStateException.class, () -> SchemaDefaults.value("load.num_workers")); // computed
    assertThrows(IllegalStateException.class, () -> SchemaDefaults.value("server.base_url")); // none
    assertThrows(IllegalStateException.class, () -> SchemaDefaults.value("load.no_such_key"));
    assertThrows(IllegalStateException.class, () -> SchemaDefaults.bool("load.interval")); // a number
    assertEquals(10, SchemaDefaults.integer("data.shared_prefix.question_distribution.min"), "through sections");
    assertEquals("load.stages[].rate", ConfigSchema.entries().stream().map(ConfigSchema.Entry::path)
        .filter(p -> p.endsWith(".rate")).findFirst().orElseThrow());
    assertEquals(SchemaDefaults.key("load.stages[].rate"), SchemaDefaults.key("load.stages[3].rate"));
  }

  /** Numbers as doubles, lists and maps element by element, so 512 and 512.0 compare equal. */
  private static Object plain(Object value) {
    return switch (value) {
      case Number n -> n.doubleValue();
      case List<?> list -> list.stream().map(SchemaDefaultsTest::plain).toList();
      case Map<?, ?> map -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, plain(v)));
        yield out;
      }
      default -> value;
    };
  }
}
