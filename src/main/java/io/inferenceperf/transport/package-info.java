/**
 * The HTTP transport: Netty event loops, pooled keep-alive connections, SSE framing on raw bytes, and timestamps
 * taken on the I/O thread as bytes arrive. Knows HTTP and SSE; the OpenAI specifics come from the api package.
 *
 * <ul>
 *   <li>{@link io.inferenceperf.transport.NettyRequestSender} (built from
 *       {@link io.inferenceperf.transport.TransportOptions}): the {@link io.inferenceperf.transport.RequestSender}
 *       the engine uses;
 *   <li>{@link io.inferenceperf.transport.ResponseReader}: the socket-free byte path (HTTP/1.1 parsing, chunked
 *       decoding, SSE framing) that the Netty handler feeds with each read and its arrival time.
 * </ul>
 *
 * <p>Timing contract: the send time is read just before the request is written; each inbound buffer's arrival time
 * is read first thing in channelRead, and every SSE event completed by that buffer carries it.
 *
 * <p>May import: common, record, time.
 */
package io.inferenceperf.transport;
