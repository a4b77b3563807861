package io.inferenceperf.config;

import io.inferenceperf.config.ConfigSchema.Entry;
import io.inferenceperf.config.SchemaKey.Status;
import io.inferenceperf.config.Shape.ListOf;
import io.inferenceperf.config.Shape.MapOf;
import io.inferenceperf.config.Shape.Scalar;
import io.inferenceperf.config.Shape.Section;
import java.util.ArrayList;
import java.util.List;

/** Renders {@link ConfigSchema} as --help text and as the markdown key reference of docs/configuration.md. */
final class SchemaDocs {

  private SchemaDocs() {}

  static String helpText(List<Entry> entries) {
    StringBuilder out = new StringBuilder();
    out.append("Config keys: set them in the YAML file (-c FILE), or override any with --KEY VALUE\n")
        .append("(also --KEY=VALUE; lists and mappings as JSON, e.g. --load.stages '[{\"rate\":10,\"duration\":60}]').\n")
        .append("[extension] marks keys inference-perf does not have.\n");
    for (Entry e : entries) {
      SchemaKey key = e.key();
      if (!key.supported()) {
        continue;
      }
      boolean top = !e.path().contains(".");
      if (key.shape() instanceof Section) {
        if (top) {
          out.append('\n').append(e.path()).append(": ").append(key.meaning()).append('\n');
        }
        continue;
      }
      if (top) {
        out.append('\n');
      }
      boolean listItem = e.path().contains("[]");
      out.append(listItem ? "      " : "  --").append(e.path())
          .append("  (").append(typeText(key.shape(), false));
      String dflt = defaultText(key);
      if (key.defaultValue().kind() == SchemaKey.Default.Kind.REQUIRED) {
        out.append("; required");
      } else if (!dflt.isEmpty()) {
        out.append("; default ").append(dflt);
      }
      out.append(")");
      if (key.status() == Status.EXTENSION) {
        out.append(" [extension]");
      }
      out.append('\n').append(listItem ? "          " : "      ").append(key.meaning()).append('\n');
    }
    return out.toString();
  }

  static String markdown(List<Entry> entries) {
    StringBuilder out = new StringBuilder();
    for (Entry e : entries) {
      SchemaKey key = e.key();
      if (!e.path().contains(".") && key.supported()) {
        out.append("\n### `").append(e.path()).append("`\n\n").append(key.meaning()).append("\n\n")
            .append("| Key | Type | Default | Meaning |\n|---|---|---|---|\n");
        if (!(key.shape() instanceof Section)) {
          row(out, e);
        }
        continue;
      }
      if (key.supported()) {
        row(out, e);
      }
    }
    out.append("\n### Not supported yet\n\n");
    List<String> keys = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.key().supported()) {
        keys.add("| `" + e.path() + "` | " + cell(e.key().meaning()) + " |\n");
      }
    }
    List<String> values = new ArrayList<>();
    for (Entry e : entries) {
      if (e.key().shape() instanceof Scalar s && !s.notYetChoices().isEmpty()) {
        values.add("| `" + e.path() + "` | "
            + String.join(", ", s.notYetChoices().stream().map(v -> "`" + v + "`").toList()) + " |\n");
      }
    }
    if (keys.isEmpty() && values.isEmpty()) {
      out.append("None: every key and value of inference-perf's schema is supported. A key or value this tool did"
          + " not support would be rejected with \"not supported yet\" (unless null or empty), never ignored.\n");
      return out.toString();
    }
    out.append("These inference-perf keys are recognised but rejected with \"not supported yet\" unless they are"
        + " null or empty:\n\n| Key | Feature |\n|---|---|\n");
    keys.forEach(out::append);
    out.append("\nValues not supported yet:\n\n| Key | Values |\n|---|---|\n");
    values.forEach(out::append);
    return out.toString();
  }

  private static void row(StringBuilder out, Entry e) {
    SchemaKey key = e.key();
    String dflt = defaultText(key);
    String meaning = (key.status() == Status.EXTENSION ? "*(extension)* " : "") + key.meaning();
    out.append("| `").append(e.path()).append("` | ").append(cell(typeText(key.shape(), true))).append(" | ")
        .append(key.defaultValue().kind() == SchemaKey.Default.Kind.FIXED ? "`" + cell(dflt) + "`" : cell(dflt))
        .append(" | ").append(cell(meaning)).append(" |\n");
  }

  static String typeText(Shape shape, boolean markdown) {
    return switch (shape) {
      case Section s -> "section";
      case ListOf l -> "list of " + (l.item() instanceof Section ? "mappings" : typeText(l.item(), markdown));
      case MapOf m -> "mapping" + (m.allowedKeys().isEmpty() ? "" : " with keys " + String.join(", ", m.allowedKeys()))
          + (m.value() instanceof Shape.FreeForm ? "" : " to " + typeText(m.value(), markdown));
      case Shape.FreeForm f -> "any";
      case Scalar s -> scalarText(s, markdown);
      case Shape.ScalarOrSection e -> scalarText(e.scalar(), markdown) + " or mapping";
    };
  }

  private static String scalarText(Scalar s, boolean markdown) {
    if (s.type() == Shape.ScalarType.ENUM) {
      return String.join(markdown ? ", " : "|", s.choices().stream().map(c -> markdown ? "`" + c + "`" : c).toList());
    }
    String range = s.range().describe();
    return s.type().description + (range.isEmpty() ? "" : " " + range);
  }

  static String defaultText(SchemaKey key) {
    return switch (key.defaultValue().kind()) {
      case NONE -> "none";
      case REQUIRED -> "required";
      case SECTION -> "";
      case FIXED -> ConfigYaml.inline(key.defaultValue().value());
      case COMPUTED -> key.defaultValue().doc();
    };
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
