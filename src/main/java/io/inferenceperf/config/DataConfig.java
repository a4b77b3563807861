package io.inferenceperf.config;

/**
 * The {@code data} section.
 *
 * @param sharedPrefix data.shared_prefix, or null when absent (only data.type shared_prefix uses it)
 * @param traceFile data.trace.file (format AzurePublicDataset), or null; only data.type random uses it
 * @param multimodal data.multimodal, or null (data.type synthetic and shared_prefix use it)
 * @param wekaTraceReplay data.weka_trace_replay, or null
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
    WekaReplayConfig wekaTraceReplay) {

  /** A data section without weka_trace_replay settings. */
  public DataConfig(DataType type, String path, String corpusFilePath, Distribution inputDistribution,
      Distribution outputDistribution, boolean useChatTemplate, SharedPrefixConfig sharedPrefix, String traceFile,
      MultimodalConfig multimodal) {
    this(type, path, corpusFilePath, inputDistribution, outputDistribution, useChatTemplate, sharedPrefix, traceFile,
        multimodal, null);
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
    WEKA_TRACE_REPLAY("weka_trace_replay");

    public final String yamlName;

    DataType(String yamlName) {
      this.yamlName = yamlName;
    }

    /** The types that read rows of a local dataset from data.path. */
    public boolean isDataset() {
      return this == SHAREGPT || this == CNN_DAILYMAIL || this == BILLSUM_CONVERSATIONS || this == INFINITY_INSTRUCT;
    }
  }

  /** Whether requests may carry media (data.multimodal or data.shared_prefix.multimodal). */
  public boolean hasMedia() {
    return multimodal != null || sharedPrefix != null && sharedPrefix.multimodal() != null;
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
