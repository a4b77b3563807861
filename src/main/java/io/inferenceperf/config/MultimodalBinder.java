package io.inferenceperf.config;

import io.inferenceperf.config.MultimodalConfig.Audio;
import io.inferenceperf.config.MultimodalConfig.Image;
import io.inferenceperf.config.MultimodalConfig.ImageFormat;
import io.inferenceperf.config.MultimodalConfig.Placement;
import io.inferenceperf.config.MultimodalConfig.Resolution;
import io.inferenceperf.config.MultimodalConfig.Video;
import io.inferenceperf.config.MultimodalConfig.VideoFormat;
import io.inferenceperf.config.MultimodalConfig.VideoProfile;
import io.inferenceperf.config.MultimodalConfig.Weighted;
import io.inferenceperf.config.Node.ListNode;
import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds {@link MultimodalConfig} from a validated {@code multimodal} section. The union-typed keys arrive free-form
 * and are checked here: every problem names the key, what was found and the accepted forms.
 */
final class MultimodalBinder {

  /** Largest image or frame side accepted: 16384 pixels (4x 4k), far beyond what vision encoders take. */
  static final int MAX_SIDE = 16_384;
  static final int MAX_FRAMES = 10_000;
  static final double MAX_AUDIO_SECONDS = 3_600;

  private static final String RESOLUTION_FORMS = "a preset (" + String.join(", ", new TreeSet<>(
      MultimodalConfig.PRESETS.keySet())) + ") or {height: H, width: W}";

  private final Findings findings;

  private MultimodalBinder(Findings findings) {
    this.findings = findings;
  }

  /** The settings, or null when the section is absent. */
  static MultimodalConfig bind(TreeView section, Findings findings) {
    if (section == null) {
      return null;
    }
    MultimodalBinder binder = new MultimodalBinder(findings);
    return new MultimodalConfig(binder.image(section.section("image")), binder.video(section.section("video")),
        binder.audio(section.section("audio")));
  }

  private Image image(TreeView view) {
    if (view == null) {
      return null;
    }
    List<Weighted<Resolution>> resolutions = new ArrayList<>();
    Node node = view.node("resolutions");
    String key = view.pathOf("resolutions");
    if (node == null || isNull(node)) {
      resolutions.add(new Weighted<>(MultimodalConfig.DEFAULT_RESOLUTION, 1.0));
    } else if (node instanceof ListNode list) {
      for (int i = 0; i < list.items().size(); i++) {
        String itemKey = key + "[" + i + "]";
        MapNode item = mapItem(list.items().get(i), itemKey, "{resolution: ..., weight: 1.0}", "resolution",
            "weight");
        if (item != null) {
          Resolution r = resolution(item.get("resolution"), itemKey + ".resolution", item);
          double weight = weight(item, itemKey);
          if (r != null) resolutions.add(new Weighted<>(r, weight));
        }
      }
      checkWeights(resolutions, list, key);
    } else {
      Resolution r = resolution(node, key, null);
      if (r != null) resolutions.add(new Weighted<>(r, 1.0));
    }
    ImageFormat format = view.stringOrDefault("representation").equals("jpeg") ? ImageFormat.JPEG : ImageFormat.PNG;
    return new Image(placement(view), resolutions, format);
  }

  private Video video(TreeView view) {
    if (view == null) {
      return null;
    }
    List<Weighted<VideoProfile>> profiles = new ArrayList<>();
    Node node = view.node("profiles");
    String key = view.pathOf("profiles");
    if (node == null || isNull(node)) {
      profiles.add(new Weighted<>(new VideoProfile(MultimodalConfig.DEFAULT_RESOLUTION,
          MultimodalConfig.DEFAULT_VIDEO_FRAMES), 1.0));
    } else if (node instanceof ListNode list) {
      for (int i = 0; i < list.items().size(); i++) {
        String itemKey = key + "[" + i + "]";
        MapNode item = mapItem(list.items().get(i), itemKey, "{profile: {resolution, frames}, weight: 1.0}",
            "profile", "weight");
        if (item != null) {
          VideoProfile profile = profile(item.get("profile"), itemKey + ".profile", item);
          double weight = weight(item, itemKey);
          if (profile != null) profiles.add(new Weighted<>(profile, weight));
        }
      }
      checkWeights(profiles, list, key);
    } else {
      VideoProfile profile = profile(node, key, null);
      if (profile != null) profiles.add(new Weighted<>(profile, 1.0));
    }
    String representation = view.stringOrDefault("representation");
    VideoFormat format = switch (representation) {
      case "png_frames" -> VideoFormat.PNG_FRAMES;
      case "jpeg_frames" -> VideoFormat.JPEG_FRAMES;
      default -> VideoFormat.MP4;
    };
    return new Video(placement(view), profiles, format);
  }

