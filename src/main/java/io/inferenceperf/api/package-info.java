/**
 * API formats: OpenAI completion and chat request bodies, and decoding of their responses and SSE chunks. Pure: no
 * I/O, no threads.
 *
 * <ul>
 *   <li>{@link io.inferenceperf.api.RequestBuilder}: (api, server config, model, prompt) to a
 *       {@link io.inferenceperf.record.PreparedRequest}, ahead of time and off the I/O threads;
 *   <li>{@link io.inferenceperf.api.ChunkDecoder}: Jackson streaming decode of one chunk or body into a reused
 *       {@link io.inferenceperf.api.DecodedChunk} (content, reasoning, usage, finish reason, errors);
 *   <li>{@link io.inferenceperf.api.ResponseAssembler}: one exchange's observations (send time, status, body,
 *       events with arrival times) to its {@link io.inferenceperf.record.RequestRecord}, with the token counting
 *       rules: a chunk carries tokens when it has content or reasoning text; role-only and usage-only chunks do not.
 * </ul>
 *
 * <p>May import: config, data, engine, record, time, tokenizer, transport.
 */
package io.inferenceperf.api;
