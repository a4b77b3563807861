package io.inferenceperf;

import io.inferenceperf.cli.Cli;

/** Entry point of the jar: see {@link Cli}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = Cli.run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }
}
