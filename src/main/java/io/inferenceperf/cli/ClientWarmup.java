package io.inferenceperf.cli;

import io.inferenceperf.api.ApiClient;
import io.inferenceperf.engine.RequestFactory;
import io.inferenceperf.metrics.AggregationSettings.Spill;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.metrics.RunAggregator;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.tokenizer.Tokenizer;
import io.inferenceperf.transport.TlsSettings;
import io.inferenceperf.transport.TransportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the client's own code before the first stage, without sending anything to the server under test: the run's
 * real requests go to a private zero-latency simulator on loopback, through a throwaway transport, decoder and
 * aggregator. A cold JVM otherwise adds tens of milliseconds (class loading, interpretation before JIT) to the first
 * requests' TTFT and schedule delay, and that would be reported as the server's. For an https run the private
 * simulator speaks TLS too, with a self-signed certificate shipped for this loopback use only (warmup-tls.p12), so
 * that the encryption code is warm as well.
 */
final class ClientWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(ClientWarmup.class);
  private static final int MAX_IN_FLIGHT = 32;
  /** Protects nothing: the key store only secures the loopback warm-up inside this process. */
  private static final String WARMUP_STORE_PASSWORD = "warmup-only";

  private ClientWarmup() {}

  /**
   * What the warm-up did: requests that succeeded, that finished at all, and the first failure's message (or null).
   */
  record Outcome(int succeeded, int finished, String firstFailure) {
    static final Outcome NONE = new Outcome(0, 0, null);

    /**
     * The warning when nothing succeeded, else null: on a busy machine no request may finish within the budget,
     * which is not the same as requests failing.
     */
    String warning(long budgetNanos) {
      if (succeeded > 0) return null;
      String why = finished == 0
          ? String.format(java.util.Locale.ROOT, "no warm-up request finished within %.1f s (a busy machine?)",
              budgetNanos / 1e9)
          : "none of the " + finished + " warm-up requests succeeded (the first: " + firstFailure + ")";
      return "client warm-up: " + why + "; the first requests of the run may be slower";
    }
  }

  /**
   * Sends up to {@code requests} of the run's requests (streamed as configured) to a private simulator, over TLS
   * when {@code tls}, for at most {@code budgetNanos}. Never fails the run: any problem is logged and the run goes
   * on unwarmed.
   */
  static Outcome run(RequestFactory factory, Tokenizer countingTokenizer, int requests, long budgetNanos,
      boolean tls) {
    long start = System.nanoTime();
    Outcome outcome = Outcome.NONE;
    Path certificates = null;
    LOG.info("warming up the client for at most {} s (nothing is sent to the server)", budgetNanos / 1_000_000_000.0);
    try {
      // The private simulator serves the run's model names, so that warm-up streams tokens as the run will
      // (an unknown model would only exercise the 404 path).
      Map<String, Object> options = new LinkedHashMap<>(Map.of("profile", "zero", "host", "127.0.0.1", "port", 0));
      options.putAll(modelOptions(factory, requests));
      TlsSettings trust = TlsSettings.DEFAULT;
      if (tls) {
        certificates = Files.createTempDirectory("inference-perf-warmup");
        options.put("tls_keystore", copy("warmup-tls.p12", certificates).toString());
        options.put("tls_keystore_password", WARMUP_STORE_PASSWORD);
        trust = new TlsSettings(copy("warmup-tls.pem", certificates), null, null);
      }
      outcome = send(factory, countingTokenizer, requests, start + budgetNanos,
          SimulatorOptions.fromMap(options).orThrow(), trust);
      String warning = requests > 0 ? outcome.warning(budgetNanos) : null;
      if (warning != null) {
        LOG.warn(warning);
      } else {
        LOG.debug("client warm-up: {} requests in {} ms", outcome.succeeded(),
            (System.nanoTime() - start) / 1_000_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | IOException e) {
      LOG.warn("client warm-up skipped: {}", e.toString());
    } finally {
      deleteQuietly(certificates);
    }
    return outcome;
  }

  private static Outcome send(RequestFactory factory, Tokenizer countingTokenizer, int requests, long deadline,
      SimulatorOptions options, TlsSettings trust) throws InterruptedException {
    Tally tally = new Tally();
    try (RunningSimulator sim = Simulator.start(options);
        ApiClient sender = new ApiClient(TransportOptions.of(sim.baseUrl()).withTls(trust), countingTokenizer,
            false)) {
      ConcurrentLinkedQueue<RequestRecord> done = new ConcurrentLinkedQueue<>();
      // in memory: the warm-up's aggregate is dropped unread, no scratch file is worth creating for it
      RunAggregator aggregator = new RunAggregator(AggregationSettings.defaults().withSpill(Spill.IN_MEMORY),
          new MeasurementSetup("warmup", countingTokenizer != null));
      Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
      int sent = 0;
      while (sent < requests && System.nanoTime() < deadline) {
        if (!slots.tryAcquire(10, TimeUnit.MILLISECONDS)) continue;
        PreparedRequest request = factory.prepare(0, sent);
        sender.send(request, sent, -1, System.nanoTime(), record -> {
          done.add(record);
          slots.release();
        });
        sent++;
        tally.drain(done, aggregator);
      }
      slots.tryAcquire(MAX_IN_FLIGHT, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      tally.drain(done, aggregator);
    }
    return new Outcome(tally.succeeded, tally.finished, tally.firstFailure);
  }

  /** The warm-up's finished requests so far. */
  private static final class Tally {
    int succeeded;
    int finished;
    String firstFailure;

    void drain(ConcurrentLinkedQueue<RequestRecord> done, RunAggregator aggregator) {
      for (RequestRecord r; (r = done.poll()) != null; ) {
        aggregator.add(r);
        finished++;
        if (r.failure() == null) {
          succeeded++;
        } else if (firstFailure == null) {
          firstFailure = r.failure().message();
        }
      }
    }
  }

  /** model (the first request's) and lora_adapters (other models among the first requests) for the simulator. */
  private static Map<String, Object> modelOptions(RequestFactory factory, int requests) {
    Set<String> models = new LinkedHashSet<>();
    for (int i = 0; i < Math.min(requests, 64); i++) {
      String model = factory.prepare(0, i).model();
      if (model != null) models.add(model);
    }
    if (models.isEmpty()) return Map.of();
    List<String> all = new ArrayList<>(models);
    return Map.of("model", all.get(0), "lora_adapters", all.subList(1, all.size()));
  }

  private static Path copy(String resource, Path folder) throws IOException {
    try (InputStream in = ClientWarmup.class.getResourceAsStream(resource)) {
      if (in == null) throw new IOException("missing resource " + resource);
      Path target = folder.resolve(resource);
      Files.copy(in, target);
      return target;
    }
  }

  private static void deleteQuietly(Path folder) {
    if (folder == null) return;
    try (var files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) Files.deleteIfExists(file);
      Files.deleteIfExists(folder);
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
