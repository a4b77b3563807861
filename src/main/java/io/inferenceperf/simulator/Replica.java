package io.inferenceperf.simulator;

/**
 * One simulated model server instance, bound to one event loop: its engine, prefix cache and seeded generators.
 * With several threads there are several replicas behind one port (data parallelism); connections are spread over
 * them by the event-loop group.
 */
final class Replica {
  final int index;
  final Engine engine;
  final OutputPlanner outputs;
  final FaultDrawer faults;
  private long nextId;

  Replica(int index, Engine engine, OutputPlanner outputs, FaultDrawer faults) {
    this.index = index;
    this.engine = engine;
    this.outputs = outputs;
    this.faults = faults;
  }

  /** A fresh request id (event-loop thread only). */
  String newRequestId() {
    return "sim" + index + "-" + Long.toHexString(0x100000L + nextId++);
  }
}
