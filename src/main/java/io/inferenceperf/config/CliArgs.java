package io.inferenceperf.config;

import io.inferenceperf.common.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run command's arguments, split into the global flags and the {@code --section.key value} config overrides
 * (which go to {@link ConfigLoader#load}). Never throws: mistakes are returned as problems.
 *
 * <p>Global flags: {@code -c/--config_file/--config-file PATH}, {@code --log-level LEVEL}, {@code --dry-run},
 * {@code -h/--help}, {@code --version}. Each accepts {@code --flag=value} too where it takes a value.
 *
 * @param configFile null when no file was given
 * @param logLevel DEBUG, INFO, WARNING, ERROR or CRITICAL (default INFO)
 * @param overrides the override flags normalised to pairs: {@code ["--load.type", "poisson", ...]}
 */
public record CliArgs(
    Path configFile,
    String logLevel,
    boolean dryRun,
    boolean help,
    boolean version,
    List<String> overrides,
    List<ConfigProblem> problems) {

  public static final List<String> LOG_LEVELS = List.of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL");

  private static final List<String> CONFIG_FLAGS = List.of("-c", "--config_file", "--config-file");
  /** Short forms of the load.distributed keys a launcher sets per process. */
  private static final Map<String, String> DISTRIBUTED_ALIASES = Map.of(
      "--index", "--load.distributed.index", "--start-at", "--load.distributed.start_at",
      "--start_at", "--load.distributed.start_at");
  private static final List<String> LOG_FLAGS = List.of("--log-level", "--log_level");
  private static final List<String> GLOBAL_FLAGS =
      List.of("--config_file", "--config-file", "--log-level", "--dry-run", "--help", "--version");

  public CliArgs {
    overrides = List.copyOf(overrides);
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** Global flags for --help; {@link ConfigSchema#helpText()} lists the config keys. */
  public static String globalHelp() {
    return """
        Options:
          -c, --config_file PATH   YAML config file (inference-perf format). Optional: without it, defaults and
                                   --section.key overrides are used.
          --log-level LEVEL        DEBUG, INFO, WARNING, ERROR or CRITICAL (default INFO)
          --dry-run                check the config and print the plan, send nothing
          -h, --help               show this help
          --version                print the version
          --SECTION.KEY VALUE      override one config key, e.g. --load.type poisson (see the keys below)
        Exit status 2 means the configuration is invalid.
        """;
  }

  public static CliArgs parse(String[] args) {
    Parser p = new Parser(args);
    p.run();
    return new CliArgs(p.configFile, p.logLevel, p.dryRun, p.help, p.version, p.overrides, p.problems);
  }

  private static final class Parser {
    private final String[] args;
    private int i;
    private Path configFile;
    private String logLevel = "INFO";
    private boolean dryRun;
    private boolean help;
    private boolean version;
    private final List<String> overrides = new ArrayList<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    Parser(String[] args) {
      this.args = args;
    }

    void run() {
      for (i = 0; i < args.length; i++) {
        String arg = args[i];
        int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
        String flag = eq > 0 ? arg.substring(0, eq) : arg;
        String inline = eq > 0 ? arg.substring(eq + 1) : null;
        if (CONFIG_FLAGS.contains(flag)) {
          String value = value(flag, inline, "PATH");
          if (value != null) {
            if (configFile != null) {
              problem(flag, "the config file is given twice");
            }
            configFile = Path.of(value);
          }
        } else if (LOG_FLAGS.contains(flag)) {
          logLevel(flag, value(flag, inline, "LEVEL"));
        } else if (flag.equals("--dry-run") || flag.equals("--dry_run")) {
          dryRun = noValue(flag, inline);
        } else if (flag.equals("-h") || flag.equals("--help")) {
          help = noValue(flag, inline);
        } else if (flag.equals("--version")) {
          version = noValue(flag, inline);
        } else if (DISTRIBUTED_ALIASES.containsKey(flag)) {
          String value = value(flag, inline, "VALUE");
          if (value != null) {
            overrides.add(DISTRIBUTED_ALIASES.get(flag));
            overrides.add(value);
          }
        } else if (isOverride(flag)) {
          String value = value(flag, inline, "VALUE");
          if (value != null) {
            overrides.add(flag);
            overrides.add(value);
          }
        } else if (arg.startsWith("-")) {
          problem(flag, "unknown option" + suggestFlag(flag));
          if (inline == null && i + 1 < args.length && !args[i + 1].startsWith("-")) {
            i++; // its value: one mistake, one message
          }
        } else {
          problem("", "unexpected argument '" + arg + "' (config keys are set as --section.key VALUE)");
        }
      }
    }

    private static String suggestFlag(String flag) {
      List<String> known = new ArrayList<>(GLOBAL_FLAGS);
      ConfigSchema.ROOT.names().forEach(n -> known.add("--" + n));
      String hint = Suggestions.didYouMean(flag, known);
      if (hint.isEmpty() && flag.length() >= 5) { // --config -> --config_file
        hint = known.stream().filter(k -> k.startsWith(flag)).findFirst()
            .map(k -> " (did you mean " + k + "?)").orElse("");
      }
      return hint;
    }

    private static boolean isOverride(String flag) {
      if (!flag.startsWith("--") || flag.length() == 2) {
        return false;
      }
      String name = flag.substring(2);
      String top = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
      // section.key paths are overrides even when unknown: the loader reports them with "did you mean"
      return name.contains(".") || ConfigSchema.ROOT.key(top).isPresent();
    }

    private String value(String flag, String inline, String what) {
      if (inline != null) {
        return inline;
      }
      if (i + 1 < args.length && !looksLikeFlag(args[i + 1])) {
        return args[++i];
      }
      problem(flag, "needs a value: " + flag + " " + what);
      return null;
    }

    /** Values may start with '-' (negative numbers), but not with "--" or be a short flag. */
    private static boolean looksLikeFlag(String next) {
      return next.startsWith("--") || next.equals("-c") || next.equals("-h");
    }

    private boolean noValue(String flag, String inline) {
      if (inline != null) {
        problem(flag, "takes no value");
      }
      return true;
    }

    private void logLevel(String flag, String value) {
      if (value == null) {
        return;
      }
      String upper = value.toUpperCase(Locale.ROOT);
      if (LOG_LEVELS.contains(upper)) {
        logLevel = upper;
      } else {
        problem(flag, "must be one of " + String.join(", ", LOG_LEVELS) + " (got '" + value + "')");
      }
    }

    private void problem(String flag, String message) {
      problems.add(new ConfigProblem("", -1, -1, flag.isEmpty() ? "command line" : flag, message));
    }
  }
}
