package io.inferenceperf.cli;

import io.inferenceperf.api.PreparedRequest;
import io.inferenceperf.engine.RequestFactory;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.metrics.RunAggregator;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.SimulatorOptions;
import io.inferenceperf.tokenizer.Tokenizer;
import io.inferenceperf.transport.NettyRequestSender;
import io.inferenceperf.transport.TransportOptions;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the client's own code before the first stage, without sending anything to the server under test: the run's
 * real requests go to a private zero-latency simulator on loopback, through a throwaway transport, decoder and
 * aggregator. A cold JVM otherwise adds tens of milliseconds (class loading, interpretation before JIT) to the first
 * requests' TTFT and schedule delay, and that would be reported as the server's.
 */
final class ClientWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(ClientWarmup.class);
  private static final int MAX_IN_FLIGHT = 32;

  private ClientWarmup() {}

  /**
   * Sends up to {@code requests} of the run's requests (streamed as configured) to a private simulator, for at most
   * {@code budgetNanos}. Never fails the run: any problem is logged and the run goes on unwarmed.
   */
  static void run(RequestFactory factory, Tokenizer countingTokenizer, int requests, long budgetNanos) {
    long start = System.nanoTime();
    SimulatorOptions options = SimulatorOptions.of("profile", "zero", "host", "127.0.0.1", "port", 0);
    try (RunningSimulator sim = Simulator.start(options);
        NettyRequestSender sender = new NettyRequestSender(
            TransportOptions.of(sim.baseUrl()).withTokenizer(countingTokenizer))) {
      ConcurrentLinkedQueue<RequestRecord> done = new ConcurrentLinkedQueue<>();
      RunAggregator aggregator = new RunAggregator(AggregationSettings.defaults(),
          new MeasurementSetup("warmup", countingTokenizer != null));
      Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
      int sent = 0;
      long deadline = start + budgetNanos;
      while (sent < requests && System.nanoTime() < deadline) {
        if (!slots.tryAcquire(10, TimeUnit.MILLISECONDS)) continue;
        PreparedRequest request = factory.prepare(0, sent);
        sender.send(request, sent, -1, System.nanoTime(), record -> {
          done.add(record);
          slots.release();
        });
        sent++;
        for (RequestRecord r; (r = done.poll()) != null; ) aggregator.add(r);
      }
      slots.tryAcquire(MAX_IN_FLIGHT, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      LOG.debug("client warm-up: {} requests in {} ms", sent, (System.nanoTime() - start) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("client warm-up skipped: {}", e.toString());
    }
  }
}
