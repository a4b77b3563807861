package io.inferenceperf.config;

/**
 * The parts of the {@code data} section only some data types use, as the data generators take them ({@link
 * DataConfig#extensions()}).
 *
 * @param sharedPrefix data.shared_prefix, or null
 * @param traceFile data.trace.file (format AzurePublicDataset), or null
 */
public record DataExtensions(SharedPrefixConfig sharedPrefix, String traceFile) {
  public static final DataExtensions NONE = new DataExtensions(null, null);
}
