package io.inferenceperf.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.Optional;

/**
 * A model's own tokenizer from Hugging Face tokenizer files, run by the Rust {@code tokenizers} library (through
 * DJL), so ids match the server's {@code transformers}/{@code tokenizers} exactly. Truncation and padding are off.
 * Thread-safe.
 */
public final class HfTokenizer implements Tokenizer {

  private final String name;
  private final HuggingFaceTokenizer native_;
  private final int[] ordinaryIds;
  private final ChatTemplate chatTemplate;

  HfTokenizer(String name, HuggingFaceTokenizer nativeTokenizer, int[] ordinaryIds, ChatTemplate chatTemplate) {
    this.name = name;
    this.native_ = nativeTokenizer;
    this.ordinaryIds = ordinaryIds;
    this.chatTemplate = chatTemplate;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean exact() {
    return true;
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    long[] ids = native_.encode(text, addSpecialTokens, false).getIds();
    int[] result = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      result[i] = (int) ids[i];
    }
    return result;
  }

  @Override
  public String decode(int[] ids) {
    long[] wide = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      wide[i] = ids[i];
    }
    return native_.decode(wide, true);
  }

  @Override
  public int[] ordinaryTokenIds() {
    return ordinaryIds;
  }

  @Override
  public Optional<ChatTemplate> chatTemplate() {
    return Optional.ofNullable(chatTemplate);
  }
}
