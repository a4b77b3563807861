package io.inferenceperf.charts;

import java.util.List;

/** One PNG file: a title over subplots side by side. */
public record Figure(String fileName, String title, List<Panel> panels) {

  public Figure {
    panels = List.copyOf(panels);
  }
}
