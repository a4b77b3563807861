package io.inferenceperf.servermetrics;

import java.time.Duration;
import java.util.List;

/**
 * Our extensions to {@code metrics.prometheus} (YAML keys in brackets).
 *
 * @param direct [{@code direct}] scrape the model server's /metrics endpoints ourselves instead of asking a
 *     Prometheus; for when none is available
 * @param directTargets [{@code direct_targets}] the /metrics URLs to scrape; empty means {@code
 *     <server.base_url>/metrics}
 * @param queryTimeout [{@code query_timeout_seconds}] bound on one Prometheus request (and one direct scrape)
 * @param collectTimeout [{@code collect_timeout_seconds}] bound on the whole collection after the run, waiting for
 *     the last scrape included
 * @param maxConcurrentQueries requests in flight at once against Prometheus
 */
public record ServerMetricsOptions(
    boolean direct,
    List<String> directTargets,
    Duration queryTimeout,
    Duration collectTimeout,
    int maxConcurrentQueries) {

  public ServerMetricsOptions {
    directTargets = directTargets == null ? List.of() : List.copyOf(directTargets);
    queryTimeout = queryTimeout == null ? Duration.ofSeconds(10) : queryTimeout;
    collectTimeout = collectTimeout == null ? Duration.ofSeconds(120) : collectTimeout;
    maxConcurrentQueries = maxConcurrentQueries <= 0 ? 4 : maxConcurrentQueries;
  }

  public static ServerMetricsOptions defaults() {
    return new ServerMetricsOptions(false, List.of(), null, null, 0);
  }

  public static ServerMetricsOptions direct(List<String> targets) {
    return new ServerMetricsOptions(true, targets, null, null, 0);
  }

  public ServerMetricsOptions withTimeouts(Duration query, Duration collect) {
    return new ServerMetricsOptions(direct, directTargets, query, collect, maxConcurrentQueries);
  }
}
