package io.inferenceperf.metrics;

/**
 * How the run measured, stated in each report's "measurement" block so readers know what the numbers mean.
 *
 * @param tokenizerName the client tokenizer's name ({@code Tokenizer.name()}), or null when none was used
 * @param perTokenTimestamps true when each chunk's tokens were counted, so ITL is per token; false when every chunk
 *     counted as one token, so ITL is per chunk
 * @param kernelTimestamps true when the transport took arrival (and send) times from the kernel's socket timestamps,
 *     false when from the I/O thread's clock as it read (and wrote) the bytes
 * @param ioPriority how the I/O threads were scheduled ({@code realtime (SCHED_FIFO)} or {@code normal}), or null
 *     when not known (results written before it was recorded)
 */
public record MeasurementSetup(String tokenizerName, boolean perTokenTimestamps, boolean kernelTimestamps,
    String ioPriority) {

  public MeasurementSetup(String tokenizerName, boolean perTokenTimestamps, boolean kernelTimestamps) {
    this(tokenizerName, perTokenTimestamps, kernelTimestamps, null);
  }

  /** A setup with user-space timestamps. */
  public MeasurementSetup(String tokenizerName, boolean perTokenTimestamps) {
    this(tokenizerName, perTokenTimestamps, false);
  }

  public String itlGranularity() {
    return perTokenTimestamps ? "per_token" : "per_chunk";
  }

  /** The same setup with {@code kernel} timestamps or not. */
  public MeasurementSetup withKernelTimestamps(boolean kernel) {
    return new MeasurementSetup(tokenizerName, perTokenTimestamps, kernel, ioPriority);
  }

  /** The same setup with the I/O threads' scheduling as the reports say it. */
  public MeasurementSetup withIoPriority(String priority) {
    return new MeasurementSetup(tokenizerName, perTokenTimestamps, kernelTimestamps, priority);
  }

  /** Where arrival times come from, as the reports say it. */
  public String arrivalTimestamps() {
    return kernelTimestamps ? "kernel_receive_timestamp" : "user_space_read";
  }

  /** Where send times come from, as the reports say it. */
  public String sendTimestamps() {
    return kernelTimestamps ? "kernel_transmit_timestamp" : "user_space_before_write";
  }
}
