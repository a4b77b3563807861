/**
 * The built-in simulated model server: an OpenAI-compatible HTTP server (vLLM's routes, SSE format, usage and
 * /metrics names) on raw Netty, modelling a continuous-batching engine with a KV-cache budget and a prefix cache,
 * with seeded fault injection and a ground-truth record of what it did.
 *
 * <p>Entry points: {@link io.inferenceperf.simulator.Simulator#start} (in-process, e.g. {@code server.type:
 * simulator} and tests), {@link io.inferenceperf.simulator.SimulatorMain#run} (the {@code simulate} command) and
 * {@link io.inferenceperf.simulator.SimulatorOptions} (every option, from YAML maps or command-line arguments).
 *
 * <p>Threading: each event-loop thread runs its own engine replica; a connection, its requests, their engine and
 * timers all live on one loop, so the engine needs no locks. Metrics and ground truth are shared and thread-safe.
 *
 * <p>Imports: Netty, Jackson, HdrHistogram and the JDK only; never the benchmark client (transport, engine), so
 * the server cannot share the client's bugs.
 *
 * <p>May import: nothing.
 */
package io.inferenceperf.simulator;
