/**
 * The simulated server's model of its own work: what each request costs and when its tokens come out.
 *
 * <ul>
 *   <li>{@link io.inferenceperf.simulator.engine.FixedEngine}: exact TTFT and ITL per request, no batching;
 *   <li>{@link io.inferenceperf.simulator.engine.BatchingEngine} over
 *       {@link io.inferenceperf.simulator.engine.BatchScheduler}: continuous batching shaped after vLLM's scheduler
 *       (token budget per step, KV-cache capacity, preemption, chunked prefill), as pure logic on explicit time;
 *   <li>the pieces a request brings: its prompt's token count and block hashes
 *       ({@link io.inferenceperf.simulator.engine.PromptTokenizer}) for the
 *       {@link io.inferenceperf.simulator.engine.PrefixCache}, its output length
 *       ({@link io.inferenceperf.simulator.engine.OutputPlanner}) and injected faults
 *       ({@link io.inferenceperf.simulator.engine.FaultDrawer}), each from its own seeded generator;
 *   <li>{@link io.inferenceperf.simulator.engine.Replica}: one engine with its generators, per event loop.
 * </ul>
 *
 * <p>Engines deliver progress to a {@link io.inferenceperf.simulator.engine.TokenSink} on their event loop; they
 * know nothing of HTTP, JSON or metrics (a batching engine reports each step's size through a callback).
 *
 * <p>Within the simulator it uses {@code options} only; outside it, Netty's event loop (as the timer) and the JDK.
 */
package io.inferenceperf.simulator.engine;
