package io.inferenceperf.engine;

import io.inferenceperf.record.RequestRecord;
import java.util.function.Consumer;

/**
 * A completion callback that may run some milliseconds after its exchange ended: nothing waits for it to send the
 * next request (open-loop stages, whose records only go to the recorder, itself a batch collector). A sender may then
 * deliver such records in batches from a thread that wakes on its own tick, instead of waking a thread per request;
 * every other callback is delivered at once (a closed loop's next request is due when the last one ended).
 */
@FunctionalInterface
public interface DeferrableCompletion extends Consumer<RequestRecord> {}