  private Audio audio(TreeView view) {
    if (view == null) {
      return null;
    }
    List<Weighted<Double>> durations = new ArrayList<>();
    Node node = view.node("durations");
    String key = view.pathOf("durations");
    if (node == null || isNull(node)) {
      durations.add(new Weighted<>(MultimodalConfig.DEFAULT_AUDIO_SECONDS, 1.0));
    } else if (node instanceof ListNode list) {
      for (int i = 0; i < list.items().size(); i++) {
        String itemKey = key + "[" + i + "]";
        MapNode item = mapItem(list.items().get(i), itemKey, "{duration: 2.5, weight: 1.0}", "duration", "weight");
        if (item != null) {
          Double seconds = duration(item.get("duration"), itemKey + ".duration", item);
          double weight = weight(item, itemKey);
          if (seconds != null) durations.add(new Weighted<>(seconds, weight));
        }
      }
      checkWeights(durations, list, key);
    } else {
      Double seconds = duration(node, key, null);
      if (seconds != null) durations.add(new Weighted<>(seconds, 1.0));
    }
    return new Audio(placement(view), durations);
  }

  private Placement placement(TreeView view) {
    Distribution count = DataBinder.distribution(view, "count", DataBinder.Use.SAMPLE, findings);
    TreeView countView = view.section("count");
    if (count != null && countView.valid("mean") && (count.mean() < count.min() || count.mean() > count.max())) {
      findings.note(countView.problem("mean", "is outside [min, max] = [" + count.min() + ", " + count.max()
          + "], so the count is clipped to " + (count.mean() < count.min() ? "min" : "max") + " (min and max"
          + " default to 10 and 1024); set min and max too, e.g. {type: fixed, mean: 2, min: 2, max: 2}"));
    }
    Double point = view.number("insertion_point");
    Distribution points = view.section("insertion_point") == null ? null
        : DataBinder.distribution(view, "insertion_point", DataBinder.Use.SAMPLE, findings);
    return new Placement(count, point, points);
  }

  // ---- the free-form values ----------------------------------------------------------------------------------

  /** A preset name or {height, width}; null (with a problem) otherwise. */
  private Resolution resolution(Node node, String key, MapNode parent) {
    if (node == null || isNull(node)) {
      problem(key, parent, "is missing; give " + RESOLUTION_FORMS);
      return null;
    }
    if (node instanceof ScalarNode s) {
      Resolution preset = MultimodalConfig.PRESETS.get(s.text().strip().toLowerCase(java.util.Locale.ROOT));
      if (preset == null) {
        problem(key, node, "unknown resolution '" + s.text() + "'; give " + RESOLUTION_FORMS);
      }
      return preset;
    }
    if (!(node instanceof MapNode map)) {
      problem(key, node, "must be " + RESOLUTION_FORMS);
      return null;
    }
    if (!onlyKeys(map, key, "{height: H, width: W}", "height", "width")) {
      return null;
    }
    Integer height = side(map.get("height"), key + ".height", map);
    Integer width = side(map.get("width"), key + ".width", map);
    return height == null || width == null ? null : new Resolution(width, height);
  }

  private Integer side(Node node, String key, MapNode parent) {
    Long value = integer(node, key, parent, "an integer number of pixels from 1 to " + MAX_SIDE);
    if (value == null) return null;
    if (value < 1 || value > MAX_SIDE) {
      problem(key, node, "must be from 1 to " + MAX_SIDE + " pixels, got " + value);
      return null;
    }
    return value.intValue();
  }

