package io.inferenceperf.servermetrics;

import io.inferenceperf.servermetrics.FieldResult.CounterStats;
import io.inferenceperf.servermetrics.FieldResult.Failed;
import io.inferenceperf.servermetrics.FieldResult.GaugeStats;
import io.inferenceperf.servermetrics.FieldResult.HistogramStats;
import io.inferenceperf.servermetrics.FieldResult.Missing;
import io.inferenceperf.servermetrics.MetricReader.CounterReading;
import io.inferenceperf.servermetrics.MetricReader.GaugeReading;
import io.inferenceperf.servermetrics.MetricReader.HistogramReading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Resolves metric names once, then reads every field of every window through a {@link MetricReader}. */
final class WindowEvaluator {
  private final MetricReader reader;
  private final List<MetricSpec> specs;
  private final ExecutorService executor;

  WindowEvaluator(MetricReader reader, List<MetricSpec> specs, ExecutorService executor) {
    this.reader = reader;
    this.specs = List.copyOf(specs);
    this.executor = executor;
  }

  /**
   * Finds, for each field, the first candidate name with samples in {@code runWindow}. A lookup failure becomes a
   * {@link Failed} entry; no candidate becomes {@link Missing}; found names map to null values here and are kept
   * in {@code namesOut}.
   */
  Map<String, FieldResult> resolve(QueryWindow runWindow, Map<String, String> namesOut) {
    Map<String, Future<Optional<String>>> lookups = new LinkedHashMap<>();
    for (MetricSpec spec : specs) {
      lookups.put(spec.field(), executor.submit(() -> reader.resolve(spec, runWindow)));
    }
    Map<String, FieldResult> unresolved = new LinkedHashMap<>();
    for (MetricSpec spec : specs) {
      try {
        Optional<String> name = lookups.get(spec.field()).get();
        if (name.isPresent()) {
          namesOut.put(spec.field(), name.get());
        } else {
          unresolved.put(spec.field(), new Missing(spec.candidateNames()));
        }
      } catch (ExecutionException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        unresolved.put(spec.field(), new Failed(null, "metric lookup failed: " + describe(e)));
      }
    }
    return unresolved;
  }

  /**
   * Reads one window; never throws for metric problems.
   *
   * @param extraErrors problems of the whole collection (scrape failures) to list in this window too
   * @param extraWarnings notes of the whole collection (last scrape not seen) to list in this window too
   */
  WindowMetrics evaluate(
      Integer stageId,
      QueryWindow window,
      Map<String, String> names,
      Map<String, FieldResult> unresolved,
      List<String> extraErrors,
      List<String> extraWarnings) {
    Map<String, Future<FieldResult>> reads = new LinkedHashMap<>();
    for (MetricSpec spec : specs) {
      String name = names.get(spec.field());
      if (name != null) {
        reads.put(spec.field(), executor.submit(() -> read(spec, name, window)));
      }
    }
    Map<String, FieldResult> fields = new LinkedHashMap<>();
    LinkedHashSet<String> errors = new LinkedHashSet<>(extraErrors);
    List<String> warnings = new ArrayList<>(extraWarnings);
    for (MetricSpec spec : specs) {
      FieldResult result = unresolved.get(spec.field());
      if (result == null) {
        result = join(reads.get(spec.field()), names.get(spec.field()));
      }
      fields.put(spec.field(), result);
      if (result instanceof Failed failed) {
        errors.add(failed.error());
      }
      if (wasReset(result)) {
        warnings.add(
            result.metricName()
                + " was reset inside the window (server restart?); counted across the reset from raw samples");
      }
    }
    return new WindowMetrics(stageId, window, fields, new ArrayList<>(errors), warnings);
  }

  /** The summary and every stage, with the same names and collection-wide notes. */
  PrometheusReports evaluateAll(
      ReportShape.Context context,
      QueryWindow runWindow,
      Map<Integer, QueryWindow> stageWindows,
      Map<String, String> names,
      Map<String, FieldResult> unresolved,
      List<String> errors,
      List<String> warnings) {
    WindowMetrics summary = evaluate(null, runWindow, names, unresolved, errors, warnings);
    List<WindowMetrics> stages = new ArrayList<>();
    stageWindows.forEach((id, w) -> stages.add(evaluate(id, w, names, unresolved, errors, warnings)));
    return new PrometheusReports(context, summary, stages);
  }

