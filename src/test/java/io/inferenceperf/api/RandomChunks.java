package io.inferenceperf.api;

import java.util.SplittableRandom;

/**
 * Random, mostly well-formed chunks built from the fields OpenAI-compatible servers send, in random order, with
 * random whitespace and values of every kind (tricky strings, numbers of every form and size, nulls, nested
 * structures, errors and tool calls now and then).
 */
final class RandomChunks {

  private static final String[] STRINGS = {
    "", " the", "café", "日本語", "😀", "\\\"quoted\\\"", "line\\nbreak", "\\u00e9", "\\uD83D\\uDE00", "\\ud800",
    "\\/\\b\\f\\r\\t\\\\", "stop", "length", "error", "tool_calls", "content_filter", "abort", "eos_token", "a\\u0000b",
    "Ω≈ç√", "\\u20ac100", "x".repeat(300)
  };
  private static final String[] NUMBERS = {
    "0", "-0", "7", "-12", "999999999", "1000000000", "2147483647", "-2147483648", "12345678901234", "1.5", "-0.25",
    "1e3", "2E-2", "3.0e+10", "0.0"
  };

  private final SplittableRandom random;

  RandomChunks(SplittableRandom random) {
    this.random = random;
  }

  String chunk() {
    StringBuilder out = new StringBuilder();
    ws(out);
    out.append('{');
    int fields = random.nextInt(7);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        out.append(',');
      }
      switch (random.nextInt(12)) {
        case 0, 1, 2, 3 -> field(out, "choices", choices());
        case 4, 5 -> field(out, "usage", usage());
        case 6 -> field(out, "object", oneOf("\"chat.completion.chunk\"", "\"text_completion\"", "\"error\"", "null"));
        case 7 -> field(out, "error",
            oneOf("null", "false", "\"boom\"", "{\"message\":\"m\",\"code\":" + number() + "}"));
        case 8 -> field(out, "code", value(1));
        case 9 -> field(out, "message", value(1));
        default -> field(out, oneOf("id", "created", "model", "system_fingerprint", "service_tier"), value(2));
      }
    }
    ws(out);
    out.append('}');
    ws(out);
    return out.toString();
  }

  private String choices() {
    if (random.nextInt(10) == 0) {
      return value(1);
    }
    StringBuilder out = new StringBuilder("[");
    int count = random.nextInt(10) == 0 ? 2 : random.nextInt(10) == 0 ? 0 : 1;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(choice());
    }
    return out.append(']').toString();
  }

  private String choice() {
    StringBuilder out = new StringBuilder("{");
    int fields = 1 + random.nextInt(5);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        out.append(',');
      }
      switch (random.nextInt(6)) {
        case 0 -> field(out, "text", textValue());
        case 1, 2 -> field(out, oneOf("delta", "message"), message());
        case 3 -> field(out, "finish_reason", random.nextInt(3) == 0 ? "null" : string());
        case 4 -> field(out, "index", number());
        default -> field(out, oneOf("logprobs", "stop_reason", "matched_stop"), value(3));
      }
    }
    return out.append('}').toString();
  }

  private String message() {
    if (random.nextInt(10) == 0) {
      return value(1);
    }
    StringBuilder out = new StringBuilder("{");
    int fields = random.nextInt(4);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        out.append(',');
      }
      switch (random.nextInt(5)) {
        case 0, 1 -> field(out, "content", textValue());
        case 2 -> field(out, oneOf("reasoning_content", "reasoning"), textValue());
        case 3 -> field(out, "tool_calls", oneOf("null", "[]",
            "[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":" + string() + "}}]"));
        default -> field(out, "role", oneOf("\"assistant\"", "null"));
      }
    }
    return out.append('}').toString();
  }

  private String usage() {
    if (random.nextInt(5) == 0) {
      return value(1);
    }
    StringBuilder out = new StringBuilder("{");
    int fields = random.nextInt(5);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        out.append(',');
      }
      switch (random.nextInt(5)) {
        case 0 -> field(out, "prompt_tokens", countValue());
        case 1 -> field(out, "completion_tokens", countValue());
        case 2 -> field(out, "total_tokens", countValue());
        case 3 -> field(out, "prompt_tokens_details", random.nextInt(4) == 0 ? value(1)
            : "{\"cached_tokens\":" + countValue() + ",\"audio_tokens\":0}");
        default -> field(out, "completion_tokens_details", value(2));
      }
    }
    return out.append('}').toString();
  }

  private String textValue() {
    return random.nextInt(8) == 0 ? value(1) : string();
  }

  private String countValue() {
    return random.nextInt(6) == 0 ? value(1) : number();
  }

  /** Any JSON value, nested up to {@code depth} more levels. */
  private String value(int depth) {
    int kind = random.nextInt(depth > 0 ? 7 : 5);
    return switch (kind) {
      case 0 -> string();
      case 1 -> number();
      case 2 -> "null";
      case 3 -> "true";
      case 4 -> "false";
      case 5 -> "[" + value(depth - 1) + "," + value(depth - 1) + "]";
      default -> "{\"k\":" + value(depth - 1) + "}";
    };
  }

  private String string() {
    return "\"" + STRINGS[random.nextInt(STRINGS.length)] + "\"";
  }

  private String number() {
    return NUMBERS[random.nextInt(NUMBERS.length)];
  }

  private void field(StringBuilder out, String name, String value) {
    ws(out);
    out.append('"').append(name).append('"');
    ws(out);
    out.append(':');
    ws(out);
    out.append(value);
    ws(out);
  }

  private void ws(StringBuilder out) {
    if (random.nextInt(6) == 0) {
      out.append(oneOf(" ", "\n", "\t ", "\r\n  "));
    }
  }

  private String oneOf(String... options) {
    return options[random.nextInt(options.length)];
  }
}
