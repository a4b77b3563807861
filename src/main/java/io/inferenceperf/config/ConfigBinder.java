package io.inferenceperf.config;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.MetricsConfig.MetricsType;
import io.inferenceperf.config.MetricsConfig.PrometheusConfig;
import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.ScalarNode;
import io.inferenceperf.config.ServerConfig.ServerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds the {@link Config} record tree from the validated, default-filled tree and applies the rules that span
 * several keys (base_url unless simulator, exactly one Prometheus source, ...). Keys rejected by validation are
 * skipped here, so one mistake gives one message.
 */
final class ConfigBinder {

  /** RFC 9110 token characters: what a header name may contain. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final Findings findings;

  ConfigBinder(Findings findings) {
    this.findings = findings;
  }

  Config bind(MapNode root) {
    TreeView top = new TreeView(root, "");
    ServerConfig server = server(always(top, "server"));
    ApiConfig api = api(always(top, "api"));
    DataConfig data = DataBinder.bind(always(top, "data"), findings);
    if (data.useChatTemplate() && ApiConfig.messagesApi(api.type())) {
      findings.problem(always(top, "data").problem("use_chat_template", "only with api.type completion: with"
          + " api.type " + api.type().yamlName + " the server applies the model's chat template itself"));
    }
    if (data.type() == DataConfig.DataType.VISIONARENA && api.type() != ApiType.CHAT && api.type() != ApiType.AUTO) {
      findings.problem(always(top, "api").problem("type", "data.type visionarena sends images as chat content"
          + " parts, so it needs api.type chat (got " + api.type().yamlName + "); set api.type: chat"));
    }
    if (api.responseFormat() != null && api.type() == ApiType.ANTHROPIC_MESSAGES) {
      findings.note(always(top, "api").problem("response_format", "not sent with api.type anthropic_messages: the"
          + " Messages API has no response_format parameter"));
    }
    LoadConfig load = LoadBinder.bind(always(top, "load"), findings);
    ReportConfig report = report(always(top, "report"));
    checkSloSearch(always(top, "load"), load, api, report);
    checkConversationReplay(top, data, api, load);
    return new Config(
        api,
        data,
        load,
        server,
        metrics(top.section("metrics")),
        report,
        storage(always(top, "storage")),
        tokenizer(top.section("tokenizer")),
        CircuitBreakerBinder.bind(top, always(top, "load"), findings),
        simulator(top, server));
  }

  /** conversation_replay sends one growing prompt per turn, and makes its own sessions of turns. */
  private void checkConversationReplay(TreeView top, DataConfig data, ApiConfig api, LoadConfig load) {
    if (data.type() != DataConfig.DataType.CONVERSATION_REPLAY) return;
    if (api.type() != ApiType.COMPLETION && api.type() != ApiType.AUTO) {
      findings.problem(always(top, "api").problem("type", "data.type conversation_replay sends each turn as the"
          + " conversation so far in one prompt: api.type completion only (as in inference-perf); got "
          + api.type().yamlName));
    }
    if (load.type() == LoadConfig.LoadType.TRACE_SESSION_REPLAY) {
      findings.problem(always(top, "load").problem("type", "trace_session_replay replays recorded sessions;"
          + " data.type conversation_replay runs its own conversations: use load.type concurrent (concurrency_level"
          + " conversations' turns in flight), or constant/poisson for turns at a rate"));
    }
  }

  /** The SLO search needs something to meet: goodput constraints or SLO headers. */
  private void checkSloSearch(TreeView load, LoadConfig bound, ApiConfig api, ReportConfig report) {
    boolean slo = bound.sweep() != null && bound.sweep().type() == SweepConfig.SweepType.SLO;
    boolean constrained = report.goodput() != null && !report.goodput().constraints().isEmpty();
    if (slo && !constrained && api.headerSloSeconds().isEmpty()) {
      findings.problem(load.problem("sweep", "type slo searches for the highest rate meeting the goodput target,"
          + " so it needs report.goodput.constraints (e.g. {ttft: 0.5, tpot: 0.05}) or SLO headers in api.headers"));
    }
  }

