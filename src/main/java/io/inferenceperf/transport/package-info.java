/**
 * The HTTP transport: event loops, pooled keep-alive connections, SSE framing on raw bytes, and arrival times taken
 * before any parsing. Knows HTTP and SSE; the OpenAI specifics come from the api package.
 *
 * <ul>
 *   <li>{@link io.inferenceperf.transport.Transport#open} (from
 *       {@link io.inferenceperf.transport.TransportOptions}) picks the transport: on Linux with a plain-HTTP server,
 *       {@code KernelTransport}, epoll loops of its own that take every send and arrival time from the kernel's
 *       socket timestamps; else {@link io.inferenceperf.transport.HttpTransport} over Netty, stamping each read on
 *       the I/O thread (with TLS, before decryption);
 *   <li>{@link io.inferenceperf.transport.ResponseReader}: the socket-free byte path (HTTP/1.1 parsing, chunked
 *       decoding, SSE framing) that both feed with each read and its arrival time.
 * </ul>
 *
 * <p>The classes that call C through the FFM API ({@code KernelTransport}, {@code KernelLoop}, {@code Posix} and the
 * rest) are in {@code src/main/java22}: the FFM API is final from Java 22, the rest of the tool is Java 21, and
 * {@link io.inferenceperf.transport.NativeIos} loads them by name only on a JVM of 22 or later.
 *
 * <p>Timing contract: the send time is read just before the request is written; each inbound buffer's arrival time
 * is read first thing after the read, and every SSE event completed by that buffer carries it.
 *
 * <p>May import: common, record, time.
 */
package io.inferenceperf.transport;
