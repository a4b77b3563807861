package io.inferenceperf.config;

import java.util.Map;

/**
 * Our extension, the top-level {@code simulator} section: options for the built-in simulator started in-process
 * when {@code server.type: simulator}. Keys are the same as the {@code simulate} command's options (for example
 * {@code profile}, {@code ttft_ms}, {@code itl_ms}); the simulator validates them.
 *
 * @param options the raw option map, keys in snake_case; never null
 */
public record SimulatorSection(Map<String, Object> options) {
  public static SimulatorSection empty() {
    return new SimulatorSection(Map.of());
  }
}