  private ApiConfig api(TreeView api) {
    Map<String, String> headers = new LinkedHashMap<>();
    TreeView h = api.section("headers");
    if (h != null) {
      for (String name : h.map().entries().keySet()) {
        String value = h.string(name);
        if (!HEADER_NAME.matcher(name).matches()) {
          findings.problem(h.problem(name, "not a valid HTTP header name"));
        } else if (value != null && value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
          findings.problem(h.problem(name, "header values must not contain line breaks"));
        } else if (value != null) {
          headers.put(name, value);
        }
      }
    }
    SloHeaders slo = new SloHeaders(api.stringOrDefault("slo_unit"), api.string("slo_ttft_header"),
        api.string("slo_tpot_header"));
    checkSloValues(api, slo, headers);
    ApiType type = byNameOrDefault(ApiType.values(), t -> t.yamlName, api, "type");
    return new ApiConfig(
        type,
        api.boolOrDefault("streaming"),
        java.util.Collections.unmodifiableMap(headers),
        slo,
        ApiExtrasBinder.responseFormat(api, findings),
        ApiExtrasBinder.headerName(api, "session_id_header_key", findings),
        ApiExtrasBinder.headerName(api, "session_token_header_key", findings));
  }

  private void checkSloValues(TreeView api, SloHeaders slo, Map<String, String> headers) {
    try {
      slo.secondsIn(headers).forEach((metric, seconds) -> {
        if (!(seconds > 0) || seconds.isInfinite()) {
          findings.problem(api.problem("headers", "the " + metric + " SLO header must be a positive number of "
              + slo.unit() + " (or \"default\"), got " + seconds / slo.secondsPerUnit()));
        }
      });
    } catch (NumberFormatException notANumber) {
      findings.problem(api.problem("headers", "the SLO headers " + slo.effectiveTtftHeader() + " and "
          + slo.effectiveTpotHeader() + " must hold a number of " + slo.unit() + " or \"default\": "
          + notANumber.getMessage()));
    }
  }

  private ServerConfig server(TreeView server) {
    ServerType type = byName(ServerType.values(), t -> t.yamlName, server.string("type"), null);
    String baseUrl = server.string("base_url");
    if (type == ServerType.MOCK) {
      if (server.isSet("base_url")) {
        findings.note(server.problem("base_url", "ignored with server.type mock: no server is contacted; requests go"
            + " to the built-in simulator in this process, and nothing real is measured"));
      }
      baseUrl = null;
    } else if (type == ServerType.SIMULATOR && server.isSet("base_url")) {
      findings.problem(server.problem("base_url", "not used with server.type simulator (the built-in simulator"
          + " picks its own address); remove it, or use server.type vllm to benchmark a simulator started with"
          + " `inference-perf simulate`"));
    } else if (type != null && !type.inProcess() && server.valid("base_url") && baseUrl == null
        && !findings.suggested("server.base_url")) {
      findings.problem(server.problem("base_url", "missing required key: the server's address, e.g."
          + " http://localhost:8000 (or set server.type: simulator to use the built-in simulator)"));
    }
    String modelName = server.string("model_name");
    if (modelName != null && modelName.isBlank()) {
      findings.problem(server.problem("model_name", "must not be empty (leave it out to ask the server)"));
    }
    String certPath = server.string("cert_path");
    String keyPath = server.string("key_path");
    checkClientCertificate(server, certPath, keyPath);
    return new ServerConfig(
        type != null ? type : byNameOrDefault(ServerType.values(), t -> t.yamlName, server, "type"),
        modelName,
        trimSlash(baseUrl),
        server.boolOrDefault("ignore_eos"),
        server.string("api_key"),
        certPath,
        keyPath);
  }

