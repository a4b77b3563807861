package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** --help says each thing once: one exit-status line, one header for the config keys. */
class HelpTextTest {

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) count++;
    return count;
  }

  @Test
  void exitStatusAndConfigKeysHeaderAppearOnce() {
    String help = Cli.usage();
    assertEquals(1, occurrences(help.toLowerCase(java.util.Locale.ROOT), "exit status"), help);
    assertEquals(1, occurrences(help, "Config keys"), help);
    assertEquals(1, occurrences(help, "Exit status: 0 success, 1 the run failed, 2 configuration error"), help);
  }
}
