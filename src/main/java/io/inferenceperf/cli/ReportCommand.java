package io.inferenceperf.cli;

import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.htmlreport.Timeline;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.report.PerRequestFileWriter;
import io.inferenceperf.report.PerRequestListener;
import io.inferenceperf.report.ReportCollector;
import io.inferenceperf.report.ReportFiles;
import io.inferenceperf.report.ReportInputs;
import io.inferenceperf.results.ResultsFormat;
import io.inferenceperf.results.ResultsHeader;
import io.inferenceperf.results.ResultsListener;
import io.inferenceperf.results.ResultsReader.ResultsException;
import io.inferenceperf.results.ResultsReader;
import io.inferenceperf.results.ResultsTee;
import io.inferenceperf.storage.BucketResults;
import io.inferenceperf.time.NanoClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code inference-perf report RESULTS... [--output DIR]}: rebuilds every report file and the tables from one run's
 * results file, byte for byte what the run wrote, or merges several (runs, or the load generators of one run) into
 * one report with exact percentiles. Files are put on one timeline by their origins' wall-clock times.
 */
final class ReportCommand {
  private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final PrintStream out;
  private final PrintStream err;

  ReportCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String usage() {
    return """
        Usage: inference-perf report RESULTS... [--output DIR] [--upload-to s3://bucket/PATH]

        Rebuilds the reports (summary, stage and per-request lifecycle reports, server-metrics reports, config.yaml,
        report.html and the console tables) from the results file a run wrote (%s in its report folder), or merges the results
        of several runs or load generators into one report with exact percentiles.

          RESULTS        a results file, a report folder holding one, or s3://bucket/PATH: every results file
                         under that prefix (the replica-INDEX folders of a distributed run), downloaded first
          --output DIR   where to write the reports (default: reports-<timestamp>)
          --upload-to s3://bucket/PATH   also upload the reports written there
          --endpoint-url URL, --region R, --addressing-style auto|path|virtual
                         how to reach the bucket (as storage.simple_storage_service); credentials from the
                         AWS SDK's default chain (environment, profile, IRSA web identity, instance metadata)
        """.formatted(ResultsFormat.FILE_NAME);
  }

