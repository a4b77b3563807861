package io.inferenceperf.config;

/**
 * The {@code data} section. Only the data types built so far are accepted by the loader; the others are rejected
 * with "not supported yet".
 */
public record DataConfig(
    DataType type,
    String path,
    String corpusFilePath,
    Distribution inputDistribution,
    Distribution outputDistribution,
    boolean useChatTemplate) {

  public enum DataType {
    MOCK("mock"),
    RANDOM("random"),
    SYNTHETIC("synthetic"),
    SHARED_PREFIX("shared_prefix"),
    SHAREGPT("shareGPT"),
    CNN_DAILYMAIL("cnn_dailymail"),
    BILLSUM_CONVERSATIONS("billsum_conversations"),
    INFINITY_INSTRUCT("infinity_instruct");

    public final String yamlName;

    DataType(String yamlName) {
      this.yamlName = yamlName;
    }
  }

  public static DataConfig defaults() {
    return new DataConfig(DataType.MOCK, null, null, null, null, false);
  }
}
