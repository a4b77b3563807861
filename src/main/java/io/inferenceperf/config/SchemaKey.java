package io.inferenceperf.config;

import java.time.Clock;
import java.util.function.Function;

/**
 * One key of the config schema.
 *
 * @param name the YAML key (snake_case, as inference-perf)
 * @param shape what it holds
 * @param defaultValue what it is when absent
 * @param status whether this tool implements it
 * @param meaning one line for --help and docs
 */
public record SchemaKey(String name, Shape shape, Default defaultValue, Status status, String meaning) {

  public enum Status {
    /** An inference-perf key this tool implements. */
    SUPPORTED,
    /** A key only this tool has. */
    EXTENSION,
    /** An inference-perf key this tool rejects with "not supported yet" (null or empty is accepted as absent). */
    NOT_YET
  }

  public boolean supported() {
    return status != Status.NOT_YET;
  }

  /** Inputs of computed defaults. */
  public record DefaultContext(Clock clock, int cpuCount) {}

  /**
   * The value of an absent key.
   *
   * @param kind NONE: absent means null; REQUIRED: must be given when its section is present; SECTION: a section filled with its keys' defaults; FIXED: {@code value};
   *     COMPUTED: {@code computed} applied at load time
   * @param doc how docs and --help show it
   */
  public record Default(Kind kind, Object value, Function<DefaultContext, Object> computed, String doc) {
    public enum Kind {
      NONE,
      REQUIRED,
      SECTION,
      FIXED,
      COMPUTED
    }

    public static Default none() {
      return new Default(Kind.NONE, null, null, "");
    }

    public static Default required() {
      return new Default(Kind.REQUIRED, null, null, "required");
    }

    public static Default section() {
      return new Default(Kind.SECTION, null, null, "");
    }

    public static Default of(Object value) {
      return new Default(Kind.FIXED, value, null, ConfigYaml.inline(value));
    }

    public static Default computed(String doc, Function<DefaultContext, Object> computed) {
      return new Default(Kind.COMPUTED, null, computed, doc);
    }
  }
}
