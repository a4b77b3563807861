package io.inferenceperf.transport;

import java.util.Map;

/** Readable names of the socket errors the kernel transport meets, for failure messages. */
final class Errnos {
  private Errnos() {}

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(32, "Broken pipe"),
      Map.entry(101, "Network is unreachable"),
      Map.entry(103, "Software caused connection abort"),
      Map.entry(104, "Connection reset by peer"),
      Map.entry(110, "Connection timed out"),
      Map.entry(111, "Connection refused"),
      Map.entry(113, "No route to host"));

  /** "Connection refused (errno 111)", or "errno N" for one without a name here. */
  static String describe(int errno) {
    String name = NAMES.get(errno);
    return name == null ? "errno " + errno : name + " (errno " + errno + ")";
  }
}
