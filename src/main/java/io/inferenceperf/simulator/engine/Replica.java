package io.inferenceperf.simulator.engine;

/**
 * One simulated model server instance, bound to one event loop: its engine, prefix cache and seeded generators.
 * With several threads there are several replicas behind one port (data parallelism); connections are spread over
 * them by the event-loop group.
 */
public final class Replica {
  private final int index;
  private final Engine engine;
  private final OutputPlanner outputs;
  private final FaultDrawer faults;
  private long nextId;

  public Replica(int index, Engine engine, OutputPlanner outputs, FaultDrawer faults) {
    this.index = index;
    this.engine = engine;
    this.outputs = outputs;
    this.faults = faults;
  }

  public Engine engine() {
    return engine;
  }

  /** Decides each request's output length (event-loop thread only). */
  public OutputPlanner outputs() {
    return outputs;
  }

  /** Decides each request's injected faults (event-loop thread only). */
  public FaultDrawer faults() {
    return faults;
  }

  /** A fresh request id (event-loop thread only). */
  public String newRequestId() {
    return "sim" + index + "-" + Long.toHexString(0x100000L + nextId++);
  }
}