  int run(String[] args) {
    List<Path> inputs = new ArrayList<>();
    List<BucketResults.Location> bucketInputs = new ArrayList<>();
    BucketInputs.Options bucket = new BucketInputs.Options();
    Path output = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String flag = arg.startsWith("--") && arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (arg.equals("--help") || arg.equals("-h")) {
          out.print(usage());
          return ExitCode.OK.code;
        } else if (arg.equals("--output") || arg.equals("-o")) {
          if (i + 1 == args.length) return usageError("--output needs a folder");
          output = Path.of(args[++i]);
        } else if (arg.startsWith("--output=")) {
          output = Path.of(arg.substring("--output=".length()));
        } else if (arg.startsWith("-")) {
          boolean inline = !flag.equals(arg);
          if (!inline && i + 1 == args.length) return usageError(flag + " needs a value");
          if (!bucket.set(flag, inline ? arg.substring(flag.length() + 1) : args[++i])) {
            return usageError("unknown option " + arg);
          }
        } else if (BucketResults.Location.isLocation(arg)) {
          BucketResults.Location location = BucketResults.Location.parse(arg);
          if (location == null) return usageError(arg + " names no bucket: give s3://bucket/PATH");
          bucketInputs.add(location);
        } else {
          inputs.add(Path.of(arg));
        }
      }
      if (inputs.isEmpty() && bucketInputs.isEmpty()) {
        return usageError("name at least one results file or report folder");
      }
      Path folder = output != null ? output : defaultOutput();
      if (bucketInputs.isEmpty()) {
        ExitCode code = rebuild(resolve(inputs), folder);
        BucketInputs.upload(folder, bucket, out);
        return code.code;
      }
      try (BucketInputs fetched = BucketInputs.fetch(bucketInputs, bucket, out)) {
        List<Path> files = new ArrayList<>(resolve(inputs));
        files.addAll(fetched.files());
        ExitCode code = rebuild(files, folder);
        BucketInputs.upload(folder, bucket, out);
        return code.code;
      }
    } catch (UserError e) {
      err.println(e.getMessage());
      return e.code.code;
    }
  }

  /**
   * Merges the report folders of a distributed run's load generators into {@code output}: as {@link #run}, and the
   * summary lists every replica, the missing ones too, even when only one came back.
   */
  int mergeReplicas(List<Path> folders, Path output) {
    try {
      return rebuild(resolve(folders), output, true).code;
    } catch (UserError e) {
      err.println(e.getMessage());
      return e.code.code;
    }
  }

  private ExitCode rebuild(List<Path> files, Path output) throws UserError {
    return rebuild(files, output, files.size() > 1);
  }

  private ExitCode rebuild(List<Path> files, Path output, boolean merge) throws UserError {
    List<ResultsHeader> headers = new ArrayList<>();
    for (Path file : files) headers.add(header(file));
    if (merge) warnAboutMissingReplicas(headers);
    ResultsHeader first = headers.get(0);
    ReportConfig reportConfig = first.report();
    ReportFiles reportFiles = new ReportFiles(output, first.reportFilePrefix());
    ReportCollector collector = new ReportCollector();
    if (merge) collector.listEveryReplica();
    Timeline timeline = new Timeline();
    long earliestOrigin = headers.stream().mapToLong(ResultsHeader::originEpochNanos).min().orElseThrow();
    try {
      Files.createDirectories(output);
      if (files.size() == 1) {
        Files.writeString(reportFiles.configPath(), first.configYaml(), StandardCharsets.UTF_8);
      }
      try (PerRequestFileWriter perRequest = reportConfig.requestLifecycle().perRequest()
          ? new PerRequestFileWriter(reportFiles.perRequestPath(), 0, first.aggregation().useServerOutputTokens(),
              NanoClock.SYSTEM)
          : null) {
        List<ResultsListener> listeners = new ArrayList<>(List.of(collector, timeline));
        if (perRequest != null) listeners.add(new PerRequestListener(perRequest));
        ResultsListener results = new ResultsTee(listeners);
        for (int i = 0; i < files.size(); i++) {
          long shiftNanos = headers.get(i).originEpochNanos() - earliestOrigin;
          ResultsReader.Outcome read = ResultsReader.replay(files.get(i), shiftNanos, results);
          if (!read.complete()) {
            collector.sourceCutShort();
            err.println(files.get(i) + ": the run that wrote it did not finish (" + read.lines()
                + " complete lines); the reports hold what it measured, marked interrupted");
          }
        }
      }
    } catch (ResultsException e) {
      throw new UserError(ExitCode.RUN_FAILED, e.getMessage());
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot write reports into " + output + ": " + e.getMessage());
    }
    ClientHealth.Thresholds thresholds = files.size() == 1 ? thresholds(first.configYaml())
        : ClientHealth.Thresholds.DEFAULT;
    ReportInputs inputs = collector.finish(reportConfig.requestLifecycle().summary(), thresholds);
    new ReportStep(out, err).write(inputs, reportConfig, reportFiles, output, timeline);
    if (merge) {
      out.println("Merged " + files.size() + " results into " + output.toAbsolutePath());
    }
    return ExitCode.OK;
  }

  /** The load generators of a distributed run whose results were not given: the merge lacks their shares. */
  private void warnAboutMissingReplicas(List<ResultsHeader> headers) {
    int replicas = headers.stream().mapToInt(ResultsHeader::replicas).max().orElse(1);
    if (replicas < 2) return;
    java.util.Set<Integer> given = new java.util.HashSet<>();
    for (ResultsHeader header : headers) given.add(header.replicaIndex());
    List<String> missing = new ArrayList<>();
    for (int index = 0; index < replicas; index++) if (!given.contains(index)) missing.add(Integer.toString(index));
    if (missing.isEmpty()) return;
    err.println("Missing from the merge: replica " + String.join(", ", missing) + " of " + replicas + " (no results"
        + " file given): the merged report lacks " + (missing.size() == 1 ? "its share" : "their shares")
        + " of the schedule");
  }

  private static ResultsHeader header(Path file) throws UserError {
    try {
      return ResultsReader.header(file);
    } catch (ResultsException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, e.getMessage());
    }
  }

  /** Each argument as a results file: itself, or the one results file of a report folder. */
  private static List<Path> resolve(List<Path> inputs) throws UserError {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (!Files.isDirectory(input)) {
        files.add(input);
        continue;
      }
      try (Stream<Path> listing = Files.list(input)) {
        List<Path> found = listing.filter(p -> p.getFileName().toString().endsWith(ResultsFormat.FILE_NAME))
            .sorted().toList();
        if (found.size() != 1) {
          throw new UserError(ExitCode.CONFIG_ERROR, input + ": " + (found.isEmpty() ? "holds no " : "holds several ")
              + ResultsFormat.FILE_NAME + " files; name the results file itself");
        }
        files.add(found.get(0));
      } catch (IOException e) {
        throw new UserError(ExitCode.CONFIG_ERROR, input + ": cannot list the folder (" + e.getMessage() + ")");
      }
    }
    return files;
  }

  /** reports-yyyyMMdd-HHmmss, as a run's default report folder. */
  private static Path defaultOutput() {
    return Path.of("reports-" + LocalDateTime.now().format(FOLDER_TIME));
  }

  private int usageError(String problem) {
    err.println("report: " + problem);
    err.print(usage());
    return ExitCode.CONFIG_ERROR.code;
  }

  /**
   * The run's thresholds with its in-flight cap, read back from its config, so a rebuilt report names the same
   * limit as the run's own; without a readable config, the defaults (the hint then names no cap).
   */
  private static ClientHealth.Thresholds thresholds(String configYaml) {
    try {
      Path file = Files.createTempFile("inference-perf-config", ".yml");
      try {
        Files.writeString(file, configYaml, StandardCharsets.UTF_8);
        io.inferenceperf.config.LoadResult loaded = io.inferenceperf.config.ConfigLoader.load(file, List.of(),
            java.time.Clock.systemDefaultZone());
        return loaded.config() == null ? ClientHealth.Thresholds.DEFAULT
            : ClientHealth.Thresholds.DEFAULT.withInFlightCap(RunSetup.inFlightCap(loaded.config()));
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException | RuntimeException e) {
      return ClientHealth.Thresholds.DEFAULT;
    }
  }
}
