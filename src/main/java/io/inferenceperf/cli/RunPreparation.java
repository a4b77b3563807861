package io.inferenceperf.cli;

import io.inferenceperf.api.ConversationBodies;
import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.ConfigYaml;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.LoadResult;
import io.inferenceperf.config.ServerConfig.ServerType;
import io.inferenceperf.data.DataGenerator;
import io.inferenceperf.data.DataGeneratorResult;
import io.inferenceperf.data.DataGenerators;
import io.inferenceperf.data.MultiTurnData;
import io.inferenceperf.data.replay.ReplayData;
import io.inferenceperf.engine.RequestFactory;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.report.ReportFiles;
import io.inferenceperf.schedule.AdapterChoice;
import io.inferenceperf.schedule.ReplicaSlice;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.tokenizer.HubSettings;
import io.inferenceperf.tokenizer.Tokenizer;
import io.inferenceperf.tokenizer.TokenizerLoadResult;
import io.inferenceperf.tokenizer.TokenizerLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1 of a run: from the loaded config (and the embedded simulator, if any) to a {@link ResolvedRun}: the
 * server's URL and TLS, the model, the tokenizer, the data, the requests, the aggregation settings and the report
 * folder. Nothing is sent to the server under test except the model lookup.
 */
final class RunPreparation {
  private static final Logger LOG = LoggerFactory.getLogger(RunPreparation.class);

  /**
   * Said in the log and, as a comment, at the top of config.yaml and of the results file's config: a mock run
   * measures the in-process simulator, never a model server.
   */
  static final String MOCK_NOTICE = "server.type mock: no real model server is measured; the requests go to the"
      + " built-in simulator in this process (server.base_url is ignored)";

  private RunPreparation() {}