  private MetricsConfig metrics(TreeView metrics) {
    if (metrics == null) {
      return MetricsConfig.none();
    }
    MetricsType type = byName(MetricsType.values(), t -> t.yamlName, metrics.string("type"), null);
    TreeView prom = metrics.section("prometheus");
    if (type == MetricsType.DEFAULT) {
      if (prom != null) {
        findings.note(metrics.problem("prometheus", "ignored because metrics.type is default"));
      }
      return MetricsConfig.none();
    }
    if (type == null) {
      return MetricsConfig.none(); // the type was rejected already
    }
    if (prom == null && !findings.suggested("metrics.prometheus")) {
      findings.problem(metrics.problem("prometheus", "missing required key for metrics.type prometheus: set"
          + " metrics.prometheus.url (or google_managed: true)"));
      return MetricsConfig.none();
    } else if (prom == null) {
      return MetricsConfig.none();
    }
    boolean hasUrl = prom.isSet("url");
    boolean google = prom.boolOrDefault("google_managed");
    boolean direct = prom.boolOrDefault("direct");
    if (direct && (hasUrl || google)) {
      findings.problem(prom.problem("direct", "direct scraping does not use a Prometheus: remove"
          + " metrics.prometheus.url and google_managed, or set direct: false"));
    } else if (!direct && hasUrl == google && prom.valid("url") && prom.valid("google_managed")) {
      findings.problem(prom.problem("url",
          "set exactly one of metrics.prometheus.url or metrics.prometheus.google_managed: true"
              + (hasUrl ? " (both are set)" : " (neither is set)")));
    }
    List<String> filters = new ArrayList<>();
    List<Node> items = prom.list("filters");
    if (items != null) {
      items.forEach(n -> {
        if (n instanceof ScalarNode s) {
          filters.add(s.text());
        }
      });
    }
    List<String> targets = new ArrayList<>();
    List<Node> targetItems = prom.list("direct_targets");
    if (targetItems != null) {
      targetItems.forEach(n -> {
        if (n instanceof ScalarNode s) {
          targets.add(trimSlash(s.text()));
        }
      });
    }
    return new MetricsConfig(MetricsType.PROMETHEUS, new PrometheusConfig(
        trimSlash(prom.string("url")), prom.integerOrDefault("scrape_interval"), List.copyOf(filters), google,
        direct, List.copyOf(targets), prom.numberOrDefault("query_timeout"), prom.numberOrDefault("collect_timeout")));
  }

  private ReportConfig report(TreeView report) {
    TreeView lc = always(report, "request_lifecycle");
    List<Double> percentiles = new ArrayList<>();
    List<Node> items = lc.list("percentiles");
    if (items != null) {
      items.forEach(n -> {
        if (n instanceof ScalarNode s && s.value() instanceof Number num) {
          percentiles.add(num.doubleValue());
        }
      });
    } else {
      percentiles.addAll(SchemaDefaults.numbers(lc.pathOf("percentiles")));
    }
    var lifecycle = new ReportConfig.RequestLifecycle(
        lc.boolOrDefault("summary"),
        lc.boolOrDefault("per_stage"),
        lc.boolOrDefault("per_request"),
        lc.boolOrDefault("per_adapter"),
        lc.boolOrDefault("per_adapter_stage"),
        List.copyOf(percentiles),
        lc.boolOrDefault("use_server_output_tokens"),
        lc.integerOrDefault("max_error_messages"));
    TreeView p = always(report, "prometheus");
    var prometheus = new ReportConfig.PrometheusReport(p.boolOrDefault("summary"), p.boolOrDefault("per_stage"));
    TreeView sessions = always(report, "session_lifecycle");
    var sessionLifecycle = new ReportConfig.SessionLifecycle(sessions.boolOrDefault("summary"),
        sessions.boolOrDefault("per_stage"), sessions.boolOrDefault("per_session"));
    return new ReportConfig(lifecycle, prometheus, goodput(report.section("goodput")), sessionLifecycle);
  }

  private static ReportConfig.Goodput goodput(TreeView goodput) {
    if (goodput == null) {
      return null;
    }
    Map<String, Double> constraints = new LinkedHashMap<>();
    TreeView c = goodput.section("constraints");
    if (c != null) {
      c.map().entries().keySet().forEach(k -> {
        Double v = c.number(k);
        if (v != null) {
          constraints.put(k, v);
        }
      });
    }
    return new ReportConfig.Goodput(java.util.Collections.unmodifiableMap(constraints));
  }

