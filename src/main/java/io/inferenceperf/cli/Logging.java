package io.inferenceperf.cli;

/** Sets the log level of slf4j-simple (on standard error) from inference-perf's --log-level names. */
final class Logging {
  private Logging() {}

  static void configure(String level) {
    String simple = switch (level) {
      case "DEBUG" -> "debug";
      case "WARNING" -> "warn";
      case "ERROR", "CRITICAL" -> "error";
      default -> "info";
    };
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", simple);
    System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
  }
}
