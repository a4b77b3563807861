package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.metrics.InFlightCap;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.OptionsResult;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.time.NanoClock;
import io.inferenceperf.transport.IoPriority;
import io.inferenceperf.transport.TlsSettings;
import io.inferenceperf.transport.TransportOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Pieces of the run command's wiring that are pure decisions on the config, kept apart for testing. */
final class RunSetup {
  private RunSetup() {}

  /** Options for the embedded simulator from the {@code simulator:} section; port 0 picks a free one. */
  static OptionsResult simulatorOptions(Config config) {
    Map<String, Object> options = new LinkedHashMap<>(config.simulator().options());
    options.putIfAbsent("host", "127.0.0.1");
    options.put("port", 0);
    if (config.server().modelName() != null) options.putIfAbsent("model", config.server().modelName());
    // The embedded simulator serves load.lora_traffic_split's adapters unless its section names others.
    List<String> adapters = config.load().loraTrafficSplit().stream().map(a -> a.name()).toList();
    if (!adapters.isEmpty()) options.putIfAbsent("lora_adapters", adapters);
    return SimulatorOptions.fromMap(options);
  }

  /** Problems of the {@code simulator:} section, each prefixed with its key path, for exit status 2. */
  static List<String> simulatorProblems(Config config) {
    if (!config.server().type().inProcess()) {
      return config.simulator().options().isEmpty()
          ? List.of()
          : List.of("simulator: this section is only used with server.type: simulator (got "
              + config.server().type().yamlName + "); remove it or set server.type: simulator");
    }
    List<String> out = new ArrayList<>();
    if (simulatorOptions(config) instanceof OptionsResult.Problems p) {
      for (String problem : p.problems()) out.add("simulator: " + problem);
    }
    return out;
  }

  static RunningSimulator startSimulator(Config config) {
    return Simulator.start(simulatorOptions(config).orThrow());
  }

  /** The client's in-flight cap as {@link #transport} sets it up. */
  static InFlightCap inFlightCap(Config config) {
    LoadConfig load = config.load();
    return new InFlightCap(Math.max(1, load.numWorkers()),
        load.type() == LoadConfig.LoadType.CONCURRENT ? 0 : Math.max(0, load.workerMaxConcurrency()),
        Math.max(1, load.workerMaxTcpConnections()));
  }

  static TransportOptions transport(Config config, String baseUrl) {
    LoadConfig load = config.load();
    return new TransportOptions(
        baseUrl,
        Math.max(1, load.numWorkers()),
        Math.max(1, load.workerMaxTcpConnections()),
        // A concurrent stage keeps exactly its concurrency_level in flight itself; a per-loop cap could only
        // distort it, so it is lifted (inference-perf does the same).
        load.type() == LoadConfig.LoadType.CONCURRENT ? 0 : Math.max(0, load.workerMaxConcurrency()),
        nanos(load.connectTimeoutSeconds()),
        nanos(load.headerTimeoutSeconds()),
        nanos(load.idleStreamTimeoutSeconds()),
        load.requestTimeoutSeconds() == null ? 0 : nanos(load.requestTimeoutSeconds()),
        NanoClock.SYSTEM,
        TransportOptions.defaultSendAheadNanos(),
        true,
        tls(config),
        TransportOptions.KernelTimestamps.valueOf(load.kernelTimestamps().toUpperCase(Locale.ROOT)),
        IoPriority.fromConfig(load.ioPriority()));
  }

  /** Whether the server is reached over TLS. */
  static boolean https(String baseUrl) {
    return baseUrl.regionMatches(true, 0, "https://", 0, 8);
  }

  /** TLS trust (SSL_CERT_FILE) and client certificate (server.cert_path, key_path) for an https base_url. */
  static TlsSettings tls(Config config) {
    return TlsSettings.from(System.getenv(), config.server().certPath(), config.server().keyPath());
  }

  static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }
}
