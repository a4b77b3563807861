package io.inferenceperf.api;

import io.inferenceperf.tokenizer.Tokenizer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test-only tokenizer: one token per whitespace-separated word (plus one BOS with special tokens). The project's
 * real tokenizers live in another package and are built in parallel; this stand-in makes counts easy to predict.
 * It records the thread of the last call so tests can check counting stays off the I/O threads.
 */
public final class WordTokenizer implements Tokenizer {
  public final AtomicReference<String> lastThread = new AtomicReference<>();

  @Override
  public String name() {
    return "test-words";
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    lastThread.set(Thread.currentThread().getName());
    String stripped = text.strip();
    int words = stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    return new int[words + (addSpecialTokens ? 1 : 0)];
  }

  @Override
  public String decode(int[] ids) {
    throw new UnsupportedOperationException("not needed by the transport");
  }

  @Override
  public boolean exact() {
    return false;
  }
}
