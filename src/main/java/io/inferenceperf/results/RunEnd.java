package io.inferenceperf.results;

import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.record.Status;

/**
 * The run ended: the last line of a complete results file.
 *
 * @param resources what the client process cost from its start, or null when not measured
 */
public record RunEnd(Status status, ClientResources.Usage resources) {}
