package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferenceperf.config.ServerConfig.ServerType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void vllmAndSglangFilterOnTheModelThenTheUserFilters() {
    assertEquals(
        "model_name='m',namespace=\"ns\",pod=~\"vllm-.*\"",
        PromQl.filters(ServerType.VLLM, "m", List.of("namespace=\"ns\"", " pod=~\"vllm-.*\" ", "")));
    assertEquals("model_name='m'", PromQl.filters(ServerType.SGLANG, "m", List.of()));
  }

  @Test
  void tgiHasOnlyTheUserFilters() {
    assertEquals("", PromQl.filters(ServerType.TGI, "m", null));
    assertEquals("job=\"tgi\"", PromQl.filters(ServerType.TGI, "m", List.of("job=\"tgi\"")));
  }

  @Test
  void modelNamesAreEscapedInsideSingleQuotes() {
    assertEquals("model_name='it\\'s a \\\\ model'", PromQl.filters(ServerType.VLLM, "it's a \\ model", List.of()));
  }

  @Test
  void noModelNameMeansNoModelFilterRatherThanNone() {
    assertEquals("", PromQl.filters(ServerType.VLLM, null, List.of()));
  }

  @Test
  void durationsKeepMilliseconds() {
    assertEquals("60s", PromQl.duration(60_000));
    assertEquals("61s250ms", PromQl.duration(61_250));
    assertEquals("500ms", PromQl.duration(500));
    assertEquals("1ms", PromQl.duration(0));
  }

  @Test
  void emptyFiltersGiveEmptyBraces() {
    assertEquals("sum(tgi_request_success{}) - (sum(tgi_request_success{} offset 5s) or vector(0))",
        PromQl.delta("tgi_request_success", "", 5000));
  }

  @Test
  void evaluationTimeHasMillisecondPrecision() {
    assertEquals("1700000000.007", PromQl.epochSeconds(1_700_000_000_007L));
  }
}
