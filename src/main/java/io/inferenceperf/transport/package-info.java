/**
 * The HTTP transport: Netty event loops, pooled keep-alive connections, SSE framing on raw bytes, and timestamps
 * taken on the I/O thread as bytes arrive. Knows HTTP and SSE; the OpenAI specifics come from the api package.
 */
package io.inferenceperf.transport;
