package io.inferenceperf.simulator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.simulator.engine.Replica;
import io.inferenceperf.simulator.metrics.GroundTruth;
import io.inferenceperf.simulator.metrics.ServerMetrics;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.netty.channel.EventLoop;
import java.util.Map;

/**
 * What every connection of one running simulator shares: the options, the per-event-loop replicas, and the
 * thread-safe metrics and ground truth.
 */
public final class SimContext {
  final SimulatorOptions options;
  final ServerMetrics metrics;
  final GroundTruth truth;
  final ObjectMapper json = new ObjectMapper();
  final long createdEpochSeconds = System.currentTimeMillis() / 1000;
  private final Map<EventLoop, Replica> replicas;

  public SimContext(SimulatorOptions options, ServerMetrics metrics, GroundTruth truth, Map<EventLoop, Replica> replicas) {
    this.options = options;
    this.metrics = metrics;
    this.truth = truth;
    this.replicas = replicas;
  }

  /** The shared ground truth. */
  public GroundTruth truth() {
    return truth;
  }

  Replica replicaFor(EventLoop loop) {
    Replica replica = replicas.get(loop);
    if (replica == null) {
      throw new IllegalStateException("no engine replica for event loop " + loop);
    }
    return replica;
  }

  /** Whether {@code model} names the base model or one of the LoRA adapters. */
  boolean servesModel(String model) {
    return model.equals(options.model()) || options.loraAdapters().contains(model);
  }
}
