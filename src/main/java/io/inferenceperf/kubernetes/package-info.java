/**
 * Running the benchmark on Kubernetes: the manifests of the {@code k8s job} command built as fabric8 model objects
 * and printed as YAML ({@link io.inferenceperf.kubernetes.JobManifests}), the checks and steps of
 * {@code k8s job --apply} against the Kubernetes API ({@link io.inferenceperf.kubernetes.TargetCheck},
 * {@link io.inferenceperf.kubernetes.JobRunner}, which follows every pod of an Indexed Job when the run is spread over
 * several load generators), the results bundle a pod prints to its log so that results come
 * back without {@code kubectl cp} ({@link io.inferenceperf.kubernetes.ResultsBundle}), and where a run ran
 * ({@link io.inferenceperf.kubernetes.PlacementProbe}); the start barrier through which the pods of an Indexed Job
 * agree on their common start, and later on which of them merges ({@link io.inferenceperf.kubernetes.StartBarrier}),
 * with the node's clock offset from the API server's Date headers
 * ({@link io.inferenceperf.kubernetes.ClockOffsetEstimate}). Everything but the classes that talk to the API server is
 * pure model building.
 *
 * <p>May import: record.
 */
package io.inferenceperf.kubernetes;
