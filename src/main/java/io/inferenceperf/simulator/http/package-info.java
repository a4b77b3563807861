/**
 * The simulated server's HTTP side on raw Netty: {@link io.inferenceperf.simulator.http.HttpListener} (the socket,
 * each connection's pipeline, TLS and mTLS, the refuse fault), the router of one connection (pipelined requests
 * answered in order), the completion routes (request parsing and checks, then a responder that turns the engine's
 * progress into vLLM-shaped SSE events or one JSON body, recording metrics and ground truth as bytes are written),
 * and the small GET routes (/v1/models, /health, /version, /metrics, /debug/truth).
 *
 * <p>Every request's timestamps are {@code System.nanoTime()} on the connection's event loop: arrival when its head
 * is decoded, token times when their bytes are written.
 *
 * <p>Within the simulator it uses {@code options}, {@code engine} and {@code metrics}; from the project, only
 * {@code common} (PEM files); outside it, Netty, Jackson and the JDK.
 */
package io.inferenceperf.simulator.http;
