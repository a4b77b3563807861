package io.inferenceperf.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.LoadConfig.LoraAdapter;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.record.BreakerTrip;
import io.inferenceperf.record.Placement;
import io.inferenceperf.record.StartAgreement;
import io.inferenceperf.record.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The header, stage and run lines of a results file, written and read back. */
final class ResultsJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private ResultsJson() {}

  static void writeHeader(JsonGenerator json, ResultsHeader header) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", ResultsFormat.HEADER);
    json.writeStringField("format", ResultsFormat.FORMAT);
    json.writeNumberField("version", header.version());
    json.writeStringField("tool", header.tool());
    json.writeNumberField("origin_epoch_nanos", header.originEpochNanos());
    json.writeNumberField("base_seed", header.baseSeed());
    if (header.replicas() > 1) {
      json.writeObjectFieldStart("replica");
      json.writeNumberField("index", header.replicaIndex());
      json.writeNumberField("of", header.replicas());
      json.writeEndObject();
    }
    json.writeObjectFieldStart("measurement");
    json.writeStringField("tokenizer", header.measurement().tokenizerName());
    json.writeBooleanField("per_token_timestamps", header.measurement().perTokenTimestamps());
    json.writeBooleanField("kernel_timestamps", header.measurement().kernelTimestamps());
    if (header.measurement().ioPriority() != null) {
      json.writeStringField("io_threads", header.measurement().ioPriority());
    }
    json.writeEndObject();
    writeAggregation(json, header.aggregation());
    json.writeFieldName("report");
    json.writeTree(JSON.valueToTree(header.report()));
    json.writeStringField("report_file_prefix", header.reportFilePrefix());
    json.writeStringField("config_yaml", header.configYaml());
    if (header.placement() != null) {
      json.writeFieldName("placement");
      json.writeTree(JSON.valueToTree(header.placement().toMap()));
    }
    if (header.start() != null) {
      json.writeFieldName("start");
      json.writeTree(JSON.valueToTree(header.start().toMap()));
    }
    if (!header.loraAdapters().isEmpty()) {
      json.writeArrayFieldStart("lora_adapters");
      for (LoraAdapter adapter : header.loraAdapters()) {
        json.writeStartObject();
        json.writeStringField("name", adapter.name());
        json.writeNumberField("split", adapter.split());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private static void writeAggregation(JsonGenerator json, AggregationSettings settings) throws IOException {
    json.writeObjectFieldStart("aggregation");
    json.writeArrayFieldStart("percentiles");
    for (double p : settings.percentiles()) json.writeNumber(p);
    json.writeEndArray();
    json.writeBooleanField("use_server_output_tokens", settings.useServerOutputTokens());
    json.writeNumberField("max_error_messages", settings.maxErrorMessages());
    json.writeObjectFieldStart("goodput_constraints");
    for (Map.Entry<String, Double> constraint : settings.goodputConstraints().entrySet()) {
      json.writeNumberField(constraint.getKey(), constraint.getValue());
    }
    json.writeEndObject();
    if (!settings.headerSlos().isEmpty()) {
      json.writeObjectFieldStart("header_slos");
      for (Map.Entry<String, Double> slo : settings.headerSlos().entrySet()) {
        json.writeNumberField(slo.getKey(), slo.getValue());
      }
      json.writeEndObject();
    }
    json.writeNumberField("exact_values_cap", settings.exactValuesCap());
    json.writeEndObject();
  }

  static ResultsHeader readHeader(JsonNode line) throws JsonProcessingException {
    JsonNode aggregation = line.get("aggregation");
    List<Double> percentiles = new ArrayList<>();
    aggregation.get("percentiles").forEach(p -> percentiles.add(p.asDouble()));
    Map<String, Double> constraints = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> c : aggregation.get("goodput_constraints").properties()) {
      constraints.put(c.getKey(), c.getValue().asDouble());
    }
    Map<String, Double> headerSlos = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> slo : aggregation.path("header_slos").properties()) {
      headerSlos.put(slo.getKey(), slo.getValue().asDouble());
    }
    AggregationSettings settings = new AggregationSettings(percentiles,
        aggregation.get("use_server_output_tokens").asBoolean(), aggregation.get("max_error_messages").asInt(),
        constraints, aggregation.get("exact_values_cap").asInt()).withHeaderSlos(headerSlos);
    JsonNode measurement = line.get("measurement");
    return new ResultsHeader(
        line.get("version").asInt(),
        line.path("tool").asText(""),
        line.get("origin_epoch_nanos").asLong(),
        line.path("config_yaml").asText(""),
        JSON.treeToValue(line.get("report"), ReportConfig.class),
        line.path("report_file_prefix").asText(""),
        new MeasurementSetup(measurement.get("tokenizer").isNull() ? null : measurement.get("tokenizer").asText(),
            measurement.get("per_token_timestamps").asBoolean(),
            measurement.path("kernel_timestamps").asBoolean(false),
            measurement.hasNonNull("io_threads") ? measurement.get("io_threads").asText() : null),
        settings,
        line.path("base_seed").asLong(),
        line.path("replica").path("of").asInt(1),
        line.path("replica").path("index").asInt(0),
        line.hasNonNull("placement") ? Placement.fromMap(JSON.convertValue(line.get("placement"), MAP)) : null,
        line.hasNonNull("start") ? StartAgreement.fromMap(JSON.convertValue(line.get("start"), MAP)) : null,
        loraAdapters(line.path("lora_adapters")));
  }

  private static List<LoraAdapter> loraAdapters(JsonNode list) {
    List<LoraAdapter> adapters = new ArrayList<>();
    for (JsonNode adapter : list) {
      adapters.add(new LoraAdapter(adapter.get("name").asText(), adapter.get("split").asDouble()));
    }
    return adapters;
  }

  static void writeStageStart(JsonGenerator json, StageStart start, long originNanos) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", ResultsFormat.STAGE_START);
    json.writeNumberField("stage", start.stageId());
    json.writeStringField("load_type", start.loadType());
    if (Double.isFinite(start.rate())) json.writeNumberField("rate", start.rate());
    json.writeNumberField("duration_ns", start.durationNanos());
    json.writeNumberField("planned", start.planned());
    json.writeNumberField("concurrency", start.concurrency());
    json.writeNumberField("seed", start.seed());
    json.writeNumberField("start_ns", start.startNanos() - originNanos);
    json.writeNumberField("start_epoch_ms", start.startEpochMillis());
    json.writeEndObject();
  }

  static StageStart readStageStart(JsonNode line) {
    JsonNode rate = line.get("rate");
    return new StageStart(line.get("stage").asInt(), line.get("load_type").asText(),
        rate == null ? Double.NaN : rate.asDouble(), line.get("duration_ns").asLong(), line.get("planned").asLong(),
        line.get("concurrency").asInt(), line.get("seed").asLong(), line.get("start_ns").asLong(),
        line.get("start_epoch_ms").asLong());
  }

  static void writeStageEnd(JsonGenerator json, StageEnd end, long originNanos) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", ResultsFormat.STAGE_END);
    json.writeNumberField("stage", end.stageId());
    json.writeStringField("status", end.status().reportName());
    json.writeNumberField("end_ns", end.endNanos() - originNanos);
    json.writeNumberField("end_epoch_ms", end.endEpochMillis());
    json.writeNumberField("sent", end.sent());
    json.writeNumberField("unsent", end.unsent());
    json.writeNumberField("cut_off", end.cutOff());
    writeResources(json, end.resources());
    json.writeEndObject();
  }

  static StageEnd readStageEnd(JsonNode line) {
    return new StageEnd(line.get("stage").asInt(), Status.fromReportName(line.get("status").asText()),
        line.get("end_ns").asLong(), line.get("end_epoch_ms").asLong(), line.get("sent").asLong(),
        line.get("unsent").asLong(), line.get("cut_off").asLong(), readResources(line));
  }

  static void writeBreakerTrip(JsonGenerator json, BreakerTrip trip, long originNanos) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", ResultsFormat.CIRCUIT_BREAKER);
    json.writeNumberField("stage", trip.stageId());
    json.writeStringField("breaker", trip.breaker());
    json.writeStringField("trigger", trip.trigger());
    json.writeStringField("stops", trip.stops());
    json.writeNumberField("at_ns", trip.atNanos() - originNanos);
    json.writeNumberField("counted", trip.counted());
    json.writeNumberField("hits", trip.hits());
    json.writeArrayFieldStart("requests");
    for (BreakerTrip.Request request : trip.requests()) {
      json.writeStartObject();
      json.writeNumberField("seq", request.seq());
      json.writeNumberField("stage", request.stageId());
      if (request.errorType() != null) json.writeStringField("error_type", request.errorType());
      json.writeNumberField("http_status", request.httpStatus());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  static BreakerTrip readBreakerTrip(JsonNode line) {
    List<BreakerTrip.Request> requests = new ArrayList<>();
    for (JsonNode request : line.path("requests")) {
      JsonNode errorType = request.get("error_type");
      requests.add(new BreakerTrip.Request(request.path("seq").asLong(), request.path("stage").asInt(),
          errorType == null ? null : errorType.asText(), request.path("http_status").asInt()));
    }
    return new BreakerTrip(line.path("breaker").asText(), line.path("trigger").asText(), line.path("stage").asInt(),
        !"stage".equals(line.path("stops").asText()), line.path("at_ns").asLong(), line.path("counted").asLong(),
        line.path("hits").asLong(), requests);
  }

  static void writeRunEnd(JsonGenerator json, RunEnd end) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", ResultsFormat.RUN_END);
    json.writeStringField("status", end.status().reportName());
    writeResources(json, end.resources());
    json.writeEndObject();
  }

  static RunEnd readRunEnd(JsonNode line) {
    return new RunEnd(Status.fromReportName(line.get("status").asText()), readResources(line));
  }

  private static void writeResources(JsonGenerator json, ClientResources.Usage usage) throws IOException {
    if (usage == null) return;
    json.writeFieldName("client_resources");
    json.writeObject(usage.toReportMap());
  }

  private static ClientResources.Usage readResources(JsonNode line) {
    JsonNode resources = line.get("client_resources");
    if (resources == null || !resources.isObject()) return null;
    @SuppressWarnings("unchecked")
    Map<String, Object> map = JSON.convertValue(resources, Map.class);
    return ClientResources.Usage.fromReportMap(map);
  }
}
