package io.inferenceperf.data.replay;

import io.inferenceperf.data.DataGenerator;
import io.inferenceperf.data.Prompt;

/**
 * A replay corpus as the run's data. Its sessions are replayed as graphs by a trace_session_replay load; as a plain
 * {@link DataGenerator} (the client's warm-up) request i is the first event of session i mod size, its inputs joined
 * into one text with the recorded outputs in place.
 */
public final class ReplayData implements DataGenerator {
  private final ReplayCorpus corpus;
  private final ReplayOptions options;

  public ReplayData(ReplayCorpus corpus, ReplayOptions options) {
    this.corpus = corpus;
    this.options = options;
  }

  public ReplayCorpus corpus() {
    return corpus;
  }

  public ReplayOptions options() {
    return options;
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    if (corpus.size() == 0) return new Prompt("", -1, 1);
    ReplaySession session = corpus.session((int) (index % corpus.size()));
    if (session.events().isEmpty()) return new Prompt("", -1, 1);
    ReplayEvent first = session.events().get(0);
    StringBuilder text = new StringBuilder();
    for (ReplayMessage message : first.messages()) {
      if (!text.isEmpty()) text.append('\n');
      text.append(ReplayText.content(message, session, null));
    }
    return new Prompt(text.toString(), first.recordedInputTokens(), first.maxTokens());
  }

  @Override
  public String describe() {
    return options.description();
  }
}