  /** Reports in which nothing could be read, all carrying {@code error}. */
  PrometheusReports allFailed(
      ReportShape.Context context, QueryWindow runWindow, Map<Integer, QueryWindow> stageWindows, String error) {
    WindowMetrics summary = failed(null, runWindow, error, List.of());
    List<WindowMetrics> stages = new ArrayList<>();
    stageWindows.forEach((id, w) -> stages.add(failed(id, w, error, List.of())));
    return new PrometheusReports(context, summary, stages);
  }

  /** A window where nothing could be read: every field failed with {@code error}. */
  WindowMetrics failed(Integer stageId, QueryWindow window, String error, List<String> extraErrors) {
    Map<String, FieldResult> fields = new LinkedHashMap<>();
    for (MetricSpec spec : specs) {
      fields.put(spec.field(), new Failed(null, error));
    }
    LinkedHashSet<String> errors = new LinkedHashSet<>(extraErrors);
    errors.add(error);
    return new WindowMetrics(stageId, window, fields, new ArrayList<>(errors), List.of());
  }

  private FieldResult read(MetricSpec spec, String name, QueryWindow window) {
    try {
      return switch (spec.kind()) {
        case COUNTER -> counterStats(name, reader.counter(name, window), window);
        case HISTOGRAM -> histogramStats(name, reader.histogram(name, window), window);
        case GAUGE -> gaugeStats(name, reader.gauge(name, window));
      };
    } catch (MetricsQueryException e) {
      return new Failed(name, e.getMessage());
    } catch (RuntimeException e) {
      return new Failed(name, "unexpected error reading " + name + ": " + e);
    }
  }

  static CounterStats counterStats(String name, CounterReading r, QueryWindow window) {
    return new CounterStats(name, r.total(), perSecond(r.total(), window), r.reset());
  }

  static HistogramStats histogramStats(String name, HistogramReading r, QueryWindow window) {
    boolean observed = r.count() > 0;
    return new HistogramStats(
        name,
        r.count(),
        r.sum(),
        perSecond(r.count(), window),
        observed ? WindowMath.finiteOrNull(r.sum() / r.count()) : null,
        observed ? WindowMath.finiteOrNull(r.median()) : null,
        observed ? WindowMath.finiteOrNull(r.p90()) : null,
        observed ? WindowMath.finiteOrNull(r.p99()) : null,
        r.reset());
  }

  static GaugeStats gaugeStats(String name, List<GaugeReading> series) {
    List<Double> means = new ArrayList<>();
    List<Double> maxima = new ArrayList<>();
    List<Double> medians = new ArrayList<>();
    List<Double> p90s = new ArrayList<>();
    List<Double> p99s = new ArrayList<>();
    for (GaugeReading g : series) {
      means.add(g.mean());
      maxima.add(g.max());
      medians.add(g.median());
      p90s.add(g.p90());
      p99s.add(g.p99());
    }
    return new GaugeStats(
        name,
        WindowMath.averageOfFinite(means),
        WindowMath.averageOfFinite(medians),
        WindowMath.averageOfFinite(p90s),
        WindowMath.averageOfFinite(p99s),
        WindowMath.maxOfFinite(maxima),
        series.size());
  }

  private static Double perSecondOrNull(double value, QueryWindow window) {
    return window.durationSeconds() > 0 ? value / window.durationSeconds() : null;
  }

  private static double perSecond(double value, QueryWindow window) {
    Double rate = perSecondOrNull(value, window);
    return rate == null ? 0.0 : rate;
  }

  private static boolean wasReset(FieldResult result) {
    return (result instanceof CounterStats c && c.reset()) || (result instanceof HistogramStats h && h.reset());
  }

  private static FieldResult join(Future<FieldResult> future, String name) {
    try {
      return future.get();
    } catch (ExecutionException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new Failed(name, "reading " + name + " failed: " + describe(e));
    }
  }

  /** Our own exception's message says what failed and where; fall back to the root cause otherwise. */
  private static String describe(Exception e) {
    if (e.getCause() instanceof MetricsQueryException query) {
      return query.getMessage();
    }
    return rootMessage(e);
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }
}
