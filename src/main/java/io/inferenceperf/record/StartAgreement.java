package io.inferenceperf.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a load generator of a distributed run knew when to start stage 0, and what it knew of its clock: the instant
 * given in advance (load.distributed.start_at), or agreed through the Kubernetes start barrier, with the offset of
 * its node's clock from the API server's estimated meanwhile.
 *
 * @param agreedBy {@link #START_AT} or {@link #KUBERNETES_BARRIER}
 * @param startEpochMillis the agreed start on the wall clock
 * @param clockOffsetMillis the API server's clock minus this node's, or null when not estimated
 * @param clockOffsetUncertaintyMillis half the width of the window the offset lies in, or null
 * @param barrierWaitMillis how long this load generator waited at the barrier for the others, or null
 * @param wroteStart whether this one wrote the agreed start (the first to see every pod ready), or null
 */
public record StartAgreement(String agreedBy, long startEpochMillis, Double clockOffsetMillis,
    Double clockOffsetUncertaintyMillis, Long barrierWaitMillis, Boolean wroteStart) {
  public static final String START_AT = "start_at";
  public static final String KUBERNETES_BARRIER = "kubernetes_barrier";

  public static StartAgreement fixed(long startEpochMillis) {
    return new StartAgreement(START_AT, startEpochMillis, null, null, null, null);
  }

  /** As the {@code start} object of the results header (absent values left out). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("agreed_by", agreedBy);
    map.put("start_epoch_millis", startEpochMillis);
    if (clockOffsetMillis != null) map.put("clock_offset_ms", clockOffsetMillis);
    if (clockOffsetUncertaintyMillis != null) map.put("clock_offset_uncertainty_ms", clockOffsetUncertaintyMillis);
    if (barrierWaitMillis != null) map.put("barrier_wait_ms", barrierWaitMillis);
    if (wroteStart != null) map.put("wrote_start", wroteStart);
    return map;
  }

  /** Reads what {@link #toMap()} wrote (after a JSON round trip). */
  public static StartAgreement fromMap(Map<String, ?> map) {
    return new StartAgreement(String.valueOf(map.get("agreed_by")), number(map.get("start_epoch_millis")).longValue(),
        doubleOrNull(map.get("clock_offset_ms")), doubleOrNull(map.get("clock_offset_uncertainty_ms")),
        map.get("barrier_wait_ms") instanceof Number n ? n.longValue() : null,
        map.get("wrote_start") instanceof Boolean b ? b : null);
  }

  private static Number number(Object value) {
    return value instanceof Number n ? n : 0L;
  }

  private static Double doubleOrNull(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }
}
