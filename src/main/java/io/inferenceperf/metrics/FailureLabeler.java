package io.inferenceperf.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.record.Failure;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a {@link Failure} into the short label that groups it in {@code failures.by_label}, with inference-perf's
 * rules: HTTP failures become {@code "<code> - <name>"} (a fixed name for 429/500/502/503/504, else a name guessed
 * from the server's error message, else {@code other}); transport failures become Timeout or Connection Error, and
 * our own failure kinds have their own labels (Stream Cut, Protocol Error, Cut At Stage End,
 * Not Sent, Interrupted).
 *
 * <p>Pure and thread-safe.
 */
public final class FailureLabeler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<Integer, String> HTTP_CODE_NAMES =
      Map.of(
          429, "Rate Limit",
          500, "Internal Server Error",
          502, "Bad Gateway",
          503, "Service Unavailable",
          504, "Gateway Timeout");

  private record MessageRule(Pattern pattern, String label) {}

  /** Names for other HTTP codes, guessed from the server's message; the first match wins. */
  private static final List<MessageRule> HTTP_MESSAGE_RULES =
      List.of(
          rule("context[ _.-]?window|context length|maximum context|max[ _.-]?tokens|token[ _.-]?limit",
              "Context Window"),
          rule("invalid[ _.-]?json|json[ _.-]?parse|malformed[ _.-]?json|unexpected[ _.-]?token|expecting value"
                  + "|unterminated string|expecting ',' delimiter",
              "Invalid JSON"),
          rule("timeout|timed[ _.-]?out", "Timeout"),
          rule("model[ _.-]?not[ _.-]?found|no such model", "Model Not Found"));

  private static final Pattern TIMEOUT = Pattern.compile("timeout|timed[ _.-]?out", Pattern.CASE_INSENSITIVE);
  private static final Pattern CONNECTION =
      Pattern.compile("connection[ _.-]?refused|connect", Pattern.CASE_INSENSITIVE);

  private FailureLabeler() {}

  private static MessageRule rule(String regex, String label) {
    return new MessageRule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), label);
  }

  /** The by_label key of a failure. */
  public static String label(Failure failure) {
    return label(failure, conciseMessage(failure.message()));
  }

  /** The by_label key of a failure whose {@link #conciseMessage} is already known. */
  public static String label(Failure failure, String message) {
    return switch (failure.kind()) {
      case HTTP_STATUS -> httpLabel(failure.httpStatus(), message);
      case TIMEOUT -> "Timeout";
      case CONNECTION -> "Connection Error";
      case STREAM_CUT -> "Stream Cut";
      case PROTOCOL -> "Protocol Error";
      case CUT_AT_STAGE_END -> "Cut At Stage End";
      case NOT_SENT -> "Not Sent";
      case INTERRUPTED -> "Interrupted";
      case OTHER -> otherLabel(message);
    };
  }

  /** inference-perf's {@code error_type} string, used in the per-request file. */
  public static String errorType(Failure failure) {
    return switch (failure.kind()) {
      case HTTP_STATUS -> "HTTP Error " + failure.httpStatus();
      case TIMEOUT -> "TimeoutError";
      case CONNECTION -> "ConnectionError";
      case STREAM_CUT -> "StreamCutError";
      case PROTOCOL -> "ProtocolError";
      case CUT_AT_STAGE_END -> "CutAtStageEnd";
      case NOT_SENT -> "NotSent";
      case INTERRUPTED -> "Interrupted";
      case OTHER -> "Error";
    };
  }

  /**
   * The human readable part of an error message: the {@code error.message} (or top-level {@code message}) of an
   * OpenAI-style JSON error body, else the text unchanged. Null becomes the empty string.
   */
  public static String conciseMessage(String raw) {
    if (raw == null) {
      return "";
    }
    String trimmed = raw.strip();
    if (!trimmed.startsWith("{")) {
      return raw;
    }
    try {
      JsonNode body = JSON.readTree(trimmed);
      JsonNode error = body.path("error");
      JsonNode holder = error.isObject() ? error : body;
      JsonNode message = holder.get("message");
      if (message != null && !message.isNull()) {
        return message.isTextual() ? message.asText() : message.toString();
      }
    } catch (Exception notJson) {
      // keep the raw text: a body that only looks like JSON is still the best message we have
    }
    return raw;
  }

  private static String httpLabel(int status, String message) {
    String fixed = HTTP_CODE_NAMES.get(status);
    if (fixed != null) {
      return status + " - " + fixed;
    }
    for (MessageRule rule : HTTP_MESSAGE_RULES) {
      if (rule.pattern().matcher(message).find()) {
        return status + " - " + rule.label();
      }
    }
    return status + " - other";
  }

  private static String otherLabel(String message) {
    if (TIMEOUT.matcher(message).find()) {
      return "Timeout";
    }
    if (CONNECTION.matcher(message).find()) {
      return "Connection Error";
    }
    return "other";
  }
}
