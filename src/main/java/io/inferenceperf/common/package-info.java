/**
 * The little code that the benchmark client and the simulator both need, and nothing else: the simulator shares no
 * other code with the client (so that the server cannot share the client's bugs), and the client's packages share
 * with the simulator only what is here.
 *
 * <ul>
 *   <li>{@link io.inferenceperf.common.Suggestions}: "did you mean ...?" for misspelt config keys, flags, enum
 *       values and simulator options;
 *   <li>{@link io.inferenceperf.common.Pem}: PEM certificates and PKCS#8 keys into key stores, for the client's
 *       https (SSL_CERT_FILE, server.cert_path) and the simulator's mTLS (tls_client_ca);
 *   <li>{@link io.inferenceperf.common.RecordFilter}: the safe interpreter of inference-perf's Python lambda record
 *       filters (data.otel_trace_replay.filter), which config checks and data applies.
 * </ul>
 *
 * <p>Pure JDK code with no state; nothing here measures, times or formats anything a report shows.
 *
 * <p>May import: nothing.
 */
package io.inferenceperf.common;
