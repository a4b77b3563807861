package io.inferenceperf.report;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.StartAgreement;
import io.inferenceperf.record.Status;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one load generator of a merged report did (one results file: a replica of a distributed run, or one run):
 * its requests, how it ended, when its first stage started on the merged timeline, and whether it kept pace. Small
 * and constant in size, so a merge of many files keeps flat memory.
 */
final class LoadGeneratorTally {
  private final String label;
  private Status status;
  private long records;
  private long sent;
  private long failures;
  private long firstSentNanos = Long.MAX_VALUE;
  private long lastSentNanos = Long.MIN_VALUE;
  private long maxScheduleDelayNanos = -1;
  private long firstStageStartNanos = -1;
  private final StartAgreement start;

  LoadGeneratorTally(String label) {
    this(label, null);
  }

  /** @param start how it knew its start (and its clock offset), or null */
  LoadGeneratorTally(String label, StartAgreement start) {
    this.label = label;
    this.start = start;
  }

  void stageStarted(long startNanos) {
    if (firstStageStartNanos < 0) firstStageStartNanos = startNanos;
  }

  void record(RequestRecord record) {
    if (record.stageId() < 0) return;
    records++;
    if (!record.success()) failures++;
    if (record.sentNanos() >= 0) {
      sent++;
      firstSentNanos = Math.min(firstSentNanos, record.sentNanos());
      lastSentNanos = Math.max(lastSentNanos, record.sentNanos());
      maxScheduleDelayNanos = Math.max(maxScheduleDelayNanos, record.scheduleDelayNanos());
    }
  }

  void ended(Status ended) {
    status = status == null || ended.compareTo(status) > 0 ? ended : status;
  }

  long firstStageStartNanos() {
    return firstStageStartNanos;
  }

  /** The tally as the report states it; {@code earliestStartNanos} is the earliest first-stage start of all. */
  Map<String, Object> toReportMap(long earliestStartNanos) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("load_generator", label);
    map.put("status", (status == null ? Status.INTERRUPTED : status).reportName());
    map.put("requests", records);
    map.put("sent", sent);
    map.put("failures", failures);
    double window = (lastSentNanos - firstSentNanos) / 1e9;
    map.put("achieved_rate", sent > 1 && window > 0 ? round(sent / window) : 0.0);
    map.put("schedule_delay_max_seconds", maxScheduleDelayNanos < 0 ? null : maxScheduleDelayNanos / 1e9);
    map.put("start_offset_seconds", firstStageStartNanos < 0 ? null : (firstStageStartNanos - earliestStartNanos) / 1e9);
    if (start != null) {
      map.put("start_agreed_by", start.agreedBy());
      if (start.clockOffsetMillis() != null) {
        map.put("clock_offset_seconds", start.clockOffsetMillis() / 1e3);
        map.put("clock_offset_uncertainty_seconds", start.clockOffsetUncertaintyMillis() / 1e3);
      }
    }
    return map;
  }

  private static double round(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.3f", value));
  }
}
