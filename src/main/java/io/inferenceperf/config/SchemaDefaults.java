package io.inferenceperf.config;

import io.inferenceperf.config.SchemaKey.Default;
import io.inferenceperf.config.Shape.ListOf;
import io.inferenceperf.config.Shape.ScalarOrSection;
import io.inferenceperf.config.Shape.Section;
import java.util.List;

/**
 * Typed reads of the fixed defaults written in {@link ConfigSchema}, for the binders and the records' defaults():
 * a default is written once, in the schema, which also documents it (--help, docs/configuration.md), so changing
 * it there changes behaviour and docs together.
 *
 * <p>Paths are dotted schema paths ({@code load.worker_max_concurrency}); list indices are ignored
 * ({@code load.stages[2].rate} is {@code load.stages[].rate}). Asking for a key that has no fixed default, or for
 * the wrong type, is a programming error (IllegalStateException), found by SchemaDefaultsTest.
 */
final class SchemaDefaults {

  private SchemaDefaults() {}

  static boolean bool(String path) {
    return cast(path, Boolean.class);
  }

  static int integer(String path) {
    return Math.toIntExact(cast(path, Number.class).longValue());
  }

  static double number(String path) {
    return cast(path, Number.class).doubleValue();
  }

  static String string(String path) {
    return cast(path, String.class);
  }

  /** A list of numbers, e.g. the default percentiles, as doubles. */
  static List<Double> numbers(String path) {
    return cast(path, List.class).stream().map(n -> ((Number) n).doubleValue()).toList();
  }

  /** The fixed default of the key at {@code path}. */
  static Object value(String path) {
    Default dflt = key(path).defaultValue();
    if (dflt.kind() != Default.Kind.FIXED) {
      throw new IllegalStateException("config key " + path + " has no fixed default (" + dflt.kind() + ")");
    }
    return dflt.value();
  }

  /** The schema key at {@code path}. */
  static SchemaKey key(String path) {
    Section section = ConfigSchema.ROOT;
    String[] names = path.replaceAll("\\[[^]]*]", "").split("\\.");
    for (int i = 0; ; i++) {
      String name = names[i];
      SchemaKey key = section.key(name)
          .orElseThrow(() -> new IllegalStateException("no config key " + path + " (at " + name + ")"));
      if (i == names.length - 1) {
        return key;
      }
      section = sectionOf(key.shape(), path);
    }
  }

  private static Section sectionOf(Shape shape, String path) {
    return switch (shape) {
      case Section s -> s;
      case ListOf(Section s) -> s;
      case ScalarOrSection s -> s.section();
      default -> throw new IllegalStateException("config key " + path + " does not lead through sections");
    };
  }

  private static <T> T cast(String path, Class<T> type) {
    Object value = value(path);
    if (!type.isInstance(value)) {
      throw new IllegalStateException("the default of config key " + path + " is " + value + ", not a "
          + type.getSimpleName());
    }
    return type.cast(value);
  }
}
