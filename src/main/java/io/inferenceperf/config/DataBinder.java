package io.inferenceperf.config;

import io.inferenceperf.config.DataConfig.DataType;
import java.util.Arrays;

/** Builds {@link DataConfig} from the validated {@code data} section, with the per-type and distribution rules. */
final class DataBinder {

  private DataBinder() {}

  static DataConfig bind(TreeView data, Findings findings) {
    DataType type = data.valid("type") ? byYamlName(data.string("type")) : null;
    Distribution input = distribution(data, "input_distribution", findings);
    Distribution output = distribution(data, "output_distribution", findings);
    boolean chatTemplate = data.bool("use_chat_template", false);
    if (type != null) {
      typeRules(data, type, findings);
    }
    return new DataConfig(
        type != null ? type : DataType.MOCK,
        data.string("path"),
        data.string("corpus_file_path"),
        input,
        output,
        chatTemplate);
  }

  private static void typeRules(TreeView data, DataType type, Findings findings) {
    if (type == DataType.RANDOM) {
      for (String key : new String[] {"input_distribution", "output_distribution"}) {
        if (data.valid(key) && !data.isSet(key) && !findings.suggested(data.pathOf(key))) {
          findings.problem(data.problem(key, "missing required key for data.type random (e.g. {min: 10, max: 1024,"
              + " mean: 512, std_dev: 200})"));
        }
      }
    }
    if (data.bool("use_chat_template", false) && type != DataType.RANDOM) {
      findings.problem(data.problem("use_chat_template", "only allowed with data.type random (got data.type "
          + type.yamlName + ")"));
    }
    if (type == DataType.MOCK) {
      for (String key : new String[] {"input_distribution", "output_distribution"}) {
        if (data.isSet(key)) { // as in inference-perf, where the mock generator rejects distributions
          findings.problem(data.problem(key, "not supported by data.type mock, which sends a fixed short prompt;"
              + " remove it or use data.type random"));
        }
      }
    }
    // path and corpus_file_path belong to dataset and synthetic types
    for (String key : new String[] {"path", "corpus_file_path"}) {
      if (data.givenByUser(key) && (type == DataType.MOCK || type == DataType.RANDOM)) {
        findings.note(data.problem(key, "not used by data.type " + type.yamlName));
      }
    }
  }

  /**
   * A distribution with inference-perf's rules: min <= max; for normal, mean within [min, max] (sampling fails
   * otherwise); variance, when given, sets std_dev = sqrt(variance), and std_dev must then be left out (or 0, the
   * inference-perf idiom).
   */
  static Distribution distribution(TreeView parent, String key, Findings findings) {
    TreeView d = parent.section(key);
    if (d == null) {
      return null;
    }
    int min = d.integer("min", 10);
    int max = d.integer("max", 1024);
    double mean = d.number("mean", 512);
    double stdDev = d.number("std_dev", 200);
    Double variance = d.number("variance");
    Distribution.Type type = d.valid("type") ? typeByYamlName(d.string("type")) : null;
    if (d.valid("min") && d.valid("max") && min > max) {
      findings.problem(d.problem("min", "must be <= max (" + max + "), got " + min));
    }
    if (type == Distribution.Type.NORMAL && d.valid("mean") && d.valid("min") && d.valid("max") && min <= max
        && (mean < min || mean > max)) {
      findings.problem(d.problem("mean", "must be between min (" + min + ") and max (" + max + ") for a normal"
          + " distribution, got " + ConfigYaml.inline(mean)));
    }
    if (variance != null) {
      double fromVariance = Math.sqrt(variance);
      if (d.givenByUser("std_dev") && stdDev != 0 && Math.abs(stdDev - fromVariance) > 1e-9 * fromVariance) {
        findings.problem(d.problem("variance", "give std_dev or variance, not both (std_dev " + ConfigYaml.inline(
            stdDev) + " but sqrt(variance) = " + ConfigYaml.inline(fromVariance) + ")"));
      }
      stdDev = fromVariance;
    }
    return new Distribution(
        min, max, mean, stdDev, d.integer("total_count"), type != null ? type : Distribution.Type.NORMAL,
        variance, d.number("skew", 0.0));
  }

  private static DataType byYamlName(String name) {
    return Arrays.stream(DataType.values()).filter(t -> t.yamlName.equals(name)).findFirst().orElse(null);
  }

  private static Distribution.Type typeByYamlName(String name) {
    return Arrays.stream(Distribution.Type.values()).filter(t -> t.yamlName.equals(name)).findFirst().orElse(null);
  }
}
