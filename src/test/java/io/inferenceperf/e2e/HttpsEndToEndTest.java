package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.ChildJvm;
import io.inferenceperf.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run against an https server, as a user starts it: the tool in its own process with {@code SSL_CERT_FILE}
 * naming the server's CA (the variable Python's ssl module, and so inference-perf, honour), the model name read from
 * /v1/models over TLS, and mTLS with {@code server.cert_path} and {@code server.key_path}.
 */
class HttpsEndToEndTest {

  @Test
  void runsOverMutualTlsWithTheCaFromSslCertFile(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
    SimulatorOptions options = SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1,
        "tls_keystore", certs.serverKeystore().toString(), "tls_keystore_password", certs.password(),
        "tls_client_ca", certs.clientCertPem().toString())).orThrow();
    try (RunningSimulator sim = Simulator.start(options)) {
      Path config = Files.writeString(dir.resolve("config.yml"), """
          api: {type: chat, streaming: true}
          server: {type: vllm, base_url: %s, cert_path: %s, key_path: %s}
          data:
            type: random
            input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
            output_distribution: {min: 8, max: 8, mean: 8, std_dev: 0, type: fixed}
          load: {type: constant, stages: [{rate: 20, duration: 1}]}
          """.formatted(sim.baseUrl(), certs.clientCertPem(), certs.clientKeyPem()));
      Path reports = dir.resolve("reports");
      Result run = runTool(dir, certs.serverCertPem(), "-c", config.toString(), "--storage.local_storage.path",
          reports.toString());
      assertEquals(0, run.exitCode(), run.log());
      JsonNode stage = CliRunner.JSON.readTree(reports.resolve("stage_0_lifecycle_metrics.json").toFile());
      assertEquals(20, stage.at("/successes/count").asInt(), run.log());
      assertEquals(0, stage.at("/failures/count").asInt(), run.log());
      assertEquals(20 * 8, sim.truth().snapshot().generationTokens());
      // TLS: the kernel's stamps would be those of the ciphertext reads, which the TLS engine does not expose per
      // record, so load.kernel_timestamps auto falls back to the I/O thread's clock, and the report says so.
      assertEquals("user_space_read", stage.at("/measurement/arrival_timestamps").asText(), stage.toString());
      assertEquals("user_space_before_write", stage.at("/measurement/send_timestamps").asText(), stage.toString());
      assertTrue(stage.at("/measurement/requests_with_kernel_arrivals").isMissingNode(), stage.toString());
      assertTrue(stage.at("/successes/latency/time_to_first_token/median").asDouble() >= 0.004, stage.toString());
      String written = Files.readString(reports.resolve("config.yaml"));
      assertTrue(written.contains("cert_path"), written);

      // Without SSL_CERT_FILE the JVM's CAs do not know the server: the model lookup fails, naming the fix.
      Result untrusted = runTool(dir, null, "-c", config.toString(), "--storage.local_storage.path",
          dir.resolve("reports-untrusted").toString());
      assertEquals(1, untrusted.exitCode(), untrusted.log());
      assertTrue(untrusted.log().contains("/v1/models"), untrusted.log());
      assertTrue(!untrusted.log().contains("\tat io.inferenceperf"), "no stack trace: " + untrusted.log());
    }
  }

  @Test
  void aCertificateWithoutItsKeyIsAConfigError(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    CliRunner.Result run = CliRunner.run(dir, """
        server: {type: vllm, base_url: https://127.0.0.1:9, model_name: m, cert_path: %s}
        load: {type: constant, stages: [{rate: 1, duration: 1}]}
        """.formatted(cert));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("server.cert_path: needs server.key_path too"), run.err());
  }

  record Result(int exitCode, String log) {}

  private static Result runTool(Path dir, Path caFile, String... args) throws Exception {
    List<String> command = ChildJvm.main(List.of(), args);
    Path log = Files.createTempFile(dir, "run", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("SSL_CERT_FILE");
    if (caFile != null) builder.environment().put("SSL_CERT_FILE", caFile.toString());
    builder.environment().put("HF_HUB_OFFLINE", "1");
    Process process = builder.start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) throw new AssertionError("run did not end: " + Files.readString(log));
      return new Result(process.exitValue(), Files.readString(log));
    } finally {
      process.destroyForcibly();
    }
  }
}
