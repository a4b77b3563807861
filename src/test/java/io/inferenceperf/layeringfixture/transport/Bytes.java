package io.inferenceperf.layeringfixture.transport;

/** A legal class of the fixture's transport. */
public final class Bytes {
  public int length() {
    return 0;
  }
}
