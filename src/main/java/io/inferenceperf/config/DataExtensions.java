package io.inferenceperf.config;

/**
 * The parts of the {@code data} section only some data types use, as the data generators take them ({@link
 * DataConfig#extensions()}).
 *
 * @param sharedPrefix data.shared_prefix, or null
 * @param traceFile data.trace.file (format AzurePublicDataset), or null
 * @param multimodal data.multimodal, or null
 */
public record DataExtensions(SharedPrefixConfig sharedPrefix, String traceFile, MultimodalConfig multimodal) {
  public static final DataExtensions NONE = new DataExtensions(null, null, null);

  /** Extensions without multimodal settings. */
  public DataExtensions(SharedPrefixConfig sharedPrefix, String traceFile) {
    this(sharedPrefix, traceFile, null);
  }
}
