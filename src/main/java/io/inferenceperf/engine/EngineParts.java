package io.inferenceperf.engine;

import io.inferenceperf.time.EngineClock;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * What the engine is made of: where requests go, its clock, its knobs, the stop signal and the live counters, and,
 * for its tests in virtual time, how prepared requests, records and session turns move between threads.
 *
 * @param sources a stage's prepared requests (a preparer thread each in a run)
 * @param recorders carries records to the observer (its own thread in a run, which also collects the sender's
 *     deferred completions on its tick)
 * @param gateWorkers the thread that builds multi-turn session turns (one per stage in a run)
 */
record EngineParts(
    RequestSender sender,
    EngineClock clock,
    EngineOptions options,
    StopSignal stop,
    LiveCounters counters,
    RequestSource.Factory sources,
    Function<RunObserver, RecordSink> recorders,
    IntFunction<ExecutorService> gateWorkers) {

  /** A real run's parts: a preparer thread per stage, a recorder thread, a session-turn thread per stage. */
  static EngineParts threaded(RequestSender sender, EngineClock clock, EngineOptions options, StopSignal stop,
      LiveCounters counters, LongConsumer recorderTickLateness) {
    return new EngineParts(sender, clock, options, stop, counters,
        Preparer.threaded(clock, stop, options.prepareAhead()),
        observer -> new ThreadedRecorder(observer, sender::collectDeferred, recorderTickLateness),
        SessionGate.OWN_THREAD);
  }
}
