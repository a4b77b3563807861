package io.inferenceperf.data;

import io.inferenceperf.data.replay.ReplayCorpus;
import io.inferenceperf.data.replay.ReplayOptions;
import java.util.List;

/** The outcome of {@link DataGenerators#create}: a ready generator, or every problem found, each naming its key. */
public sealed interface DataGeneratorResult {

  record Ready(DataGenerator generator) implements DataGeneratorResult {}

  /**
   * Recorded agent sessions (otel_trace_replay, weka_trace_replay): each session a graph of LLM calls, replayed by a
   * trace_session_replay load ({@link io.inferenceperf.data.replay.ReplayData} is their generator).
   */
  record Replay(ReplayCorpus corpus, ReplayOptions options) implements DataGeneratorResult {}

  record Invalid(List<String> problems) implements DataGeneratorResult {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }
}
