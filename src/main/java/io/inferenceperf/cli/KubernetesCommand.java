package io.inferenceperf.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.inferenceperf.config.ConfigLoader;
import io.inferenceperf.config.LoadResult;
import io.inferenceperf.kubernetes.JobManifests;
import io.inferenceperf.kubernetes.JobRunner;
import io.inferenceperf.kubernetes.JobSpec;
import io.inferenceperf.kubernetes.KubernetesProblem;
import io.inferenceperf.kubernetes.Labels;
import io.inferenceperf.kubernetes.ServiceAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code inference-perf k8s job ...}: prints the manifests of a benchmark Job placed in the model server's zone, or
 * with {@code --apply} runs it through the Kubernetes API (kubeconfig, or the pod's service account in a cluster)
 * and brings its results back.
 */
final class KubernetesCommand {
  static final String DEFAULT_IMAGE = "inference-perf:" + Cli.VERSION; // the name the Jib build gives it

  private final PrintStream out;
  private final PrintStream err;
  private final Supplier<KubernetesClient> clients;
  private final JobRunner.Timing timing;

  KubernetesCommand(PrintStream out, PrintStream err) {
    this(out, err, () -> new KubernetesClientBuilder().build(), JobRunner.Timing.DEFAULT);
  }

  KubernetesCommand(PrintStream out, PrintStream err, Supplier<KubernetesClient> clients, JobRunner.Timing timing) {
    this.out = out;
    this.err = err;
    this.clients = clients;
    this.timing = timing;
  }

  static String usage() {
    return """
        Usage: inference-perf k8s job -c CONFIG.yml --target-labels KEY=VALUE[,KEY=VALUE] [options]

        Prints a ready-to-apply benchmark Job (Namespace, ServiceAccount and its read-only placement ClusterRole,
        ConfigMap with the config, Job) placed in the same availability zone as the model server's pods. With
        --apply, runs it: checks that the labels match Running pods in one zone, creates the objects, streams the
        pod's log, copies the reports back and deletes the Job.

          -c, --config_file FILE   the benchmark config (validated first)
          --target-labels L        the model server's pod labels, e.g. app.kubernetes.io/component=qwen3-vllm
          -n, --namespace NS       namespace of the Job (default: benchmarking)
          --target-namespace NS    namespace of the model server (default: from server.base_url, e.g.
                                   http://qwen3-vllm.default:8000 -> default; else the Job's)
          --instance-type TYPE     pin the Job to node.kubernetes.io/instance-type TYPE (e.g. m6i.2xlarge)
          --image IMAGE            the benchmark image (default: %s)
          --name NAME              name of the Job and its ConfigMap (default: inference-perf)
          --hf-secret NAME         Secret with key hf_api_token for HF_TOKEN, optional in the pod (default: hf-secret)
          --preferred-zone         preferred instead of required same-zone affinity (runs even if the zone is full)
          --apply                  create the Job, follow it, copy its reports back
          --allow-zones            with --apply: accept model server pods in several zones (a cross-zone benchmark)
          --keep                   with --apply: keep the Job and its ConfigMap afterwards
          --output DIR             with --apply: where the reports go (default: the current folder)
          --replicas N             N load generators as an Indexed Job sharing the run (load.distributed.replicas);
                                   with --apply their reports come back as DIR/replica-INDEX, merged in DIR/merged
                                   Default start: the pods agree on it through the Kubernetes API once all are
                                   ready (the start barrier, a ConfigMap of the Job; RBAC included)
          --start-lead SECONDS     with --replicas: instead, every pod starts stage 0 at the time the manifest is
                                   made plus SECONDS (--start-at; e.g. %d); the nodes' clocks must be NTP-synced
        """.formatted(DEFAULT_IMAGE, DistributedJob.DEFAULT_START_LEAD_SECONDS);
  }

  int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.print(usage());
      return ExitCode.OK.code;
    }
    if (!args[0].equals("job")) return usageError("unknown subcommand '" + args[0] + "' (only: job)");
    try {
      Options options = Options.parse(List.of(args).subList(1, args.length));
      if (options.help) {
        out.print(usage());
        return ExitCode.OK.code;
      }
      JobSpec spec = spec(options);
      if (spec.distributed() && !options.apply && options.startLeadSeconds != null) {
        spec = spec.startingAt(DistributedJob.startAt(options.startLeadSeconds));
      }
      warnAboutLocalFiles(options.config);
      if (!options.apply) {
        out.print(new JobManifests(spec).yaml());
        return ExitCode.OK.code;
      }
      return apply(spec, options);
    } catch (UserError e) {
      err.println(e.getMessage());
      return e.code.code;
    }
  }

  private int apply(JobSpec spec, Options options) {
    try (KubernetesClient client = clients.get()) {
      JobRunner runner = new JobRunner(client, out, timing, JobRunner.LOG_BUNDLE);
      if (spec.distributed() && options.startLeadSeconds != null) {
        spec = spec.startingAt(DistributedJob.startAt(options.startLeadSeconds));
      }
      JobRunner.Outcome outcome = runner.run(spec, options.allowZones, options.keep, options.output);
      if (spec.distributed()) {
        return new DistributedJob(out, err).merge(outcome, spec.replicas(), options.output, bucket(options.config));
      }
      if (outcome.exitCode() != 0) err.println("k8s job: the benchmark pod ended with status " + outcome.exitCode());
      return outcome.exitCode();
    } catch (KubernetesProblem e) {
      err.println(e.getMessage());
      return e.exitCode();
    } catch (KubernetesClientException e) {
      err.println("k8s job: the Kubernetes API refused or failed (" + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": "
          : "") + e.getMessage() + rootCause(e) + "). " + (noKubeconfig()
          ? "No kubeconfig was found (KUBECONFIG unset, no ~/.kube/config) and this is not a pod: point KUBECONFIG"
              + " at your cluster's config."
          : "Check kubectl config current-context (or KUBECONFIG) and your rights in the namespaces."));
      return ExitCode.RUN_FAILED.code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("k8s job: interrupted; the Job may still run: kubectl get job " + spec.name() + " -n "
          + spec.namespace());
      return ExitCode.INTERRUPTED_INT.code;
    }
  }

  /** How to reach the config's bucket from here (for results a pod's log did not bring back), or null. */
  private static BucketInputs.Options bucket(Path configFile) {
    var s3 = ConfigLoader.load(configFile, List.of(), Clock.systemDefaultZone()).config().storage()
        .simpleStorageService();
    return s3 == null ? null : BucketInputs.Options.of(s3);
  }

  /** The pod sees the config, not the files it names on this machine. */
  private void warnAboutLocalFiles(Path configFile) {
    var config = ConfigLoader.load(configFile, List.of(), Clock.systemDefaultZone()).config();
    Map<String, String> files = new java.util.LinkedHashMap<>();
    files.put("data.path", config.data().path());
    files.put("data.corpus_file_path", config.data().corpusFilePath());
    files.put("data.trace.file", config.data().traceFile());
    if (config.tokenizer() != null) {
      files.put("tokenizer.pretrained_model_name_or_path", config.tokenizer().pretrainedModelNameOrPath());
    }
    files.forEach((key, value) -> {
      if (value != null && Files.exists(Path.of(value))) {
        err.println("k8s job: warning: " + key + " names " + value + ", a file on this machine; the pod sees only"
            + " the config. Put it in the image or a volume (and mount it at that path).");
      }
    });
  }

  private static boolean noKubeconfig() {
    return System.getenv("KUBECONFIG") == null && System.getenv("KUBERNETES_SERVICE_HOST") == null
        && !Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    if (root == e) return "";
    return ": " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  private static JobSpec spec(Options options) throws UserError {
    if (options.config == null) throw new UserError(ExitCode.CONFIG_ERROR, "k8s job: name the config with -c FILE");
    if (options.targetLabels == null) {
      throw new UserError(ExitCode.CONFIG_ERROR, "k8s job: --target-labels is required: the model server's pod"
          + " labels, e.g. --target-labels app.kubernetes.io/component=qwen3-vllm (the Job runs in their zone)");
    }
    LoadResult loaded = ConfigLoader.load(options.config, List.of(), Clock.systemDefaultZone());
    if (!loaded.ok()) throw UserError.config(loaded.formatProblems().strip(), loaded.problems().size());
    String yaml;
    try {
      yaml = Files.readString(options.config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, "k8s job: cannot read " + options.config + ": " + e.getMessage());
    }
    Map<String, String> labels;
    try {
      labels = Labels.parse(options.targetLabels);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, "k8s job: " + e.getMessage());
    }
    String targetNamespace = options.targetNamespace;
    if (targetNamespace == null) {
      String baseUrl = loaded.config().server().baseUrl();
      ServiceAddress service = baseUrl == null ? null : ServiceAddress.of(baseUrl);
      targetNamespace = service == null ? options.namespace : service.namespaceOr(options.namespace);
    }
    // no --replicas: the config's load.distributed.replicas, so a distributed config is never run as one pod
    int replicas = options.replicas > 0 ? options.replicas : loaded.config().load().distributed().replicas();
    if (replicas > 1) DistributedJob.check(loaded.config(), options.config, replicas);
    return new JobSpec(options.name, options.namespace, yaml, labels, targetNamespace, options.instanceType,
        options.image, options.hfSecret, !options.preferredZone, replicas, null);
  }

  private int usageError(String problem) {
    err.println("k8s: " + problem);
    err.print(usage());
    return ExitCode.CONFIG_ERROR.code;
  }

  /** The command line of {@code k8s job}. */
  private static final class Options {
    Path config;
    String targetLabels;
    String namespace = JobSpec.DEFAULT_NAMESPACE;
    String targetNamespace;
    String instanceType;
    String image = DEFAULT_IMAGE;
    String name = JobSpec.DEFAULT_NAME;
    String hfSecret = JobSpec.DEFAULT_HF_SECRET;
    Path output = Path.of(".");
    boolean apply;
    boolean keep;
    boolean allowZones;
    boolean preferredZone;
    boolean help;
    int replicas; // 0: from the config
    Long startLeadSeconds; // null: the pods agree on their start through the start barrier

    static Options parse(List<String> args) throws UserError {
      Options o = new Options();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
        boolean inline = !flag.equals(arg);
        switch (flag) {
          case "--help", "-h" -> o.help = true;
          case "--apply" -> o.apply = true;
          case "--keep" -> o.keep = true;
          case "--allow-zones" -> o.allowZones = true;
          case "--preferred-zone" -> o.preferredZone = true;
          default -> {
            String value = inline ? arg.substring(flag.length() + 1) : next(args, ++i, flag);
            o.set(flag, value);
          }
        }
      }
      return o;
    }

    private void set(String flag, String value) throws UserError {
      switch (flag) {
        case "-c", "--config_file", "--config-file" -> config = Path.of(value);
        case "--target-labels" -> targetLabels = value;
        case "-n", "--namespace" -> namespace = value;
        case "--target-namespace" -> targetNamespace = value;
        case "--instance-type" -> instanceType = value;
        case "--image" -> image = value;
        case "--name" -> name = value;
        case "--hf-secret" -> hfSecret = value;
        case "--output", "-o" -> output = Path.of(value);
        case "--replicas" -> replicas = positive(flag, value, 1, 1000);
        case "--start-lead" -> startLeadSeconds = (long) positive(flag, value, 0, 86_400);
        default -> throw new UserError(ExitCode.CONFIG_ERROR, "k8s job: unknown option " + flag
            + "; see inference-perf k8s job --help");
      }
    }

    private static int positive(String flag, String value, int min, int max) throws UserError {
      try {
        int number = Integer.parseInt(value.strip());
        if (number >= min && number <= max) return number;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UserError(ExitCode.CONFIG_ERROR, "k8s job: " + flag + " '" + value + "' is not a whole number from "
          + min + " to " + max);
    }

    private static String next(List<String> args, int i, String flag) throws UserError {
      if (i >= args.size() || (args.get(i).startsWith("-") && !args.get(i).equals("-"))) {
        if (!flag.startsWith("-")) {
          throw new UserError(ExitCode.CONFIG_ERROR, "k8s job: unexpected argument '" + flag
              + "'; see inference-perf k8s job --help");
        }
        throw new UserError(ExitCode.CONFIG_ERROR, "k8s job: " + flag + " needs a value");
      }
      return args.get(i);
    }
  }
}
