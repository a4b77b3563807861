package io.inferenceperf.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is an interactive terminal (colours and a self-rewriting progress line) or not. */
final class Terminal {
  private Terminal() {}

  static boolean interactive() {
    if ("dumb".equals(System.getenv("TERM")) || System.getenv("NO_COLOR") != null) return false;
    Console console = System.console();
    if (console == null) return false;
    // JDK 22+ returns a Console even when redirected; isTerminal() tells. Looked up reflectively: we target 21.
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  static int width() {
    try {
      String columns = System.getenv("COLUMNS");
      if (columns != null) return Math.max(40, Integer.parseInt(columns.trim()));
    } catch (NumberFormatException ignored) {
      // fall through to the default
    }
    return 80;
  }
}
