package io.inferenceperf.data;

import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.LoadStage;
import java.util.List;
import java.util.Map;

/** Configs for data-generator tests: only api, data and load matter here. */
final class TestConfigs {

  private TestConfigs() {}

  static Config config(ApiType api, DataConfig data, long seed) {
    LoadConfig load = new LoadConfig(LoadConfig.LoadType.CONSTANT, 0, List.of(LoadStage.rate(1, 1)), 1, 0, 0, null,
        seed, 1, 1, 1, 1, "auto");
    return new Config(new ApiConfig(api, false, Map.of()), data, load, null, null, null, null, null, List.of(), null);
  }

  static DataConfig random(Distribution input, Distribution output) {
    return new DataConfig(DataType.RANDOM, null, null, input, output, false);
  }

  static Distribution normal(int min, int max, double mean, double stdDev) {
    return new Distribution(min, max, mean, stdDev, null, Distribution.Type.NORMAL, null, 0);
  }

  static Distribution of(Distribution.Type type, int min, int max, double mean, double stdDev) {
    return new Distribution(min, max, mean, stdDev, null, type, null, 0);
  }
}
