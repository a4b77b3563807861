package io.inferenceperf.layeringfixture.transport;

import io.inferenceperf.layeringfixture.api.Assembler;

/** The forbidden import the layering test must catch: a transport that knows the API layer. */
public final class LeakyTransport {
  public int decode(Bytes bytes) {
    return new Assembler().size(bytes);
  }
}
