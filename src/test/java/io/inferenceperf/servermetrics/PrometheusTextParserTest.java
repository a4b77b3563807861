package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.servermetrics.PrometheusTextParser.MetricFamily;
import io.inferenceperf.servermetrics.PrometheusTextParser.Result;
import io.inferenceperf.servermetrics.PrometheusTextParser.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

  private static final String VLLM_EXCERPT =
      """
      # HELP vllm:num_requests_running Number of requests in model execution batches.
      # TYPE vllm:num_requests_running gauge
      vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-8B"} 3.0
      # HELP vllm:prompt_tokens_total Number of prefill tokens processed.
      # TYPE vllm:prompt_tokens_total counter
      vllm:prompt_tokens_total{engine="0",model_name="meta-llama/Llama-3.1-8B"} 1234.0
      # HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
      # TYPE vllm:time_to_first_token_seconds histogram
      vllm:time_to_first_token_seconds_bucket{engine="0",le="0.001",model_name="m"} 0.0
      vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="m"} 7.0
      vllm:time_to_first_token_seconds_count{engine="0",model_name="m"} 7.0
      vllm:time_to_first_token_seconds_sum{engine="0",model_name="m"} 0.42
      vllm:time_to_first_token_seconds_created{engine="0",model_name="m"} 1.7e9
      """;

  @Test
  void groupsSamplesUnderTheirDeclaredFamilies() {
    Result result = PrometheusTextParser.parse(VLLM_EXCERPT);
    assertEquals(List.of(), result.problems());
    List<MetricFamily> families = result.families();
    assertEquals(3, families.size());
    assertEquals("gauge", families.get(0).type());
    assertEquals("Number of requests in model execution batches.", families.get(0).help());
    MetricFamily ttft = families.get(2);
    assertEquals("vllm:time_to_first_token_seconds", ttft.name());
    assertEquals("histogram", ttft.type());
    assertEquals(5, ttft.samples().size());
    Sample inf = ttft.samples().get(1);
    assertEquals("vllm:time_to_first_token_seconds_bucket", inf.name());
    assertEquals("+Inf", inf.labels().get("le"));
    assertEquals(7.0, inf.value());
    assertEquals(1.7e9, ttft.samples().get(4).value());
    assertEquals("meta-llama/Llama-3.1-8B", families.get(1).samples().get(0).labels().get("model_name"));
  }

  @Test
  void unescapesLabelValuesAndHelp() {
    Result result =
        PrometheusTextParser.parse(
            "# HELP x a \\\\ help\\nsecond line\n"
                + "# TYPE x gauge\n"
                + "x{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\",odd=\"\\q\"} 1\n");
    MetricFamily x = result.families().get(0);
    assertEquals("a \\ help\nsecond line", x.help());
    Map<String, String> labels = x.samples().get(0).labels();
    assertEquals("C:\\dir", labels.get("path"));
    assertEquals("say \"hi\"", labels.get("quote"));
    assertEquals("a\nb", labels.get("nl"));
    assertEquals("\\q", labels.get("odd"));
  }

  @Test
  void readsSpecialValuesTimestampsBlanksAndTrailingCommas() {
    Result result =
        PrometheusTextParser.parse(
            "a NaN\r\n"
                + "b{x=\"1\",} +Inf 1700000000123\n"
                + "\n"
                + "c\t-Inf\n"
                + "d { x = \"y\" } 2.5e-3 1700000000.5\n"
                + "# just a comment\n");
    List<Sample> samples = result.samples();
    assertEquals(List.of(), result.problems());
    assertTrue(Double.isNaN(samples.get(0).value()));
    assertNull(samples.get(0).timestampMillis());
    assertEquals(Double.POSITIVE_INFINITY, samples.get(1).value());
    assertEquals(1_700_000_000_123L, samples.get(1).timestampMillis());
    assertEquals(Map.of("x", "1"), samples.get(1).labels());
    assertEquals(Double.NEGATIVE_INFINITY, samples.get(2).value());
    assertEquals(0.0025, samples.get(3).value());
    assertEquals(1_700_000_000_500L, samples.get(3).timestampMillis());
    assertEquals("untyped", result.families().get(0).type());
  }

  @Test
  void counterSamplesWithTotalJoinTheirFamily() {
    Result result =
        PrometheusTextParser.parse("# TYPE tgi_request_success counter\ntgi_request_success_total 4\n");
    assertEquals(1, result.families().size());
    assertEquals("counter", result.families().get(0).type());
  }

  @Test
  void badLinesAreReportedAndSkippedNotFatal() {
    Result result =
        PrometheusTextParser.parse(
            "good 1\n"
                + "bad{x=\"unterminated} 2\n"
                + "noValue{}\n"
                + "also_bad 1 2 3\n"
                + "# TYPE weird sometype\n"
                + "9starts_with_digit 1\n"
                + "fine 2\n"
                + "# EOF\n"
                + "after_eof 3\n");
    assertEquals(List.of("good", "fine"), result.samples().stream().map(Sample::name).toList());
    assertEquals(5, result.problems().size(), result.problems().toString());
    assertTrue(result.problems().get(0).startsWith("line 2:"), result.problems().get(0));
  }
}
