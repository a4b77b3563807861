package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static io.inferenceperf.config.Loads.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of mistake on the command line gives exactly one clear problem naming the key. */
class ConfigProblemsTest {

  @ParameterizedTest(name = "--api.streaming {0} -> {1}")
  @CsvSource({"true,true", "TRUE,true", "True,true", "1,true", "yes,true", "YES,true", "false,false", "False,false",
      "0,false", "no,false", "No,false"})
  void booleanSpellings(String text, boolean expected) {
    assertEquals(expected, ok(Loads.minimalPlus("--api.streaming", text)).api().streaming());
    assertEquals(expected, ok(Loads.minimalPlus("--api.streaming=" + text)).api().streaming());
  }

  @ParameterizedTest(name = "--api.streaming ''{0}''")
  @CsvSource(value = {"maybe", "2", "on", "t", "''"}, emptyValue = "")
  void anythingElseIsNotABoolean(String text) {
    ConfigProblem p = onlyProblem(Loads.minimalPlus("--api.streaming", text), "api.streaming", "expected a boolean");
    assertEquals("--api.streaming", p.source());
    assertEquals("api.streaming: expected a boolean (true/false, yes/no, 1/0; any case), got '" + text
        + "' (from --api.streaming)", p.format());
  }

  static Stream<Arguments> oneMistake() {
    return Stream.of(
        // wrong type
        Arguments.of(new String[] {"--load.interval", "abc"}, "load.interval", "expected a number, got 'abc'"),
        Arguments.of(new String[] {"--load.num_workers", "1.5"}, "load.num_workers", "expected an integer"),
        Arguments.of(new String[] {"--load.num_workers", "true"}, "load.num_workers", "expected an integer"),
        Arguments.of(new String[] {"--api.headers", "[1]"}, "api.headers", "expected a mapping"),
        Arguments.of(new String[] {"--load.stages", "{\"rate\": 1}"}, "load.stages", "expected a list"),
        Arguments.of(new String[] {"--report.request_lifecycle.percentiles", "[50, \"x\"]"},
            "report.request_lifecycle.percentiles[1]", "expected a number, got 'x'"),
        Arguments.of(new String[] {"--api", "5"}, "api", "expected a mapping with keys type, streaming, headers"),
        // out of range
        Arguments.of(new String[] {"--load.interval", "-1"}, "load.interval", "must be >= 0 (got -1)"),
        Arguments.of(new String[] {"--load.request_timeout", "0"}, "load.request_timeout", "must be > 0 (got 0)"),
        Arguments.of(new String[] {"--load.connect_timeout", "-0.5"}, "load.connect_timeout", "must be > 0 (got -0.5)"),
        Arguments.of(new String[] {"--load.worker_max_tcp_connections", "0"}, "load.worker_max_tcp_connections",
            "must be >= 1 (got 0)"),
        Arguments.of(new String[] {"--load.num_workers", "3000000000"}, "load.num_workers",
            "must be between -2147483648 and 2147483647"),
        Arguments.of(new String[] {"--report.request_lifecycle.percentiles", "[0, 100, 100.5]"},
            "report.request_lifecycle.percentiles[2]", "must be between 0 and 100 (got 100.5)"),
        Arguments.of(new String[] {"--report.goodput.constraints", "{\"ttft\": 0}"}, "report.goodput.constraints.ttft",
            "must be > 0"),
        Arguments.of(new String[] {"--load.interval", ".nan"}, "load.interval", "must be a finite number"),
        // enums
        Arguments.of(new String[] {"--load.type", "poison"}, "load.type",
            "must be one of constant, poisson, concurrent, trace_replay, trace_session_replay (got 'poison'; did you"
                + " mean poisson?)"),
        Arguments.of(new String[] {"--api.type", "anthropic"}, "api.type",
            "must be one of completion, chat, anthropic_messages, auto (got 'anthropic'"),
        Arguments.of(new String[] {"--data.type", "weka_trace_replay"}, "data.weka_trace_replay",
            "missing required key for data.type weka_trace_replay"),
        Arguments.of(new String[] {"--data.type", "otel_trace_replay"}, "data.otel_trace_replay", "missing required key"),
        Arguments.of(new String[] {"--data.type", "conversation_replay"}, "data.conversation_replay",
            "missing required key for data.type conversation_replay"),
        Arguments.of(new String[] {"--load.type", "trace_replay", "--load.stages",
            "[{\"rate\": 1, \"duration\": 1}]"}, "load.trace",
            "required with load.type trace_replay: the arrival times"),
        Arguments.of(new String[] {"--data.type", "random", "--data.output_distribution", "{}",
            "--data.input_distribution", "{\"type\": \"gauss\"}"},
            "data.input_distribution.type", "must be one of normal, skew_normal, lognormal, uniform, poisson, fixed"),
        // unknown keys
        Arguments.of(new String[] {"--load.stage", "[]"}, "load.stage", "did you mean load.stages?"),
        Arguments.of(new String[] {"--server.baseUrl", "http://x"}, "server.baseUrl", "did you mean server.base_url?"),
        Arguments.of(new String[] {"--load.rate", "5"}, "load.rate", "unknown key here; did you mean load.stages[].rate?"),
        Arguments.of(new String[] {"--load.zzz", "5"}, "load.zzz",
            "unknown key; allowed in load: type, interval, stages, num_workers"),
        Arguments.of(new String[] {"--loadd.type", "constant"}, "loadd", "did you mean load?"),
        Arguments.of(new String[] {"--report.goodput.constraints", "{\"ttf\": 1}"}, "report.goodput.constraints.ttf",
            "unknown key; allowed: ttft, tpot, itl, ntpot, request_latency (did you mean ttft?)"),
        Arguments.of(new String[] {"--load.stages", "[{\"rate\": 1, \"duraton\": 1}]"}, "load.stages[0].duraton",
            "did you mean load.stages[0].duration?"),
        // session replay stages
        Arguments.of(new String[] {"--load.type", "trace_session_replay", "--load.stages",
            "[{\"num_sessions\": 3}]"}, "load.stages[0].concurrent_sessions", "missing required key"),
        Arguments.of(new String[] {"--load.type", "trace_session_replay", "--load.stages",
            "[{\"concurrent_sessions\": 2, \"session_rate\": 5}]"}, "load.stages[0].session_rate",
            "must not exceed concurrent_sessions (2)"),
        Arguments.of(new String[] {"--load.type", "trace_session_replay", "--load.stages",
            "[{\"concurrent_sessions\": 2, \"rate\": 5}]"}, "load.stages[0].rate",
            "not allowed with load.type trace_session_replay"),
        Arguments.of(new String[] {"--load.stages", "[{\"rate\": 5, \"duration\": 1, \"num_sessions\": 2}]"},
            "load.stages[0].num_sessions", "only for load.type trace_session_replay (got load.type constant)"),
        Arguments.of(new String[] {"--load.lora_traffic_split", "[{\"name\": \"a\", \"split\": 0.25}]"},
            "load.lora_traffic_split", "the splits add up to 0.25; they must add up to 1"),
        Arguments.of(new String[] {"--load.lora_traffic_split",
            "[{\"name\": \"a\", \"split\": 0.5}, {\"name\": \"a\", \"split\": 0.5}]"},
            "load.lora_traffic_split[1].name", "adapter 'a' is listed twice"),
        Arguments.of(new String[] {"--load.lora_traffic_split", "[{\"name\": \"a\", \"split\": 1.5}]"},
            "load.lora_traffic_split[0].split", "must be between 0 and 1"),
        // circuit breakers
        Arguments.of(new String[] {"--load.circuit_breakers", "[\"b\"]"}, "load.circuit_breakers[0]",
            "no circuit breaker named 'b' (none is defined"),
        Arguments.of(new String[] {"--circuit_breakers", "[{\"name\": \"b\", \"triggers\": []}]"},
            "circuit_breakers[0].metrics", "missing required key"),
        Arguments.of(new String[] {"--storage.google_cloud_storage.path", "p"},
            "storage.google_cloud_storage.bucket_name", "required"),
        Arguments.of(new String[] {"--api.session_id_header_key", "x s"}, "api.session_id_header_key",
            "not a valid HTTP header name"),
        Arguments.of(new String[] {"--data.type", "shared_prefix", "--data.shared_prefix.multimodal",
            "{\"image\": {\"resolutions\": \"8k\"}}"}, "data.shared_prefix.multimodal.image.resolutions",
            "unknown resolution '8k'"),
        Arguments.of(new String[] {"--data.multimodal", "{\"image\": {}}"}, "data.multimodal",
            "only used by data.type synthetic"),
        Arguments.of(new String[] {"--server.cert_path", "/c.pem"}, "server.cert_path", "needs server.key_path too"),
        Arguments.of(new String[] {"--server.cert_path", "pom.xml", "--server.key_path", "/no/k.pem"},
            "server.key_path", "cannot read the file /no/k.pem"),
        Arguments.of(new String[] {"--report.session_lifecycle.summary", "maybe"}, "report.session_lifecycle.summary",
            "expected a boolean"),
        // URLs
        Arguments.of(new String[] {"--server.base_url", "localhost:8000"}, "server.base_url",
            "must be an http:// or https:// URL with a host"),
        Arguments.of(new String[] {"--server.base_url", "ftp://host"}, "server.base_url", "http://"),
        // cross-key rules
        Arguments.of(new String[] {"--data.use_chat_template", "true"}, "data.use_chat_template",
            "only allowed with data.type random (got data.type mock)"),
        Arguments.of(new String[] {"--server.model_name", " "}, "server.model_name", "must not be empty"),
        Arguments.of(new String[] {"--storage.local_storage.path", ""}, "storage.local_storage.path",
            "must not be empty"),
        Arguments.of(new String[] {"--metrics.prometheus.url", "http://127.0.0.1:9090"}, "metrics.type",
            "missing required key (one of default, prometheus)"),
        Arguments.of(new String[] {"--metrics.type", "prometheus"}, "metrics.prometheus",
            "missing required key for metrics.type prometheus"),
        Arguments.of(new String[] {"--metrics", "{\"type\": \"prometheus\", \"prometheus\": {\"scrape_interval\": 5}}"},
            "metrics.prometheus.url", "exactly one of metrics.prometheus.url or metrics.prometheus.google_managed"),
        Arguments.of(new String[] {"--metrics", "{\"type\": \"prometheus\", \"prometheus\": {\"url\": \"http://p\","
            + " \"google_managed\": true}}"}, "metrics.prometheus.url", "(both are set)"),
        Arguments.of(new String[] {"--api.headers", "{\"bad header\": \"x\"}"}, "api.headers.bad header",
            "not a valid HTTP header name"),
        Arguments.of(new String[] {"--api.headers", "{\"x-a\": \"1\\r\\nInjected: yes\"}"}, "api.headers.x-a",
            "must not contain line breaks"),
        Arguments.of(new String[] {"--api.headers", "{\"x-a\": null}"}, "api.headers.x-a", "expected a string, got null"),
        Arguments.of(new String[] {"--server.type", "simulator"}, "server.base_url",
            "not used with server.type simulator"),
        // CLI syntax
        Arguments.of(new String[] {"--load.stages", "[{\"rate\": 1"}, "load.stages", "cannot parse the value as JSON"),
        Arguments.of(new String[] {"--load.stages.0.rate", "5"}, "load.stages.0.rate",
            "list items cannot be set one by one"),
        Arguments.of(new String[] {"--load..type", "5"}, "load..type", "malformed key path"),
        Arguments.of(new String[] {"--load.type"}, "load.type", "needs a value"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource
  void oneMistake(String[] args, String keyPath, String fragment) {
    ConfigProblem p = onlyProblem(Loads.minimalPlus(args), keyPath, fragment);
    assertEquals(-1, p.line());
    // blamed on a flag, or (for a key missing next to an override) on nothing
    assertTrue(p.source().startsWith("--") || p.source().equals("default"), p.source());
  }

  @ParameterizedTest(name = "{0} is accepted as absent")
  @CsvSource(delimiter = '|', value = {
      "--load.circuit_breakers|[]", "--circuit_breakers|[]", "--load.sweep|null", "--report.session_lifecycle|{}",
      "--api.response_format|null", "--metrics|null", "--tokenizer|null"})
  void nullOrEmptyNotYetKeysAreAccepted(String flag, String value) {
    ok(Loads.minimalPlus(flag, value));
  }

  @Test
  void missingBaseUrlNamesTheFixAndTheSimulatorAlternative() {
    LoadResult r = Loads.cli("--load.stages", "[{\"rate\": 1, \"duration\": 1}]");
    ConfigProblem p = onlyProblem(r, "server.base_url", "missing required key");
    assertTrue(p.message().contains("http://localhost:8000") && p.message().contains("server.type: simulator"));
  }

  @Test
  void noStagesIsAProblemWithAnExample() {
    ConfigProblem p = onlyProblem(Loads.cli("--server.base_url", "http://127.0.0.1:1"), "load.stages",
        "at least one stage is required");
    assertTrue(p.message().contains("--load.stages '[{\"rate\": 10, \"duration\": 60}]'"), p.message());
  }

  @Test
  void danglingFlagIsReportedAndTheRestStillChecked() {
    LoadResult r = Loads.minimalPlus("--load.type", "poison", "--api.streaming");
    assertEquals(2, r.problems().size(), r.formatProblems());
    Loads.problem(r, "api.streaming", "needs a value");
    Loads.problem(r, "load.type", "did you mean poisson?");
  }

  @Test
  void positionalArgumentIsRejected() {
    LoadResult r = Loads.minimalPlus("stray");
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).message().contains("unexpected argument 'stray'"));
  }

  @Test
  void configFileThatDoesNotExist() {
    LoadResult r = Loads.load(java.nio.file.Path.of("no/such/config.yml"), Loads.MINIMAL);
    assertEquals(1, r.problems().size());
    assertEquals("no/such/config.yml: config file not found", r.problems().get(0).format());
    assertNull(r.config());
  }
}
