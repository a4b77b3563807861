/**
 * The built-in simulated model server: an OpenAI-compatible HTTP server (vLLM's routes, SSE format, usage and
 * /metrics names) on raw Netty, modelling a continuous-batching engine with a KV-cache budget and a prefix cache,
 * with seeded fault injection and a ground-truth record of what it did.
 *
 * <p>This package is the facade the rest of the project uses: {@link io.inferenceperf.simulator.Simulator#start}
 * (in-process, e.g. {@code server.type: simulator} and tests) returning a
 * {@link io.inferenceperf.simulator.RunningSimulator}, and {@link io.inferenceperf.simulator.SimulatorMain#run} (the
 * {@code simulate} command). Every option is read by {@link io.inferenceperf.simulator.options.SimulatorOptions}
 * (from YAML maps or command-line arguments); what the server did is in
 * {@link io.inferenceperf.simulator.metrics.GroundTruth}.
 *
 * <p>Sub-packages, each importing only those before it:
 *
 * <ol>
 *   <li>{@code options}: every option, its parsing, checks, profiles and help;
 *   <li>{@code engine}: the model of the server's work on explicit time (fixed delays or continuous batching,
 *       prefix cache, prompt token counts, output lengths, injected faults), Netty's event loop as its only timer;
 *   <li>{@code metrics}: what the server records about itself (the /metrics statistics and their Prometheus text,
 *       the ground truth for tests);
 *   <li>{@code http}: the Netty server, routes, request parsing, SSE and JSON responses, TLS;
 * </ol>
 *
 * and this package wires them together. {@code SimulatorLayeringTest} checks that order.
 *
 * <p>Threading: each event-loop thread runs its own engine replica; a connection, its requests, their engine and
 * timers all live on one loop, so the engine needs no locks. Metrics and ground truth are shared and thread-safe.
 *
 * <p>Outside the project: Netty, Jackson, HdrHistogram and the JDK only. The simulator shares no code with the
 * benchmark client (never transport, api, engine, metrics, config, ...), so the server cannot share the client's
 * bugs; the few helpers both sides need live in {@code common}.
 *
 * <p>May import: common.
 */
package io.inferenceperf.simulator;