  static ResolvedRun prepare(LoadResult loaded, RunningSimulator simulator) throws UserError {
    Config config = loaded.config();
    String baseUrl = simulator != null ? simulator.baseUrl() : config.server().baseUrl();
    if (simulator != null) LOG.info("simulator started at {} (profile {})", baseUrl, simulator.options().profile());
    if (config.server().type() == ServerType.MOCK) LOG.warn(MOCK_NOTICE);
    SSLContext tls = tlsContext(config, baseUrl);
    config = resolveApiType(config, baseUrl, tls);
    List<String> metricsProblems = ServerMetricsStep.problems(config, baseUrl);
    if (!metricsProblems.isEmpty()) {
      throw UserError.config(String.join("\n", metricsProblems), metricsProblems.size());
    }
    ReplicaSlice replica = DistributedRun.replica(config, System.getenv());
    Path folder = DistributedRun.folder(Path.of(config.storage().localStorage().path()), replica);
    ReportFiles files = new ReportFiles(folder, config.storage().localStorage().reportFilePrefix());
    String configYaml = ConfigYaml.redactedYaml(loaded.resolvedTree());
    if (config.server().type() == ServerType.MOCK) configYaml = "# " + MOCK_NOTICE + "\n" + configYaml;
    if (BucketTarget.configured(config).isEmpty()) {
      return resolve(config, configYaml, baseUrl, tls, replica, folder, files, null);
    }
    // With a bucket the folders come first: a wrong bucket or a missing permission fails in a second, before the
    // model, the tokenizer and the data are loaded.
    prepareFolder(folder, files, configYaml);
    StorageStep storage = StorageStep.open(config, folder, files.configPath(), replica);
    try {
      return resolve(config, configYaml, baseUrl, tls, replica, folder, files, storage);
    } catch (UserError | RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  /** @param storage the checked object storage, or null when none is configured (then the folder is made here) */
  private static ResolvedRun resolve(Config config, String configYaml, String baseUrl, SSLContext tls,
      ReplicaSlice replica, Path folder, ReportFiles files, StorageStep storage) throws UserError {
    String model = modelName(config, baseUrl, tls);
    LoraAdapters.check(config, baseUrl, tls, connectTimeout(config));
    Tokenizer tokenizer = loadTokenizer(config, model);
    DataGenerator data = dataGenerator(config, tokenizer);
    DistributedRun.checkData(replica, data instanceof MultiTurnData);
    RunPlan plan = RunPlans.of(config, data).forReplica(replica);
    plan = plan.withIntervalNanos(ServerMetricsStep.intervalNanos(config, plan.intervalNanos()));
    LOG.info("\n{}", PlanText.render(config, plan, data.describe(), describe(tokenizer), folder.toString()));
    if (storage == null) {
      prepareFolder(folder, files, configYaml);
      storage = StorageStep.none();
    }

    Tokenizer counting = tokenizer.exact() ? tokenizer : null; // no exact tokenizer: ITL per chunk, said in reports
    RequestBuilder builder = new RequestBuilder(config.api(), config.server(), config.data().useChatTemplate());
    // load.lora_traffic_split: each request's model is its seeded adapter; without one, the base model.
    AdapterChoice adapters = AdapterChoice.of(config.load().loraTrafficSplit(), config.load().baseSeed());
    RequestFactory requests = adapters == null
        ? (stage, index) -> builder.build(model, data.prompt(stage, index))
        : (stage, index) -> builder.build(adapters.adapterFor(stage, index), data.prompt(stage, index));
    if (data instanceof ReplayData replay) requests = replayRequests(config, model, replay);
    // Multi-turn data: the engine builds each turn from its conversation; warm-up sends first rounds only.
    SessionRequests sessions = data instanceof MultiTurnData multiTurn
        ? new SessionRequests(builder, model, multiTurn.conversations(), config.api().sessionIdHeader(),
            config.api().sessionTokenHeader(), adapters)
        : null;
    return new ResolvedRun(config, configYaml, plan, baseUrl, model, tokenizer, counting, data, builder, requests,
        sessions, aggregation(config, counting), new MeasurementSetup(tokenizer.name(), counting != null), folder,
        files, storage);
  }

  /** Recorded session graphs: each event's request built from its conversation, chat or anthropic_messages only. */
  private static RequestFactory replayRequests(Config config, String model, ReplayData replay) throws UserError {
    try {
      return new ReplayRequests(new ConversationBodies(config.api(), config.server()), model, replay,
          config.api().sessionIdHeader());
    } catch (IllegalArgumentException e) {
      throw UserError.config("data.type " + config.data().type().yamlName + ": " + e.getMessage(), 1);
    }
  }

  /** api.type auto becomes completion or chat, by asking the server; said on the console. */
  static Config resolveApiType(Config config, String baseUrl, SSLContext tls) throws UserError {
    if (config.api().type() != ApiType.AUTO) return config;
    ApiTypeProbe.Choice choice = ApiTypeProbe.choose(baseUrl, config.server().apiKey(), Duration.ofSeconds(
        Math.max(1, Math.round(config.load().connectTimeoutSeconds()))), tls);
    LOG.info("api.type auto: using {} ({})", choice.type().yamlName, choice.reason());
    if (choice.type() == ApiType.CHAT && config.data().useChatTemplate()) {
      throw new UserError(ExitCode.CONFIG_ERROR, "data.use_chat_template: only with api.type completion, and api.type"
          + " auto chose chat (" + choice.reason() + "); set api.type completion or drop use_chat_template");
    }
    return config.withApi(config.api().withType(choice.type()));
  }

  /**
   * The report settings, with one decision of ours: without the model's tokenizer the client cannot count output
   * tokens (non-streaming bodies would count 0, streamed ones one per event), so the server's usage count
   * normalises TPOT and throughput instead.
   */
  static AggregationSettings aggregation(Config config, Tokenizer countingTokenizer) {
    AggregationSettings configured = AggregationSettings.from(config.report());
    boolean useServerTokens =
        config.report().requestLifecycle().useServerOutputTokens() || countingTokenizer == null;
    return new AggregationSettings(configured.percentiles(), useServerTokens, configured.maxErrorMessages(),
        configured.goodputConstraints(), configured.exactValuesCap(), configured.spill(),
        config.api().headerSloSeconds());
  }

  private static void prepareFolder(Path folder, ReportFiles files, String configYaml) throws UserError {
    try {
      Files.createDirectories(folder);
      Files.writeString(files.configPath(), configYaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot create the report folder " + folder + " ("
          + e.getMessage() + "); set storage.local_storage.path to a writable folder");
    }
  }

  /** For an https base_url, the TLS set-up (checked now: a bad SSL_CERT_FILE or key is a config error); else null. */
  private static SSLContext tlsContext(Config config, String baseUrl) throws UserError {
    if (!RunSetup.https(baseUrl)) return null;
    try {
      return RunSetup.tls(config).jdkContext();
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, e.getMessage());
    }
  }

  private static String modelName(Config config, String baseUrl, SSLContext tls) throws UserError {
    if (config.server().modelName() != null) {
      ServerProbe.checkReachable(baseUrl,
          Duration.ofNanos((long) (config.load().connectTimeoutSeconds() * 1e9))); // what the model lookup would have told
      return config.server().modelName();
    }
    try {
      return ModelResolver.firstModel(baseUrl, config.server().apiKey(), connectTimeout(config), tls);
    } catch (ModelResolver.ModelLookupException e) {
      throw new UserError(ExitCode.RUN_FAILED, e.getMessage());
    }
  }

  private static Duration connectTimeout(Config config) {
    return Duration.ofSeconds(Math.max(1, Math.round(config.load().connectTimeoutSeconds())));
  }

  static Tokenizer loadTokenizer(Config config, String model) throws UserError {
    HubSettings hub = HubSettings.from(System.getenv(), Path.of(System.getProperty("user.home")),
        config.tokenizer() == null ? null : config.tokenizer().token());
    String configured = config.tokenizer() == null ? null : config.tokenizer().pretrainedModelNameOrPath();
    LOG.info("loading the tokenizer of {}", configured != null && !configured.isBlank() ? configured : model);
    TokenizerLoadResult result = TokenizerLoader.load(config.tokenizer(), model, hub);
    return switch (result) {
      case TokenizerLoadResult.Failed failed ->
          throw new UserError(failed.inputMistake() ? ExitCode.CONFIG_ERROR : ExitCode.RUN_FAILED, failed.message());
      case TokenizerLoadResult.Loaded ok -> {
        ok.warnings().forEach(w -> LOG.warn("{}", w));
        String dataWarning = approximateCountsWarning(config.data().type(), ok.tokenizer());
        if (dataWarning != null) LOG.warn("{}", dataWarning);
        LOG.info("tokenizer: {} ({})", ok.tokenizer().name(), ok.source());
        yield ok.tokenizer();
      }
    };
  }

  /**
   * What approximate counts mean for this data type, or null when they do not matter. inference-perf stops when
   * a data type other than mock has no tokenizer; we run on with the approximation and say what it affects.
   */
  static String approximateCountsWarning(DataType type, Tokenizer tokenizer) {
    if (tokenizer.exact() || type == DataType.MOCK) return null;
    String what = type == DataType.VISIONARENA ? "the client's count of each prompt's text tokens is approximate"
        : type.isDataset()
        ? "the data.input_distribution/output_distribution length filters and each request's max_tokens (the"
            + " dataset completion's length) use approximate token counts, so rows near the limits may be kept or"
            + " dropped wrongly and outputs may be asked a little longer or shorter than the dataset's"
        : "prompts are made exactly the drawn number of tokens of the approximation, not of the model, so the"
            + " server's prompt lengths will differ from the configured lengths";
    return "data.type " + type.yamlName + ": " + what + " (input tokens in the reports come from the server's"
        + " usage when it reports them; output ITL is per chunk)";
  }

  static DataGenerator dataGenerator(Config configured, Tokenizer tokenizer) throws UserError {
    Config config = DataSources.resolve(configured);
    return switch (DataGenerators.create(config, tokenizer, config.data().extensions())) {
      case DataGeneratorResult.Ready ready -> ready.generator();
      case DataGeneratorResult.Replay replay -> new ReplayData(replay.corpus(), replay.options());
      case DataGeneratorResult.Invalid invalid -> throw new UserError(ExitCode.CONFIG_ERROR,
          String.join("\n", invalid.problems()) + "\n" + UserError.problemsLine(invalid.problems().size()));
    };
  }

  static String describe(Tokenizer tokenizer) {
    return tokenizer.name() + (tokenizer.exact() ? "" : " (approximate counts; ITL per chunk)");
  }
}
