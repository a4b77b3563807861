/**
 * Results as a file format: every run streams everything its reports are computed from into
 * {@code results.jsonl.gz} (gzip-compressed JSON Lines, one event per line: a header with the config and settings,
 * each stage's start, every request, each stage's end, the server's metrics, the run's end), flushed every second so a
 * crash keeps all but the last second. {@link io.inferenceperf.results.ResultsReader} replays a file, shifted onto a
 * common timeline, to any {@link io.inferenceperf.results.ResultsListener}: that is how the {@code report} command
 * rebuilds and merges reports, and what sweeps, distributed runs and comparisons read. docs/results.md describes the
 * format for other tools.
 *
 * <p>May import: config, metrics, record, time.
 */
package io.inferenceperf.results;
