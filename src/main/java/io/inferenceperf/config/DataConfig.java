package io.inferenceperf.config;

/**
 * The {@code data} section.
 *
 * @param sharedPrefix data.shared_prefix, or null when absent (only data.type shared_prefix uses it)
 * @param traceFile data.trace.file (format AzurePublicDataset), or null; only data.type random uses it
 * @param multimodal data.multimodal, or null (data.type synthetic and shared_prefix use it)
 * @param conversationReplay data.conversation_replay, or null when absent (only data.type conversation_replay uses it)
 * @param visionArena data.visionarena, or null (only data.type visionarena uses it; absent means its defaults)
 * @param otelTraceReplay data.otel_trace_replay, or null (data.type otel_trace_replay requires it)
 * @param wekaTraceReplay data.weka_trace_replay, or null (only data.type weka_trace_replay uses it)
 */
public record DataConfig(
    DataType type,
    String path,
    String corpusFilePath,
    Distribution inputDistribution,
    Distribution outputDistribution,
    boolean useChatTemplate,
    SharedPrefixConfig sharedPrefix,
    String traceFile,
    MultimodalConfig multimodal,
    ConversationReplayConfig conversationReplay,
    VisionArenaConfig visionArena,
    OtelTraceReplayConfig otelTraceReplay,
    WekaReplayConfig wekaTraceReplay) {

  /** A data section without the settings of the replay data types and visionarena. */
  public DataConfig(DataType type, String path, String corpusFilePath, Distribution inputDistribution,
      Distribution outputDistribution, boolean useChatTemplate, SharedPrefixConfig sharedPrefix, String traceFile,
      MultimodalConfig multimodal) {
    this(type, path, corpusFilePath, inputDistribution, outputDistribution, useChatTemplate, sharedPrefix, traceFile,
        multimodal, null, null, null, null);
  }

  /** A data section without multimodal settings. */
  public DataConfig(DataType type, String path, String corpusFilePath, Distribution inputDistribution,
      Distribution outputDistribution, boolean useChatTemplate, SharedPrefixConfig sharedPrefix, String traceFile) {
    this(type, path, corpusFilePath, inputDistribution, outputDistribution, useChatTemplate, sharedPrefix, traceFile,
        null);
  }

  /** A data section without shared_prefix and trace settings. */
  public DataConfig(
      DataType type,
      String path,
      String corpusFilePath,
      Distribution inputDistribution,
      Distribution outputDistribution,
      boolean useChatTemplate) {
    this(type, path, corpusFilePath, inputDistribution, outputDistribution, useChatTemplate, null, null, null);
  }

  public enum DataType {
    MOCK("mock"),
    RANDOM("random"),
    SYNTHETIC("synthetic"),
    SHARED_PREFIX("shared_prefix"),
    SHAREGPT("shareGPT"),
    CNN_DAILYMAIL("cnn_dailymail"),
    BILLSUM_CONVERSATIONS("billsum_conversations"),
    INFINITY_INSTRUCT("infinity_instruct"),
    CONVERSATION_REPLAY("conversation_replay"),
    VISIONARENA("visionarena"),
    OTEL_TRACE_REPLAY("otel_trace_replay"),
    WEKA_TRACE_REPLAY("weka_trace_replay");

    public final String yamlName;

    DataType(String yamlName) {
      this.yamlName = yamlName;
    }

    /** The types that read rows of a local dataset from data.path. */
    public boolean isDataset() {
      return this == SHAREGPT || this == CNN_DAILYMAIL || this == BILLSUM_CONVERSATIONS || this == INFINITY_INSTRUCT
          || this == VISIONARENA;
    }
  }

  /** Whether requests may carry media (data.multimodal, data.shared_prefix.multimodal, or visionarena's images). */
  public boolean hasMedia() {
    return multimodal != null || sharedPrefix != null && sharedPrefix.multimodal() != null
        || type == DataType.VISIONARENA;
  }

  /** data.visionarena, or its defaults when absent. */
  public VisionArenaConfig visionArenaOrDefaults() {
    return visionArena != null ? visionArena : VisionArenaConfig.defaults();
  }

  /** This section with another data.path (a downloaded copy). */
  public DataConfig withPath(String newPath) {
    return new DataConfig(type, newPath, corpusFilePath, inputDistribution, outputDistribution, useChatTemplate,
        sharedPrefix, traceFile, multimodal, conversationReplay, visionArena, otelTraceReplay, wekaTraceReplay);
  }

  /** This section with other data.weka_trace_replay settings (a downloaded hf_dataset_path). */
  public DataConfig withWekaTraceReplay(WekaReplayConfig settings) {
    return new DataConfig(type, path, corpusFilePath, inputDistribution, outputDistribution, useChatTemplate,
        sharedPrefix, traceFile, multimodal, conversationReplay, visionArena, otelTraceReplay, settings);
  }

  /** This section with other data.visionarena settings (the local copies of hf_data_files' files). */
  public DataConfig withVisionArena(VisionArenaConfig settings) {
    return new DataConfig(type, path, corpusFilePath, inputDistribution, outputDistribution, useChatTemplate,
        sharedPrefix, traceFile, multimodal, conversationReplay, settings, otelTraceReplay, wekaTraceReplay);
  }

  /** The shared_prefix and trace settings in the form the data generators take them. */
  public DataExtensions extensions() {
    return new DataExtensions(sharedPrefix, traceFile, multimodal);
  }

  /** Every key at its default in {@link ConfigSchema}. */
  public static DataConfig defaults() {
    return new DataConfig(DataBinder.byYamlName(SchemaDefaults.string("data.type")), null, null, null, null,
        SchemaDefaults.bool("data.use_chat_template"));
  }
}
