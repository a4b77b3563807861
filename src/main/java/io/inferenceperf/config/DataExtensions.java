package io.inferenceperf.config;

/**
 * Parts of the {@code data} section that {@link DataConfig} does not carry yet.
 *
 * @param sharedPrefix data.shared_prefix, or null
 * @param traceFile data.trace.file (format AzurePublicDataset), or null
 */
public record DataExtensions(SharedPrefixConfig sharedPrefix, String traceFile) {
  public static final DataExtensions NONE = new DataExtensions(null, null);
}
