package io.inferenceperf.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses load.distributed.start_at: seconds since the epoch (a decimal fraction allowed) or an ISO-8601 instant. */
final class StartInstant {
  private StartInstant() {}

  /** Milliseconds since the epoch, or null when {@code text} is neither form. */
  static Long parseEpochMillis(String text) {
    String value = text.trim();
    try {
      return new BigDecimal(value).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    } catch (NumberFormatException | ArithmeticException notSeconds) {
      try {
        return Instant.parse(value).toEpochMilli();
      } catch (DateTimeParseException notIso) {
        return null;
      }
    }
  }
}
