package io.inferenceperf.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.inferenceperf.kubernetes.PlacementProbe;
import io.inferenceperf.record.Placement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the run: where it runs (see {@link PlacementProbe}), said on the console, with a warning when the model
 * server's endpoints are in another zone; the result goes into the results header, so every report (and
 * {@code inference-perf report}) carries it.
 */
final class PlacementStep {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementStep.class);
  private static final int API_TIMEOUT_MILLIS = 5_000;

  private PlacementStep() {}

  static Placement detect(String baseUrl) {
    Placement placement = PlacementProbe.detect(System.getenv(), PlacementStep::client, baseUrl);
    if (placement.kubernetes()) {
      LOG.info("placement: {}", describe(placement));
      placement.notes().forEach(note -> LOG.info("placement: {}", note));
    }
    String warning = warning(placement);
    if (warning != null) LOG.warn("{}", warning);
    return placement;
  }

  static String describe(Placement p) {
    return "pod " + p.namespace() + "/" + p.pod() + " on node " + p.node() + " (zone " + p.zone() + ", region "
        + p.region() + ", instance type " + p.instanceType() + "); model server "
        + (p.serverService() == null ? "outside the cluster's Services" : p.serverService())
        + (p.serverZones().isEmpty() ? "" : " in zone(s) " + String.join(", ", p.serverZones()));
  }

  /** The console warning of a cross-zone run, or null. */
  static String warning(Placement p) {
    if (!Boolean.TRUE.equals(p.crossZone())) return null;
    return "CROSS-ZONE RUN: this pod is in zone " + p.zone() + " but the model server's endpoints are in "
        + String.join(", ", p.serverZones()) + ". Each request crosses zones (1-2 ms more, varying with"
        + " placement), so this run is not comparable with same-zone runs. Place the Job in the server's zone"
        + " (inference-perf k8s job --target-labels ...) unless you measure a multi-zone deployment on purpose."
        + " The reports say cross_zone: true.";
  }

  /** Kubeconfig or the pod's service account; short timeouts and no retries: the run must not wait on the API. */
  private static KubernetesClient client() {
    Config config = Config.autoConfigure(null);
    config.setRequestTimeout(API_TIMEOUT_MILLIS);
    config.setConnectionTimeout(API_TIMEOUT_MILLIS);
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
