package io.inferenceperf.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Passes text on line by line, each line with a prefix and written whole, so the logs of several pods followed at
 * once interleave by line, never within one.
 */
final class PrefixedLines extends OutputStream {
  private final PrintStream target;
  private final String prefix;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  PrefixedLines(PrintStream target, String prefix) {
    this.target = target;
    this.prefix = prefix;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) write(bytes[i]);
  }

  @Override
  public synchronized void flush() {
    target.flush();
  }

  @Override
  public synchronized void close() {
    if (line.size() > 0) emit();
    target.flush();
  }

  private void emit() {
    target.println(prefix + line.toString(java.nio.charset.StandardCharsets.UTF_8));
    line.reset();
  }
}
