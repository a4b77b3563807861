package io.inferenceperf.layeringfixture.api;

import io.inferenceperf.layeringfixture.transport.Bytes;

/** Allowed: the fixture's api reads the fixture's transport. */
public final class Assembler {
  public int size(Bytes bytes) {
    return bytes.length();
  }
}
