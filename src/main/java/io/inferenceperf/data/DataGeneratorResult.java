package io.inferenceperf.data;

import java.util.List;

/** The outcome of {@link DataGenerators#create}: a ready generator, or every problem found, each naming its key. */
public sealed interface DataGeneratorResult {

  record Ready(DataGenerator generator) implements DataGeneratorResult {}

  record Invalid(List<String> problems) implements DataGeneratorResult {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }
}
