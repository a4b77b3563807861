package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.config.LoadConfig.LoraAdapter;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Before any load: every adapter of load.lora_traffic_split must be served, i.e. listed by GET /v1/models (as
 * inference-perf's vLLM, SGLang and TGI clients check), or every request sent to it would fail.
 */
final class LoraAdapters {

  private LoraAdapters() {}

  static void check(Config config, String baseUrl, SSLContext tls, Duration timeout) throws UserError {
    List<LoraAdapter> adapters = config.load().loraTrafficSplit();
    if (adapters.isEmpty()) return;
    List<String> served;
    try {
      served = ModelResolver.modelIds(baseUrl, config.server().apiKey(), timeout, tls,
          "to check the LoRA adapters of load.lora_traffic_split");
    } catch (ModelResolver.ModelLookupException e) {
      throw new UserError(ExitCode.RUN_FAILED, e.getMessage());
    }
    List<String> missing = adapters.stream().map(LoraAdapter::name).filter(name -> !served.contains(name)).toList();
    if (missing.isEmpty()) return;
    String problem = "load.lora_traffic_split: " + (missing.size() == 1 ? "adapter " : "adapters ")
        + String.join(", ", missing.stream().map(name -> "'" + name + "'").toList()) + " not served: GET "
        + ModelResolver.modelsUrl(baseUrl) + " lists " + (served.isEmpty() ? "no model"
            : String.join(", ", served)) + ". Load the adapter on the server (vLLM: --enable-lora --lora-modules"
        + " NAME=PATH) or correct the name";
    throw UserError.config(problem, 1);
  }
}