  /** {resolution, frames}; null (with a problem) otherwise. */
  private VideoProfile profile(Node node, String key, MapNode parent) {
    if (!(node instanceof MapNode map)) {
      problem(key, node == null ? parent : node, (node == null ? "is missing" : "must be a mapping")
          + "; give {resolution: <" + RESOLUTION_FORMS + ">, frames: N}");
      return null;
    }
    if (!onlyKeys(map, key, "{resolution, frames}", "resolution", "frames")) {
      return null;
    }
    Resolution resolution = resolution(map.get("resolution"), key + ".resolution", map);
    Long frames = integer(map.get("frames"), key + ".frames", map, "an integer from 1 to " + MAX_FRAMES
        + " (required)");
    if (frames != null && (frames < 1 || frames > MAX_FRAMES)) {
      problem(key + ".frames", map.get("frames"), "must be from 1 to " + MAX_FRAMES + ", got " + frames);
      return null;
    }
    return resolution == null || frames == null ? null : new VideoProfile(resolution, frames.intValue());
  }

  private Double duration(Node node, String key, MapNode parent) {
    Double seconds = number(node, key, parent, "a number of seconds > 0 and <= " + (int) MAX_AUDIO_SECONDS);
    if (seconds != null && (!(seconds > 0) || seconds > MAX_AUDIO_SECONDS)) {
      problem(key, node, "must be > 0 and <= " + (int) MAX_AUDIO_SECONDS + " seconds, got "
          + ConfigYaml.inline(seconds));
      return null;
    }
    return seconds;
  }

  private double weight(MapNode item, String itemKey) {
    Node node = item.get("weight");
    if (node == null || isNull(node)) {
      return 1.0;
    }
    Double weight = number(node, itemKey + ".weight", item, "a number >= 0");
    if (weight != null && !(weight >= 0) || weight != null && weight.isInfinite()) {
      problem(itemKey + ".weight", node, "must be a number >= 0, got " + ConfigYaml.inline(weight));
      return 0;
    }
    return weight == null ? 0 : weight;
  }

  private <T> void checkWeights(List<Weighted<T>> choices, ListNode list, String key) {
    if (list.items().isEmpty()) {
      problem(key, list, "is an empty list; give at least one entry, or remove the key for the default");
    } else if (choices.size() == list.items().size() && choices.stream().allMatch(c -> c.weight() == 0)) {
      problem(key, list, "every weight is 0; give at least one entry a weight > 0");
    }
  }

  private MapNode mapItem(Node node, String key, String form, String... allowed) {
    if (!(node instanceof MapNode map)) {
      problem(key, node, "must be a mapping " + form);
      return null;
    }
    return onlyKeys(map, key, form, allowed) ? map : null;
  }

  private boolean onlyKeys(MapNode map, String key, String form, String... allowed) {
    Set<String> unknown = new TreeSet<>(map.entries().keySet());
    unknown.removeAll(List.of(allowed));
    if (!unknown.isEmpty()) {
      String first = unknown.iterator().next();
      findings.problem(ConfigProblem.at(key + "." + first, map.keyOrigin(first), "unknown key; expected " + form));
      return false;
    }
    return true;
  }

  private Long integer(Node node, String key, MapNode parent, String expected) {
    if (node == null || isNull(node)) {
      problem(key, parent, "is missing; give " + expected);
      return null;
    }
    if (node instanceof ScalarNode s && s.kind() != ScalarNode.Kind.BOOL) {
      try {
        return Long.parseLong(s.text().strip());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problem(key, node, "must be " + expected + ", got " + describe(node));
    return null;
  }

  private Double number(Node node, String key, MapNode parent, String expected) {
    if (node == null || isNull(node)) {
      problem(key, parent, "is missing; give " + expected);
      return null;
    }
    if (node instanceof ScalarNode s && s.kind() != ScalarNode.Kind.BOOL) {
      try {
        return Double.parseDouble(s.text().strip());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problem(key, node, "must be " + expected + ", got " + describe(node));
    return null;
  }

  private static String describe(Node node) {
    return switch (node) {
      case ScalarNode s -> "'" + s.text() + "'";
      case MapNode m -> "a mapping";
      case ListNode l -> "a list";
      default -> "an invalid value";
    };
  }

  private void problem(String key, Node at, String message) {
    findings.problem(ConfigProblem.at(key, at == null ? Node.Origin.DEFAULT : at.origin(), message));
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.isNull();
  }
}