  private StorageConfig storage(TreeView storage) {
    TreeView local = always(storage, "local_storage");
    String path = local.stringOrDefault("path");
    if (path != null && path.isBlank()) {
      findings.problem(local.problem("path", "must not be empty"));
    }
    return new StorageConfig(new StorageConfig.LocalStorage(path, local.string("report_file_prefix")),
        s3(storage.section("simple_storage_service")), gcs(storage.section("google_cloud_storage")));
  }

  private static StorageConfig.GoogleCloudStorage gcs(TreeView gcs) {
    if (gcs == null) return null;
    return new StorageConfig.GoogleCloudStorage(gcs.string("bucket_name"), gcs.stringOrDefault("path"),
        gcs.string("report_file_prefix"), gcs.string("endpoint_url"), gcs.boolOrDefault("overwrite"));
  }

  private static StorageConfig.SimpleStorageService s3(TreeView s3) {
    if (s3 == null) return null;
    return new StorageConfig.SimpleStorageService(s3.string("bucket_name"), s3.stringOrDefault("path"),
        s3.string("report_file_prefix"), s3.string("endpoint_url"), s3.string("region_name"),
        s3.stringOrDefault("addressing_style"), s3.boolOrDefault("overwrite"));
  }

  private static TokenizerConfig tokenizer(TreeView tokenizer) {
    if (tokenizer == null) {
      return null;
    }
    return new TokenizerConfig(
        tokenizer.string("pretrained_model_name_or_path"),
        tokenizer.boolOrDefault("trust_remote_code"),
        tokenizer.string("token"));
  }

  private SimulatorSection simulator(TreeView top, ServerConfig server) {
    TreeView sim = top.section("simulator");
    if (sim == null || sim.map().entries().isEmpty()) {
      return SimulatorSection.empty();
    }
    if (!server.type().inProcess()) {
      findings.note(top.problem("simulator", "ignored because server.type is " + server.type().yamlName));
    }
    return new SimulatorSection(java.util.Collections.unmodifiableMap(Plain.toPlainMap(sim.map())));
  }

  /**
   * A section that always exists after default filling; when validation rejected it (e.g. {@code api: 5}) an
   * empty view stands in so the record can still be built (and discarded, as there is a problem).
   */
  static TreeView always(TreeView parent, String key) {
    TreeView v = parent.section(key);
    return v != null ? v : new TreeView(MapNode.empty(parent.origin(key)), parent.pathOf(key));
  }

  /** Both or neither, and readable files: found now rather than at the first connection. */
  private void checkClientCertificate(TreeView server, String certPath, String keyPath) {
    if ((certPath == null) != (keyPath == null)) {
      String missing = certPath == null ? "cert_path" : "key_path";
      String given = certPath == null ? "key_path" : "cert_path";
      findings.problem(server.problem(given, "needs server." + missing + " too (mTLS takes a certificate and its key)"));
      return;
    }
    for (String key : new String[] {"cert_path", "key_path"}) {
      String path = server.string(key);
      if (path != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
        findings.problem(server.problem(key, "cannot read the file " + path + "; give the path of a PEM file"));
      }
    }
  }

  private static String trimSlash(String url) {
    String u = url;
    while (u != null && u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }

  private static <E> E byName(E[] values, Function<E, String> name, String wanted, E fallback) {
    return Arrays.stream(values).filter(v -> name.apply(v).equals(wanted)).findFirst().orElse(fallback);
  }

  /** The constant named at {@code key}, or the one the schema names as its default. */
  private static <E> E byNameOrDefault(E[] values, Function<E, String> name, TreeView view, String key) {
    E given = byName(values, name, view.string(key), null);
    return given != null ? given : byName(values, name, SchemaDefaults.string(view.pathOf(key)), null);
  }
}
