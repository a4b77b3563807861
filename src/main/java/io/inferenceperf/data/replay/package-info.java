/**
 * Recorded agent sessions for replay (data types otel_trace_replay and weka_trace_replay): each session is a graph
 * of LLM calls ({@link io.inferenceperf.data.replay.ReplaySession}) whose calls wait for the calls they depend on,
 * and whose inputs may carry the live output of those calls. Readers of the trace formats turn files into these
 * records; a data generator hands them over as {@link io.inferenceperf.data.DataGeneratorResult.Replay} (a corpus and
 * its {@link io.inferenceperf.data.replay.ReplayOptions}), and the engine's session replay runs them
 * (docs/session-replay.md). Pure data and parsing, no I/O beyond reading the trace files.
 */
package io.inferenceperf.data.replay;
