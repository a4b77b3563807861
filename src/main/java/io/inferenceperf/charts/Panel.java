package io.inferenceperf.charts;

import java.util.List;

/** One subplot: a title, axis labels with units, and its lines (empty lines are left out). */
public record Panel(String title, String xLabel, String yLabel, List<Series> series) {

  public Panel {
    series = series.stream().filter(s -> !s.points().isEmpty()).toList();
  }

  public int pointCount() {
    return series.stream().mapToInt(s -> s.points().size()).sum();
  }
}
