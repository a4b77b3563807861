package io.inferenceperf.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format for tests, written independently of the simulator's writer: every
 * line must be a HELP, a TYPE or a sample of a family declared just before.
 */
final class PromExposition {
  private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)\\})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {}

  record Family(String name, String type, String help, List<Sample> samples) {
    double value(String sampleName, String... labelPairs) {
      for (Sample s : samples) {
        if (s.name().equals(sampleName) && matches(s.labels(), labelPairs)) {
          return s.value();
        }
      }
      throw new AssertionError("no sample " + sampleName + " " + List.of(labelPairs) + " in " + samples);
    }

    double sum(String sampleName) {
      return samples.stream().filter(s -> s.name().equals(sampleName)).mapToDouble(Sample::value).sum();
    }
  }

  private static boolean matches(Map<String, String> labels, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }

  static Map<String, Family> parse(String text) {
    Map<String, Family> families = new LinkedHashMap<>();
    String help = null;
    String helpName = null;
    Family current = null;
    for (String line : text.split("\n")) {
      Matcher m;
      if ((m = HELP.matcher(line)).matches()) {
        helpName = m.group(1);
        help = m.group(2);
      } else if ((m = TYPE.matcher(line)).matches()) {
        if (!m.group(1).equals(helpName)) {
          throw new AssertionError("TYPE without a HELP just before: " + line);
        }
        if (families.containsKey(m.group(1))) {
          throw new AssertionError("family declared twice: " + m.group(1));
        }
        current = new Family(m.group(1), m.group(2), help, new ArrayList<>());
        families.put(current.name(), current);
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        if (current == null || !belongs(m.group(1), current)) {
          throw new AssertionError("sample outside its family: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(2) != null) {
          Matcher l = LABEL.matcher(m.group(2));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        current.samples().add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3).replace("+Inf", "Infinity"))));
      } else if (!line.isEmpty()) {
        throw new AssertionError("not a Prometheus text line: " + line);
      }
    }
    return families;
  }

  private static boolean belongs(String sample, Family family) {
    if (family.type().equals("histogram")) {
      return sample.equals(family.name() + "_bucket") || sample.equals(family.name() + "_sum")
          || sample.equals(family.name() + "_count");
    }
    return sample.equals(family.name());
  }
}
