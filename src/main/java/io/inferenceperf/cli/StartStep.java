package io.inferenceperf.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.DistributedConfig;
import io.inferenceperf.kubernetes.ClockOffsetEstimate.ClockOffset;
import io.inferenceperf.kubernetes.JobManifests;
import io.inferenceperf.kubernetes.KubernetesProblem;
import io.inferenceperf.kubernetes.StartBarrier;
import io.inferenceperf.record.StartAgreement;
import io.inferenceperf.schedule.ReplicaSlice;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a distributed run's first stage, once this load generator is prepared: when stage 0 starts. The instant
 * given in advance (load.distributed.start_at); else, in a pod of a Kubernetes Indexed Job, the one its pods agree on
 * through the start barrier; else none (each starts when ready).
 */
final class StartStep {
  private static final Logger LOG = LoggerFactory.getLogger(StartStep.class);
  /** The Job's name when the pod's labels do not give it (a pod made by something else than the Job controller). */
  static final String JOB_NAME_ENV = "JOB_NAME";
  static final String TIMEOUT_KEY = "load.distributed.barrier_timeout";
  private static final long POLL_MILLIS = 500;
  private static final int API_TIMEOUT_MILLIS = 10_000;

  private StartStep() {}

  static StartAgreement agree(Config config, ReplicaSlice replica, Map<String, String> env)
      throws UserError, InterruptedException {
    return agree(config, replica, env, StartStep::client, Clock.systemUTC());
  }

  static StartAgreement agree(Config config, ReplicaSlice replica, Map<String, String> env,
      Supplier<KubernetesClient> clients, Clock clock) throws UserError, InterruptedException {
    if (replica.whole()) return null;
    DistributedConfig distributed = config.load().distributed();
    if (distributed.startAtEpochMillis() != null) return StartAgreement.fixed(distributed.startAtEpochMillis());
    if (blank(env.get(DistributedRun.INDEX_VARIABLE))) return null; // not a Job's pod: starts when ready
    String pod = env.get(JobManifests.POD_NAME_ENV);
    String namespace = env.get(JobManifests.POD_NAMESPACE_ENV);
    if (blank(pod) || blank(namespace)) {
      LOG.warn("load.distributed: no start_at, and the start barrier needs {} and {} from the downward API (the"
          + " manifests of inference-perf k8s job, the Helm chart and deploy/kustomize set them); this load"
          + " generator starts when ready, out of step with the others", JobManifests.POD_NAME_ENV,
          JobManifests.POD_NAMESPACE_ENV);
      return null;
    }
    StartBarrier.Participant me = new StartBarrier.Participant(namespace, pod, replica.index(), replica.replicas(),
        env.get(JOB_NAME_ENV));
    StartBarrier.Settings settings = new StartBarrier.Settings(millis(distributed.barrierLeadSeconds()),
        millis(distributed.barrierTimeoutSeconds()), POLL_MILLIS, TIMEOUT_KEY);
    LOG.info("start barrier: replica {} of {} is ready; waiting (at most {} s, {}) for the other pods of the Job",
        replica.index(), replica.replicas(), trimmed(distributed.barrierTimeoutSeconds()), TIMEOUT_KEY);
    StartBarrier.Agreed agreed;
    try (KubernetesClient client = clients.get()) {
      agreed = new StartBarrier(client, me, settings, clock).await();
    } catch (KubernetesProblem e) {
      throw new UserError(ExitCode.RUN_FAILED, e.getMessage());
    }
    ClockOffset offset = agreed.clockOffset();
    LOG.info("start barrier: every pod is ready; stage 0 starts at {} (in {} ms; {} ConfigMap {}); this node's"
        + " clock {}", Instant.ofEpochMilli(agreed.startEpochMillis()),
        agreed.startEpochMillis() - clock.millis(), agreed.wroteStart() ? "written by this pod into" : "read from",
        agreed.configMapName(), offset == null ? "offset from the API server's is unknown (no Date header)"
            : String.format(Locale.ROOT, "is %.0f ms %s the API server's (within ±%.0f ms)",
                Math.abs(offset.offsetMillis()), offset.offsetMillis() >= 0 ? "behind" : "ahead of",
                offset.uncertaintyMillis()));
    return new StartAgreement(StartAgreement.KUBERNETES_BARRIER, agreed.startEpochMillis(),
        offset == null ? null : offset.offsetMillis(), offset == null ? null : offset.uncertaintyMillis(),
        agreed.waitedMillis(), agreed.wroteStart());
  }

  /** The pod's service account (kubeconfig outside a cluster); requests bounded in time, a few retries. */
  static KubernetesClient client() {
    io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.autoConfigure(null);
    config.setRequestTimeout(API_TIMEOUT_MILLIS);
    config.setConnectionTimeout(API_TIMEOUT_MILLIS);
    config.setRequestRetryBackoffLimit(3);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static long millis(double seconds) {
    return Math.round(seconds * 1000);
  }

  private static String trimmed(double seconds) {
    return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
