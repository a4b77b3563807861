package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigProblemTest {

  @ParameterizedTest(name = "{5}")
  @CsvSource(delimiter = '|', value = {
      "load.stages[0].rate | 12 | 7  | config.yml      | must be > 0 (got -1) | config.yml:12:7: load.stages[0].rate: must be > 0 (got -1)",
      "load.stages[0].rate | -1 | -1 | --load.stages   | must be > 0 (got -1) | load.stages[0].rate: must be > 0 (got -1) (from --load.stages)",
      "server.base_url     | -1 | -1 | default         | missing required key | server.base_url: missing required key",
      "''                  | -1 | -1 | config.yml      | config file not found | config.yml: config file not found",
      "''                  | -1 | -1 | --log-level     | must be one of X     | --log-level: must be one of X",
      "api.type            | 3  | -1 | c.yml           | bad                  | c.yml:3: api.type: bad",
  })
  void formatsOneLine(String keyPath, int line, int column, String source, String message, String expected) {
    assertEquals(expected, new ConfigProblem(keyPath, line, column, source, message).format());
  }
}
