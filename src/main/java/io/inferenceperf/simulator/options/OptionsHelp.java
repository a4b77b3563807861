package io.inferenceperf.simulator.options;

import java.util.List;
import java.util.Map;

/** The {@code simulate --help} text: every option with its kind, meaning, default and profile-specific values. */
public final class OptionsHelp {
  private OptionsHelp() {}

  /** @param defaultPort the port the simulate command listens on when --port is not given */
  public static String text(int defaultPort) {
    StringBuilder help = new StringBuilder();
    help.append("Usage: inference-perf simulate [--port N] [--key value]...\n\n")
        .append("Runs the simulated OpenAI-compatible model server until stopped (Ctrl-C or SIGTERM).\n")
        .append("Keys accept dashes or underscores (--max-num-seqs or --max_num_seqs); booleans may be given\n")
        .append("alone (--prefix-caching). The same keys go in a benchmark config's 'simulator:' section.\n")
        .append("Default profile: ").append(Profiles.DEFAULT).append("; --port defaults to ").append(defaultPort)
        .append(" here (0 for a free port).\n\nOptions:\n");
    Map<String, Object> defaults = Profiles.values(Profiles.DEFAULT);
    for (OptionSpec spec : OptionCatalog.ALL) {
      help.append("  --").append(spec.key().replace('_', '-')).append(" <").append(spec.typeHint()).append(">\n");
      help.append("      ").append(spec.help()).append(". Default: ").append(show(defaults.get(spec.key())));
      StringBuilder perProfile = new StringBuilder();
      for (String profile : Profiles.NAMES) {
        Object value = Profiles.values(profile).get(spec.key());
        if (!spec.key().equals("profile") && !String.valueOf(value).equals(String.valueOf(defaults.get(spec.key())))) {
          perProfile.append(perProfile.isEmpty() ? "" : ", ").append(profile).append('=').append(show(value));
        }
      }
      if (!perProfile.isEmpty()) {
        help.append(" (").append(perProfile).append(')');
      }
      help.append('\n');
    }
    return help.toString();
  }

  private static String show(Object value) {
    if (value instanceof List<?> list) {
      return list.isEmpty() ? "none" : String.join(",", list.stream().map(String::valueOf).toList());
    }
    if (value instanceof Double d) {
      return OptionSpec.formatNumber(d);
    }
    return String.valueOf(value);
  }
}
