package io.inferenceperf.data;

import io.inferenceperf.record.MediaStats;
import java.util.List;

/**
 * A chat prompt with media: the user message's content parts in order (text woven with media parts) and what the
 * media measure.
 */
public record PromptMedia(List<ContentPart> parts, MediaStats stats) {
  public PromptMedia {
    parts = List.copyOf(parts);
  }
}
