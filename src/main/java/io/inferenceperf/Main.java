package io.inferenceperf;

import io.inferenceperf.cli.Cli;

/** Entry point of the jar: see {@link Cli}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    quietLeakDetection();
    int code = Cli.run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Netty's buffer leak detector samples buffers and records a stack trace at each touch of a sampled one: a
   * measurable CPU cost per SSE event (docs/performance.md, "Profiles"). The tool's buffers are released in one
   * place (the connection handler), which the tests cover with the detector on; the shipped tool turns it off
   * unless -Dio.netty.leakDetection.level asks otherwise.
   */
  static void quietLeakDetection() {
    // A property, not ResourceLeakDetector.setLevel: touching Netty here would start the logging system before
    // --log-level is applied.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      System.setProperty("io.netty.leakDetection.level", "disabled");
    }
  }
}
