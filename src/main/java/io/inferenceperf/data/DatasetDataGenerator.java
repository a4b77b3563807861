package io.inferenceperf.data;

import io.inferenceperf.config.Distribution;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Prompts from a dataset's rows, in file order, cycling when the rows run out (inference-perf cycles all but
 * infinity_instruct, which stops; we cycle it too). Rows whose prompt or completion token count falls outside
 * [min, max] of data.input_distribution / data.output_distribution are dropped up front (only min and max are
 * used, as inference-perf filters). max_tokens is the completion's token count, for both APIs.
 */
final class DatasetDataGenerator implements DataGenerator {

  private final String name;
  private final List<Prompt> prompts;
  private final int rowsRead;

  private DatasetDataGenerator(String name, List<Prompt> prompts, int rowsRead) {
    this.name = name;
    this.prompts = prompts;
    this.rowsRead = rowsRead;
  }

  /** Counts and filters every row (in parallel); null when no row passes the filters. */
  static DatasetDataGenerator of(String name, List<DatasetRow> rows, Tokenizer tokenizer, PromptFormat format,
      Distribution inputFilter, Distribution outputFilter) {
    List<Prompt> prompts = IntStream.range(0, rows.size()).parallel()
        .mapToObj(i -> accepted(rows.get(i), tokenizer, format, inputFilter, outputFilter))
        .filter(Objects::nonNull).toList();
    return prompts.isEmpty() ? null : new DatasetDataGenerator(name, prompts, rows.size());
  }

  private static Prompt accepted(DatasetRow row, Tokenizer tokenizer, PromptFormat format, Distribution inputFilter,
      Distribution outputFilter) {
    int completionTokens = tokenizer.countTokens(row.completion(), false);
    if (!within(outputFilter, completionTokens) || completionTokens == 0) {
      return null;
    }
    int promptTokens = tokenizer.countTokens(row.prompt(), false);
    if (!within(inputFilter, promptTokens)) {
      return null;
    }
    return format.prompt(row.prompt(), tokenizer, completionTokens);
  }

  private static boolean within(Distribution filter, int tokens) {
    return filter == null || (tokens >= filter.min() && tokens <= filter.max());
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    return prompts.get((int) (index % prompts.size()));
  }

  @Override
  public String describe() {
    return name + " (" + prompts.size() + " of " + rowsRead + " rows pass the length filters)";
  }
}
