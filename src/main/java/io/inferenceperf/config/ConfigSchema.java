package io.inferenceperf.config;

import io.inferenceperf.config.SchemaKey.Default;
import io.inferenceperf.config.SchemaKey.Status;
import io.inferenceperf.config.Shape.ListOf;
import io.inferenceperf.config.Shape.MapOf;
import io.inferenceperf.config.Shape.Range;
import io.inferenceperf.config.Shape.Scalar;
import io.inferenceperf.config.Shape.ScalarType;
import io.inferenceperf.config.Shape.Section;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one description of every config key: path, type, default, allowed values, meaning and whether it is
 * supported. Validation, {@code --help} ({@link #helpText()}) and docs/configuration.md
 * ({@link #markdownReference()}) are all derived from it, so they cannot disagree.
 */
public final class ConfigSchema {

  /**
   * Data types the loader accepts: every {@link DataConfig.DataType}. inference-perf's other data types
   * ({@link #UNMODELLED_DATA_TYPES}) are rejected with "not supported yet".
   */
  public static final Set<DataConfig.DataType> SUPPORTED_DATA_TYPES =
      Collections.unmodifiableSet(EnumSet.allOf(DataConfig.DataType.class));

  /** The only data.trace.format, as inference-perf names it. */
  public static final String AZURE_TRACE_FORMAT = "AzurePublicDataset";

  /** inference-perf data types that have no constant in {@link DataConfig.DataType} yet. */
  static final List<String> UNMODELLED_DATA_TYPES =
      List.of();

  /** Keys allowed in {@code report.goodput.constraints}, all in seconds. */
  public static final List<String> GOODPUT_METRICS = List.of("ttft", "tpot", "itl", "ntpot", "request_latency");

  public static final String TIMESTAMP_PLACEHOLDER = "{timestamp}";

  public static final Section ROOT = root();

  private ConfigSchema() {}

  /** One key with its full dotted path; list items appear as {@code load.stages[].rate}. */
  public record Entry(String path, SchemaKey key) {}

  /** Every key, depth first, sections before their keys. Does not descend into not-yet-supported keys. */
  public static List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    collect(ROOT, "", out);
    return out;
  }

  private static void collect(Section section, String prefix, List<Entry> out) {
    for (SchemaKey key : section.keys()) {
      String path = prefix.isEmpty() ? key.name() : prefix + "." + key.name();
      out.add(new Entry(path, key));
      if (!key.supported()) {
        continue;
      }
      if (key.shape() instanceof Section s) {
        collect(s, path, out);
      } else if (key.shape() instanceof ListOf(Section s)) {
        collect(s, path + "[]", out);
      }
    }
  }

  /** The --help listing of every supported key, one override flag per key. */
  public static String helpText() {
    return SchemaDocs.helpText(entries());
  }

  /** The generated key reference of docs/configuration.md (markdown tables per section). */
  public static String markdownReference() {
    return SchemaDocs.markdown(entries());
  }

  // ---- the schema --------------------------------------------------------------------------------------------

  private static Section root() {
    return section(
        sectionKey("api", "How requests are built: which OpenAI API, streaming, extra headers.", api()),
        sectionKey("data", "Where prompts come from and how long inputs and outputs are.", data()),
        sectionKey("load", "The load pattern: arrival type, stages, workers, timeouts, seed.", load()),
        sectionKey("server", "The model server under test.", server()),
        optionalSection("metrics", "Server-side metrics (Prometheus). Absent: none are collected.", metrics()),
        sectionKey("report", "Which report files are written and what they contain.", report()),
        sectionKey("storage", "Where report files are written.", storage()),
        optionalSection(
            "tokenizer",
            "Tokenizer used to count tokens. Absent: the model server's model name is used.",
            tokenizer()),
        key("circuit_breakers", new ListOf(CircuitBreakerSchema.breaker()), Default.none(),
            "Circuit breaker definitions, each enabled by name in load.circuit_breakers: JMESPath expressions"
                + " pick the requests that count and the triggers say when the breaker opens and stops the stage."),
        new SchemaKey(
            "simulator",
            new MapOf(new Shape.FreeForm(), List.of()),
            Default.none(),
            Status.EXTENSION,
            "Options of the built-in simulator used with server.type: simulator (see `inference-perf simulate"
                + " --help`)."));
  }

  private static Section api() {
    return section(
        enumKey("type", "completion", List.of("completion", "chat", "anthropic_messages", "auto"), List.of(),
            "completion: POST /v1/completions; chat: POST /v1/chat/completions; anthropic_messages: POST"
                + " /v1/messages (Anthropic Messages API; an api key goes in x-api-key); auto: ask the server which"
                + " routes it serves before the run, completion when both, chat when only chat."),
        key("streaming", bool(), Default.of(false), "Stream the response (SSE). Needed for TTFT, TPOT and ITL."),
        key("headers", new MapOf(scalar(ScalarType.STRING), List.of()), Default.none(),
            "Extra HTTP headers on every request, e.g. {\"x-team\": \"a\"}. Replace built-in ones by name."),
        enumKey("slo_unit", "ms", List.of("s", "ms", "us"), List.of(),
            "Unit of the per-request SLO header values (slo_ttft_header, slo_tpot_header)."),
        key("slo_ttft_header", scalar(ScalarType.STRING), Default.none(),
            "Request header (in api.headers) whose value is the request's TTFT SLO; absent: x-slo-ttft-<slo_unit>."
                + " Overrides report.goodput.constraints.ttft for streamed requests; \"default\" keeps it."),
        key("slo_tpot_header", scalar(ScalarType.STRING), Default.none(),
            "Request header (in api.headers) whose value is the request's TPOT SLO; absent: x-slo-tpot-<slo_unit>."
                + " Overrides report.goodput.constraints.tpot for streamed requests; \"default\" keeps it."),
        optionalSection("response_format", "Structured output, sent as the body's response_format (completion and"
            + " chat; the anthropic_messages API has none). Absent: none is sent.", responseFormat()),
        key("session_id_header_key", scalar(ScalarType.STRING), Default.none(),
            "Request header that carries the session id on every turn of a multi-turn session (e.g. x-session-id);"
                + " requests outside sessions do not send it."),
        key("session_token_header_key", scalar(ScalarType.STRING), Default.none(),
            "Response header carrying a router's session token (e.g. x-session-token for llm-d-router): its latest"
                + " value in a session's responses is sent back under the same name on that session's later turns."));
  }

  private static Section responseFormat() {
    return section(
        enumKey("type", "json_schema", List.of("json_schema", "json_object"), List.of(),
            "json_schema: the output must match json_schema; json_object: any JSON object."),
        key("name", scalar(ScalarType.STRING), Default.of("structured_output"), "The schema's name in the request."),
        key("json_schema", new MapOf(new Shape.FreeForm(), List.of()), Default.none(),
            "The JSON schema (a mapping), sent as response_format.json_schema.schema; required with type"
                + " json_schema."));
  }

  private static Section data() {
    List<String> supported = new ArrayList<>();
    List<String> notYet = new ArrayList<>();
    for (DataConfig.DataType t : DataConfig.DataType.values()) {
      (SUPPORTED_DATA_TYPES.contains(t) ? supported : notYet).add(t.yamlName);
    }
    notYet.addAll(UNMODELLED_DATA_TYPES);
    return section(
        enumKey("type", "mock", supported, notYet,
            "mock: a fixed short prompt, no tokenizer needed; random: random tokens with lengths drawn from the"
                + " distributions (or data.trace); synthetic: slices of a text corpus with those lengths;"
                + " shared_prefix: groups of prompts sharing a system prompt (data.shared_prefix); shareGPT,"
                + " cnn_dailymail, billsum_conversations, infinity_instruct: rows of a dataset (data.path; shareGPT and"
                + " cnn_dailymail without it: from the Hugging Face Hub); conversation_replay: synthetic multi-turn"
                + " conversations (data.conversation_replay); visionarena: real prompts with their images"
                + " (data.visionarena; api.type chat); otel_trace_replay: recorded agent traces replayed as session"
                + " graphs (data.otel_trace_replay); weka_trace_replay: Weka agent traces replayed as session graphs"
                + " (data.weka_trace_replay, load.type trace_session_replay)."),
        key("path", scalar(ScalarType.STRING), Default.none(),
            "Dataset types: a .json or .jsonl file or a folder of them, local, s3://bucket/key or gs://bucket/key"
                + " (downloaded once to a cache); shareGPT and cnn_dailymail without it: inference-perf's dataset from the"
                + " Hugging Face Hub (cnn_dailymail: its first 2,000 rows); visionarena without it: data.visionarena's"
                + " split from the Hub's dataset viewer, images included."),
        key("corpus_file_path", scalar(ScalarType.STRING), Default.none(),
            "synthetic and weka_trace_replay: text corpus; absent = a built-in text."),
        optionalSection("input_distribution", "Prompt length in tokens. Required by random (unless data.trace is"
            + " set) and synthetic; for dataset types only min and max are used, as a filter.", distribution()),
        optionalSection("output_distribution", "Output length in tokens (max_tokens). Required by random (unless"
            + " data.trace is set) and synthetic; for dataset types only min and max are used, as a filter.",
            distribution()),
        key("use_chat_template", bool(), Default.of(false),
            "random with api.type completion only: wrap each prompt in the tokenizer's chat template, target the"
                + " templated length and send add_special_tokens: false."),
        optionalSection("shared_prefix", "Settings of data.type shared_prefix (required by it).", sharedPrefix()),
        optionalSection("trace", "random only: take the input and output length of request i from row i of a trace"
            + " (cycling); the distributions are then not needed.", trace()),
        optionalSection("multimodal", "Synthetic images, video and audio woven into each chat request (data.type"
            + " synthetic, or shared_prefix for the per-request media; api.type chat). See docs/data.md.",
            MultimodalSchema.section()),
        optionalSection("otel_trace_replay", "Settings of data.type otel_trace_replay (required by it): recorded"
            + " OpenTelemetry agent traces replayed as session graphs (load.type trace_session_replay). See"
            + " docs/data.md.", OtelReplaySchema.section()),
        optionalSection("weka_trace_replay", "Settings of data.type weka_trace_replay: Weka KV-cache-tester"
            + " traces replayed as session graphs (see docs/data.md).", WekaReplaySchema.section()),
        optionalSection("conversation_replay", "Settings of data.type conversation_replay: synthetic agent-like"
            + " conversations, many turns each, run side by side (api.type completion). See docs/data.md.",
            conversationReplay()),
        optionalSection("visionarena", "Settings of data.type visionarena: prompts with their images from the"
            + " VisionArena-Chat dataset (data.path, or the Hugging Face Hub). Absent: the defaults below.",
            visionArena()));
  }

  private static Section visionArena() {
    return section(
        key("hf_dataset_name", scalar(ScalarType.STRING), Default.of("lmarena-ai/VisionArena-Chat"),
            "The Hugging Face dataset read through the Hub's dataset viewer when data.path is absent."),
        key("hf_split", scalar(ScalarType.STRING), Default.of("train"), "Its split."),
        key("hf_data_files", new Shape.FreeForm(), Default.none(),
            "Files of the Hub dataset repository to read instead of its dataset viewer: a glob pattern or a list of"
                + " them (\"data/train-0000*.parquet\"; * stays within a folder, ** crosses folders), or a mapping"
                + " of split to patterns (hf_split picks one). The matching Parquet, .json or .jsonl files are"
                + " downloaded in name order into the Hub cache until num_rows usable rows are read."),
        key("num_rows", integer(Range.atLeast(1)), Default.of(1000),
            "Usable rows (a user prompt and at least one JPEG, PNG or WEBP image) kept in memory; request i sends"
                + " row i mod num_rows."),
        key("max_images_per_request", integer(Range.atLeast(1)), Default.of(1),
            "The most images taken from a row, in its order."),
        key("insertion_point",
            new Shape.ScalarOrSection(new Scalar(ScalarType.NUMBER, Range.between(0, 1), List.of(), List.of()),
                distribution()),
            Default.of(0.0),
            "Where each image goes in the prompt text: a fraction of its characters from 0 (before) to 1 (after),"
                + " or a distribution clipped to [0, 1] sampled per image."));
  }

  private static Section sharedPrefix() {
    return section(
        key("num_groups", integer(Range.atLeast(1)), Default.of(10),
            "Number of distinct system prompts (alias num_unique_system_prompts)."),
        key("num_unique_system_prompts", integer(Range.atLeast(1)), Default.none(), "Alias of num_groups."),
        key("num_prompts_per_group", integer(Range.atLeast(1)), Default.of(10),
            "Questions per system prompt (alias num_users_per_system_prompt)."),
        key("num_users_per_system_prompt", integer(Range.atLeast(1)), Default.none(),
            "Alias of num_prompts_per_group."),
        key("system_prompt_len", lengthShape(), Default.of(100),
            "System prompt tokens: an integer, or a distribution mapping (keys as data.input_distribution)."),
        key("question_len", lengthShape(), Default.of(50),
            "Question tokens after the system prompt: an integer or a distribution mapping."),
        key("output_len", lengthShape(), Default.of(50), "Output tokens (max_tokens): an integer or a distribution"
            + " mapping."),
        key("question_distribution", distribution(), Default.none(),
            "Legacy form of question_len as a distribution; give one of the two."),
        key("output_distribution", distribution(), Default.none(),
            "Legacy form of output_len as a distribution; give one of the two."),
        key("seed", scalar(ScalarType.LONG), Default.none(),
            "Seed of the prompts; absent = load.base_seed (inference-perf: a different set every run)."),
        key("enable_multi_turn_chat", bool(), Default.of(false),
            "Multi-turn user sessions (api.type completion only): each prompt is a session that starts"
            + " from its group's system prompt; each round sends the conversation so far plus the question, and the"
            + " answer joins the conversation. Turns of a session run one at a time."),
        optionalSection("multimodal", "Media of the shared prefix (keys as data.multimodal): sampled once per"
            + " group with bytes fixed per group, so that they can hit the server's prefix cache.",
            MultimodalSchema.section()));
  }

  private static Section conversationReplay() {
    return section(
        key("seed", scalar(ScalarType.LONG), Default.of(42), "Seed of the conversations' lengths and texts."),
        key("num_conversations", integer(Range.atLeast(1)), Default.of(200),
            "Conversations run side by side: request i is the next turn of conversation i mod num_conversations."),
        key("shared_system_prompt_len", integer(Range.atLeast(0)), Default.of(8359),
            "Tokens of the system prompt part all conversations share (a fresh one each stage)."),
        optionalSection("dynamic_system_prompt_len", "Tokens of each conversation's own system prompt part, after"
            + " the shared one; absent = none.", distribution()),
        optionalSection("turns_per_conversation", "User turns of a conversation; then its slot starts a new"
            + " conversation. Absent = 10.", distribution()),
        optionalSection("input_tokens_per_turn", "Tokens of each turn's user text. Absent = 512.", distribution()),
        optionalSection("output_tokens_per_turn", "Output tokens (max_tokens) of each turn. Absent = 256.",
            distribution()),
        optionalSection("tool_call_latency_sec", "Seconds a conversation pauses after a turn's response (a tool"
            + " call), holding its session, before its next turn; not part of any request's latency. Absent = no"
            + " pause.", distribution()),
        key("max_model_len", integer(Range.atLeast(1)), Default.of(225000),
            "The model's context length: the oldest turns are left out of a prompt (then the system prompt, then"
                + " the turn's text is cut) to fit max_model_len - max_tokens - 200 tokens."));
  }

  /** A token length: an integer (a fixed length) or a distribution mapping. */
  private static Shape lengthShape() {
    return new Shape.ScalarOrSection(integer(Range.atLeast(1)), distribution());
  }

  private static Section trace() {
    return section(
        key("file", scalar(ScalarType.STRING), Default.required(),
            "CSV file with TIMESTAMP,ContextTokens,GeneratedTokens rows."),
        enumKey("format", AZURE_TRACE_FORMAT, List.of(AZURE_TRACE_FORMAT), List.of(), "Trace file format."));
  }

  static Section distribution() {
    return section(
        key("min", integer(Range.atLeast(0)), Default.of(10), "Smallest value; samples are clipped to it."),
        key("max", integer(Range.atLeast(0)), Default.of(1024), "Largest value; samples are clipped to it."),
        key("mean", number(Range.ANY), Default.of(512), "Mean (for fixed: the value)."),
        key("std_dev", number(Range.atLeast(0)), Default.of(200), "Standard deviation."),
        key("total_count", integer(Range.atLeast(1)), Default.none(), "How many values to pre-sample."),
        enumKey("type", "normal", List.of("normal", "skew_normal", "lognormal", "uniform", "poisson", "fixed"),
            List.of(), "Distribution family."),
        key("variance", number(Range.atLeast(0)), Default.none(),
            "Alternative to std_dev: std_dev = sqrt(variance). Give one of the two (std_dev: 0 counts as unset)."),
        key("skew", number(Range.ANY), Default.of(0.0), "Skewness (skew_normal)."));
  }

  private static Section load() {
    return section(
        enumKey("type", "constant", List.of("constant", "poisson", "concurrent", "trace_replay",
                "trace_session_replay"), List.of(),
            "constant: evenly spaced arrivals; poisson: random arrivals; concurrent: fixed requests in flight;"
                + " trace_replay: arrivals at the times of load.trace's rows; trace_session_replay: whole sessions"
                + " (their turns one after another) started per stage by concurrent_sessions and session_rate."),
        key("interval", number(Range.atLeast(0)), Default.of(1.0), "Seconds to wait after each stage."),
        key("stages", new ListOf(stage()), Default.of(List.of()),
            "The stages, run in order. constant/poisson/trace_replay: {rate, duration}; concurrent: {num_requests,"
                + " concurrency_level}."),
        key("num_workers", integer(Range.atLeast(0)),
            Default.computed("number of CPUs", ctx -> ctx.cpuCount()),
            "Event loops sending requests. 0 is treated as 1."),
        key("worker_max_concurrency", integer(Range.atLeast(0)), Default.of(100),
            "Most requests in flight per worker; 0 = no limit."),
        key("worker_max_tcp_connections", integer(Range.atLeast(1)), Default.of(2500),
            "Most open connections per worker."),
        key("request_timeout", number(Range.positive()), Default.none(),
            "Seconds a whole request may take; absent = no total limit (the timeouts below still apply)."),
        key("base_seed", scalar(ScalarType.LONG), Default.computed("current time in milliseconds",
                ctx -> ctx.clock().millis()),
            "Seed of arrival times and prompts. Recorded in the report's config.yaml so a run can be repeated."),
        extension("connect_timeout", number(Range.positive()), Default.of(10.0), "Seconds to open a connection."),
        extension("header_timeout", number(Range.positive()), Default.of(300.0),
            "Seconds from sending a request to the response status line."),
        extension("idle_stream_timeout", number(Range.positive()), Default.of(60.0),
            "Longest silence in seconds allowed inside a response."),
        extension("stage_grace_period", number(Range.atLeast(0)), Default.of(30.0),
            "Seconds after a rate stage's duration during which late requests are still sent and requests in flight"
                + " may finish; then unsent ones are recorded as Not Sent and running ones as cut off."),
        extension("kernel_timestamps", enumShape(List.of("auto", "on", "off"), List.of()), Default.of("auto"),
            "Take arrival and send times from the kernel's socket timestamps (auto: where available, i.e. Linux,"
                + " Java 22 or later and plain HTTP; on: fail where not, as a configuration error; off: the I/O"
                + " thread's clock, as before)."),
        extension("session_turns", integer(Range.atLeast(1)), Default.of(3),
            "trace_session_replay with multi-turn data (shared_prefix enable_multi_turn_chat): turns of each"
                + " replayed session, each sent when the one before it finished. Other data: one request per"
                + " session."),
        extension("io_priority", enumShape(List.of("auto", "realtime", "normal"), List.of()), Default.of("auto"),
            "How the I/O threads are scheduled. auto: real-time (SCHED_FIFO) where the system allows it (root or"
                + " CAP_SYS_NICE), so a busy machine does not delay reads, else normal; realtime: fail where not"
                + " allowed (or before Java 22), as a configuration error; normal: ordinary threads. The reports'"
                + " measurement block says which was used."),
        extensionSection("distributed", "One run spread over several load generators (pods of an Indexed Job, or"
            + " processes), each sending its share of the one schedule; merge their results with `inference-perf"
            + " report`. See docs/distributed.md.",
            section(
                extension("replicas", integer(Range.atLeast(1)), Default.of(1),
                    "How many load generators share the run; each sends every replicas-th arrival of every stage."),
                extension("index", integer(Range.atLeast(0)), Default.none(),
                    "This load generator's index, 0 to replicas - 1 (also --index). Absent: the JOB_COMPLETION_INDEX"
                        + " environment variable of a Kubernetes Indexed Job."),
                extension("start_at", scalar(ScalarType.STRING), Default.none(),
                    "When stage 0 starts, the same instant for every load generator (also --start-at): seconds since"
                        + " the epoch, or an ISO-8601 instant such as 2026-12-06T10:00:00Z. Absent: when ready, or in"
                        + " a Kubernetes Indexed Job at the instant its pods agree on through the start barrier."),
                extension("barrier_timeout", number(Range.positive()), Default.of(600.0),
                    "Kubernetes start barrier (pods of an Indexed Job without start_at): the longest wait, in"
                        + " seconds, for every pod of the Job to be ready; then the run fails naming the missing"
                        + " pods."),
                extension("barrier_lead", number(Range.atLeast(0)), Default.of(5.0),
                    "Kubernetes start barrier: seconds from the moment the last pod is ready to the agreed start"
                        + " (time to read the start and prepare the first requests)."))),
        optionalSection("sweep", "Find the saturation rate with a probe burst, then run num_stages stages up to it"
            + " (replacing stages). constant and poisson; trace_replay with linear or geometric (the probe is an"
            + " even burst, the chosen stages follow the trace).", sweep()),
        optionalSection("trace", "trace_replay: the arrival times. Request i of a stage is due at row i's"
            + " TIMESTAMP minus the first row's; a stage sends floor(rate x duration) of them (at most the file's"
            + " rows), or every row when data.trace is set. The token columns do not set lengths here: give the same"
            + " file as data.trace (data.type random) for that.", trace()),
        key("lora_traffic_split", new ListOf(loraAdapter()), Default.none(),
            "LoRA adapters to spread requests over: [{name, split}], splits summing to 1. Each request's model is"
                + " an adapter drawn with these weights (seeded by load.base_seed); every adapter must be listed by"
                + " the server's /v1/models. Adds per-adapter reports (report.request_lifecycle.per_adapter)."),
        key("circuit_breakers", new ListOf(scalar(ScalarType.STRING)), Default.of(List.of()),
            "Names of the circuit_breakers entries that watch this run's requests."),
        extension("circuit_breaker_stops", enumShape(List.of("run", "stage"), List.of()), Default.of("run"),
            "What an open circuit breaker stops: run: its stage and every later one (they are heavier);"
                + " stage: only its stage; the next stage starts with every breaker closed again."));
  }

  private static Section sweep() {
    return section(
        key("type", enumShape(List.of("linear", "geometric", "slo"), List.of()), Default.required(),
            "How stage rates are spread from 1 to the saturation rate: linear (evenly) or geometric (closer"
                + " together near saturation); ours: slo, the SLO capacity search (the highest rate whose goodput"
                + " meets target_goodput)."),
        key("num_requests", integer(Range.atLeast(1)), Default.of(2000),
            "Requests of the probe burst, sent evenly over 5 seconds."),
        key("timeout", number(Range.positive()), Default.of(60.0),
            "Seconds the probe may last; later samples are dropped and requests still running are cut."),
        key("num_stages", integer(Range.atLeast(1)), Default.of(5), "Stages of the sweep."),
        key("stage_duration", number(Range.positive()), Default.of(180.0), "Seconds per sweep stage."),
        key("saturation_percentile", number(Range.between(0, 100)), Default.of(95.0),
            "Percentile of the probe's burn-down rates (finished requests per second) taken as the saturation"
                + " rate."),
        extension("target_goodput", number(Range.between(0, 100)), Default.of(95.0),
            "type slo: percent of a stage's requests that must meet every report.goodput constraint (failures"
                + " count as missing)."),
        extension("start_rate", number(Range.positive()), Default.of(10.0),
            "type slo: the first rate tried (req/s); the search doubles or halves it to bracket the capacity."),
        extension("search_stage_duration", number(Range.positive()), Default.of(30.0),
            "type slo: seconds of each short bracketing and bisecting stage; the confirmation lasts"
                + " stage_duration."),
        extension("tolerance", number(Range.positive()), Default.of(0.05),
            "type slo: stop bisecting when the bracket's width is at most this fraction of its low end."),
        extension("max_stages", integer(Range.atLeast(2)), Default.of(12),
            "type slo: most stages in all, confirmations included."));
  }

  private static Section loraAdapter() {
    return section(
        key("name", scalar(ScalarType.STRING), Default.required(), "Adapter name, as /v1/models lists it."),
        key("split", number(Range.between(0, 1)), Default.required(), "Share of requests sent to it (0 to 1)."));
  }

  private static Section stage() {
    return section(
        key("rate", number(Range.positive()), Default.none(), "constant/poisson/trace_replay: requests per second"
            + " (trace_replay: with duration, how many trace rows a stage sends)."),
        key("duration", number(Range.positive()), Default.none(), "constant/poisson/trace_replay: stage length in"
            + " seconds (trace_replay: at least as long as the rows it sends)."),
        key("num_requests", integer(Range.atLeast(1)), Default.none(), "concurrent: requests to send."),
        key("concurrency_level", integer(Range.atLeast(1)), Default.none(),
            "concurrent: requests kept in flight."),
        key("concurrent_sessions", integer(Range.atLeast(0)), Default.none(),
            "trace_session_replay: sessions active at once; 0 = no limit."),
        key("session_rate", number(Range.positive()), Default.none(),
            "trace_session_replay: most sessions started per second (at most concurrent_sessions when that is"
                + " above 0); absent = as fast as concurrent_sessions allows."),
        key("num_sessions", integer(Range.atLeast(1)), Default.none(),
            "trace_session_replay: sessions of this stage, taken after those of the stages before; absent = all"
                + " remaining."),
        key("timeout", number(Range.positive()), Default.none(),
            "trace_session_replay: seconds the stage may last; then requests in flight are cut, no session"
                + " starts, and the stage is marked failed."));
  }

  private static Section server() {
    return section(
        enumKey("type", "vllm", List.of("vllm", "sglang", "tgi", "simulator", "mock"), List.of(),
            "Server kind (all use the OpenAI-compatible API). simulator (extension): start the built-in"
                + " simulator in-process. mock: no server is measured; requests go to the built-in simulator"
                + " in-process (base_url is ignored), to try a config offline."),
        key("model_name", scalar(ScalarType.STRING), Default.none(),
            "Model to request; absent = the first model listed by GET /v1/models."),
        key("base_url", scalar(ScalarType.URL), Default.none(),
            "Server address, e.g. http://localhost:8000 or https://host (TLS: see cert_path). Required unless type"
                + " is simulator (not allowed) or mock (ignored)."),
        key("ignore_eos", bool(), Default.of(true), "Send ignore_eos so outputs reach max_tokens."),
        key("api_key", scalar(ScalarType.STRING), Default.none(),
            "Sent as 'Authorization: Bearer KEY'. Redacted in the report's config.yaml."),
        key("cert_path", scalar(ScalarType.STRING), Default.none(),
            "PEM client certificate (chain) for mTLS with an https base_url; needs key_path. The server's"
                + " certificate is checked against the JVM's CAs, or those in the file named by SSL_CERT_FILE."),
        key("key_path", scalar(ScalarType.STRING), Default.none(),
            "PEM private key (PKCS#8, unencrypted) of cert_path."));
  }

  private static Section metrics() {
    return section(
        key("type", enumShape(List.of("default", "prometheus"), List.of()), Default.required(),
            "default: collect no server metrics; prometheus: query Prometheus after each stage."),
        optionalSection("prometheus", "Prometheus connection (type prometheus).",
            section(
                key("url", scalar(ScalarType.URL), Default.none(), "Prometheus base URL."),
                key("scrape_interval", integer(Range.atLeast(0)), Default.of(15),
                    "Scrape interval of the server's metrics, in seconds."),
                key("filters", new ListOf(scalar(ScalarType.STRING)), Default.of(List.of()),
                    "PromQL label matchers added to every query, e.g. namespace=\"default\"."),
                key("google_managed", bool(), Default.of(false),
                    "Use Google Cloud Managed Prometheus instead of url."),
                extension("direct", bool(), Default.of(false),
                    "Scrape the model server's /metrics directly (no Prometheus needed; url not used)."),
                extension("direct_targets", new ListOf(scalar(ScalarType.URL)), Default.of(List.of()),
                    "direct: the /metrics URLs to scrape, e.g. one per replica; empty = <server.base_url>/metrics."),
                extension("query_timeout", number(Range.positive()), Default.of(10.0),
                    "Seconds one Prometheus query may take."),
                extension("collect_timeout", number(Range.positive()), Default.of(120.0),
                    "Seconds collecting all server metrics after the run may take."))));
  }

  private static Section report() {
    Section lifecycle = section(
        key("summary", bool(), Default.of(true), "Write summary_lifecycle_metrics.json."),
        key("per_stage", bool(), Default.of(true), "Write stage_N_lifecycle_metrics.json per stage."),
        key("per_request", bool(), Default.of(false), "Write per_request_lifecycle_metrics.json."),
        key("per_adapter", bool(), Default.of(true), "With load.lora_traffic_split: write"
            + " adapter_<name>_lifecycle_metrics.json per adapter."),
        key("per_adapter_stage", bool(), Default.of(false), "With load.lora_traffic_split: write"
            + " adapter_<name>_stage_N_lifecycle_metrics.json per adapter and stage."),
        key("percentiles", new ListOf(number(Range.between(0, 100))),
            Default.of(List.of(0.1, 1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9)),
            "Percentiles to report."),
        key("use_server_output_tokens", bool(), Default.of(false),
            "Use the server's usage.completion_tokens instead of the client's count for token rates."),
        key("max_error_messages", integer(Range.atLeast(0)), Default.of(100),
            "Most distinct error messages kept per error type."));
    Section prometheus = section(
        key("summary", bool(), Default.of(true), "Write summary_prometheus_metrics.json."),
        key("per_stage", bool(), Default.of(false), "Write stage_N_prometheus_metrics.json per stage."));
    Section goodput = section(
        key("constraints", new MapOf(number(Range.positive()), GOODPUT_METRICS), Default.of(java.util.Map.of()),
            "Limits in seconds keyed by " + String.join(", ", GOODPUT_METRICS)
                + "; a request is good when it meets all of them."));
    return section(
        sectionKey("request_lifecycle", "Client-side request metrics.", lifecycle),
        sectionKey("prometheus", "Server metrics reports.", prometheus),
        optionalSection("goodput", "Goodput: the share of requests meeting every constraint.", goodput),
        sectionKey("session_lifecycle", "Session reports of a session-graph replay (recorded agent sessions replayed"
            + " by load.type trace_session_replay; docs/session-replay.md). As inference-perf, nothing is written for"
            + " other data, shared_prefix multi-turn sessions included.", sessionLifecycle()));
  }

  private static Section sessionLifecycle() {
    return section(
        key("summary", bool(), Default.of(true), "Write summary_session_lifecycle_metrics.json (session replay)."),
        key("per_stage", bool(), Default.of(true),
            "Write stage_N_session_lifecycle_metrics.json per stage (session replay)."),
        key("per_session", bool(), Default.of(false), "Write per_session_lifecycle_metrics.json (session replay)."));
  }

  private static Section storage() {
    return section(
        sectionKey("local_storage", "Report folder on local disk (always on).",
            section(
                key("path", scalar(ScalarType.STRING), Default.of("reports-" + TIMESTAMP_PLACEHOLDER),
                    "Report folder; {timestamp} becomes the start time as yyyyMMdd-HHmmss."),
                key("report_file_prefix", scalar(ScalarType.STRING), Default.none(),
                    "Prepended to every report file name."))),
        optionalSection("google_cloud_storage",
            "Also upload the run's files (reports, results.jsonl.gz, config.yaml) to a Google Cloud Storage bucket,"
                + " with application default credentials.", gcs()),
        optionalSection("simple_storage_service",
            "Also upload the run's files (reports, results.jsonl.gz, config.yaml) to an S3 bucket.", s3()));
  }

  private static Section s3() {
    return section(
        key("bucket_name", scalar(ScalarType.STRING), Default.required(),
            "The bucket; checked (exists, writable) before any request is sent."),
        key("path", scalar(ScalarType.STRING), Default.of("reports-" + TIMESTAMP_PLACEHOLDER),
            "The run's folder in the bucket; {timestamp} becomes the start time as yyyyMMdd-HHmmss."),
        key("report_file_prefix", scalar(ScalarType.STRING), Default.none(),
            "Prepended to every object's file name."),
        key("endpoint_url", scalar(ScalarType.URL), Default.none(),
            "An S3-compatible server (MinIO, Ceph, ...); absent: AWS."),
        key("region_name", scalar(ScalarType.STRING), Default.none(),
            "The region; absent: AWS_REGION, the profile or instance metadata, else us-east-1."),
        enumKey("addressing_style", "auto", List.of("auto", "virtual", "path"), List.of(),
            "virtual: bucket.host/key; path: host/bucket/key; auto: virtual for AWS, path with endpoint_url."),
        extension("overwrite", bool(), Default.of(false),
            "Allow replacing objects already in the run's folder (else the run refuses to start)."));
  }

  private static Section gcs() {
    return section(
        key("bucket_name", scalar(ScalarType.STRING), Default.required(),
            "The bucket; checked (exists, writable: config.yaml goes up first) before any request is sent."),
        key("path", scalar(ScalarType.STRING), Default.of("reports-" + TIMESTAMP_PLACEHOLDER),
            "The run's folder in the bucket; {timestamp} becomes the start time as yyyyMMdd-HHmmss."),
        key("report_file_prefix", scalar(ScalarType.STRING), Default.none(),
            "Prepended to every object's file name."),
        extension("endpoint_url", scalar(ScalarType.URL), Default.none(),
            "Another server speaking the GCS JSON API (an emulator, a Private Service Connect endpoint); absent:"
                + " storage.googleapis.com."),
        extension("overwrite", bool(), Default.of(false),
            "Allow replacing objects already in the run's folder (else the run refuses to start)."));
  }

  private static Section tokenizer() {
    return section(
        key("pretrained_model_name_or_path", scalar(ScalarType.STRING), Default.none(),
            "Local tokenizer folder or Hugging Face model id."),
        key("trust_remote_code", bool(), Default.of(false), "Allow tokenizers that need custom code."),
        key("token", scalar(ScalarType.STRING), Default.none(),
            "Hugging Face token. Redacted in the report's config.yaml."));
  }

  // ---- builders ----------------------------------------------------------------------------------------------

  private static Section section(SchemaKey... keys) {
    return new Section(Arrays.asList(keys));
  }

  private static SchemaKey key(String name, Shape shape, Default dflt, String meaning) {
    return new SchemaKey(name, shape, dflt, Status.SUPPORTED, meaning);
  }

  private static SchemaKey extension(String name, Shape shape, Default dflt, String meaning) {
    return new SchemaKey(name, shape, dflt, Status.EXTENSION, meaning);
  }

  private static SchemaKey sectionKey(String name, String meaning, Section section) {
    return new SchemaKey(name, section, Default.section(), Status.SUPPORTED, meaning);
  }

  private static SchemaKey optionalSection(String name, String meaning, Section section) {
    return new SchemaKey(name, section, Default.none(), Status.SUPPORTED, meaning);
  }

  private static SchemaKey extensionSection(String name, String meaning, Section section) {
    return new SchemaKey(name, section, Default.none(), Status.EXTENSION, meaning);
  }

  private static SchemaKey notYet(String name, String feature) {
    return new SchemaKey(name, new Shape.FreeForm(), Default.none(), Status.NOT_YET, feature);
  }

  private static SchemaKey enumKey(
      String name, String dflt, List<String> choices, List<String> notYet, String meaning) {
    return key(name, enumShape(choices, notYet), Default.of(dflt), meaning);
  }

  private static Scalar enumShape(List<String> choices, List<String> notYet) {
    return new Scalar(ScalarType.ENUM, Range.ANY, choices, notYet);
  }

  private static Scalar scalar(ScalarType type) {
    return new Scalar(type, Range.ANY, List.of(), List.of());
  }

  private static Scalar bool() {
    return scalar(ScalarType.BOOL);
  }

  private static Scalar integer(Range range) {
    return new Scalar(ScalarType.INT, range, List.of(), List.of());
  }

  private static Scalar number(Range range) {
    return new Scalar(ScalarType.NUMBER, range, List.of(), List.of());
  }
}
