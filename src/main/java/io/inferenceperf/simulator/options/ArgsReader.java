package io.inferenceperf.simulator.options;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns {@code --key value}, {@code --key=value} and bare boolean {@code --flag} arguments into a raw map. */
final class ArgsReader {
  private ArgsReader() {}

  static Map<String, Object> read(List<String> args, List<String> problems) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        problems.add("unexpected argument '" + arg + "'; options look like --key value or --key=value");
        continue;
      }
      String body = arg.substring(2);
      int equals = body.indexOf('=');
      String key = equals >= 0 ? body.substring(0, equals) : body;
      String normalized = key.toLowerCase(Locale.ROOT).replace('-', '_');
      OptionSpec spec = OptionCatalog.find(normalized);
      if (spec == null) {
        problems.add(SimulatorOptions.unknownKeyMessage("--" + key, normalized));
        if (equals < 0 && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          i++; // skip its value so that it is not reported as a second problem
        }
        continue;
      }
      String value;
      if (equals >= 0) {
        value = body.substring(equals + 1);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else if (spec.kind() == OptionSpec.Kind.BOOL) {
        value = "true";
      } else {
        problems.add("--" + key + ": a value is required (" + spec.typeHint() + ")");
        continue;
      }
      map.put(key, value);
    }
    return map;
  }
}
