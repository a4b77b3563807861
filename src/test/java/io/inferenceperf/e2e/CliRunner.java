package io.inferenceperf.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process, as a user would, and reads what it wrote. */
final class CliRunner {
  static final ObjectMapper JSON = new ObjectMapper();

  record Result(int exitCode, String out, String err, Path reports) {
    JsonNode json(String name) throws IOException {
      return JSON.readTree(reports.resolve(name).toFile());
    }

    boolean has(String name) {
      return Files.exists(reports.resolve(name));
    }
  }

  /** Writes {@code yaml} to a file in {@code dir}, runs with it and the extra args; reports go to dir/reports. */
  static Result run(Path dir, String yaml, String... extraArgs) throws IOException {
    Files.createDirectories(dir);
    Path config = dir.resolve("config.yml");
    Files.writeString(config, yaml);
    Path reports = dir.resolve("reports");
    List<String> args = new ArrayList<>(List.of("--config_file", config.toString(),
        "--storage.local_storage.path", reports.toString()));
    args.addAll(List.of(extraArgs));
    Output output = cli(args.toArray(String[]::new));
    return new Result(output.code(), output.out(), output.err(), reports);
  }

  /** What a command printed and returned. */
  record Output(int code, String out, String err) {}

  /** Runs the command line {@code args} in-process. */
  static Output cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Cli.run(args, o, e);
    }
    return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private CliRunner() {}
}
