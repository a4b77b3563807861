package io.inferenceperf.data.replay;

/** A recorded session that cannot be replayed: the message names the file, the place and the problem. */
public final class ReplayFormatException extends RuntimeException {
  public ReplayFormatException(String message) {
    super(message);
  }
}
