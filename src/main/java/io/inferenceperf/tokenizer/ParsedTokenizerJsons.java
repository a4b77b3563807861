package io.inferenceperf.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The tokenizer.json files this JVM has parsed, by the SHA-256 of their bytes: parsing a large vocabulary twice
 * (the native tokenizer and the list of ordinary ids) costs seconds, and a second run in the same process (the tests
 * run hundreds, a sweep several) loads the same file again. Keyed by content, never by path or name: a file changed
 * in any byte is parsed anew, and a file that fails to parse is never kept, so it fails again the same way.
 */
final class ParsedTokenizerJsons {

  /** What parsing tokenizer.json yields; both parts are only read afterwards (the native tokenizer is thread-safe). */
  record Parsed(HuggingFaceTokenizer nativeTokenizer, int[] ordinaryIds) {}

  /** A few models at most: a run loads one; the least recently used is dropped (the GC frees it when unused). */
  private static final int MAX_ENTRIES = 4;

  private static final Map<String, Parsed> BY_DIGEST = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  private ParsedTokenizerJsons() {}

  /** The parsed form of {@code content}: kept from an earlier parse of the same bytes, else {@code parse}'s. */
  static Parsed parsed(byte[] content, Function<byte[], Parsed> parse) {
    String digest = sha256(content);
    synchronized (BY_DIGEST) {
      Parsed kept = BY_DIGEST.get(digest);
      if (kept != null) return kept;
    }
    Parsed fresh = parse.apply(content); // outside the lock: seconds for a large vocabulary
    synchronized (BY_DIGEST) {
      BY_DIGEST.putIfAbsent(digest, fresh);
    }
    return fresh;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
