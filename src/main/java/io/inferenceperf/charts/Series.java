package io.inferenceperf.charts;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a panel: its points in drawing order. Points with a missing (NaN) coordinate are dropped when added.
 *
 * @param dashed percentile lines are dashed, means solid
 */
public record Series(String name, List<Point> points, boolean dashed) {

  public record Point(double x, double y) {}

  public Series {
    points = List.copyOf(points);
  }

  /** Collects points, skipping those with a missing coordinate. */
  static final class Builder {
    private final String name;
    private final boolean dashed;
    private final List<Point> points = new ArrayList<>();

    Builder(String name, boolean dashed) {
      this.name = name;
      this.dashed = dashed;
    }

    Builder add(double x, double y) {
      if (!Double.isNaN(x) && !Double.isNaN(y)) points.add(new Point(x, y));
      return this;
    }

    Series build() {
      return new Series(name, points, dashed);
    }
  }
}
