package io.inferenceperf.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the API server's clock from the Date header of its {@code /livez} answers (a few bytes, readable by every
 * account through the system:public-info-viewer role), feeding a {@link ClockOffsetEstimate}. A failed read only
 * means one sample less.
 */
final class ApiServerClock {
  static final String PATH = "livez";
  private static final long ANSWER_TIMEOUT_MILLIS = 5_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final ClockOffsetEstimate estimate = new ClockOffsetEstimate();

  ApiServerClock(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void sample() throws InterruptedException {
    try {
      HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
          .uri(URI.create(client.getMasterUrl().toString()).resolve(PATH)).build();
      long sentMillis = clock.millis();
      HttpResponse<byte[]> answer = client.getHttpClient().sendAsync(request, byte[].class)
          .get(ANSWER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      long receivedMillis = clock.millis();
      String date = answer.header("Date");
      if (date != null) estimate.add(sentMillis, receivedMillis, parse(date));
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // no sample this time (DateTimeParseException, a refused or failed request)
    }
  }

  ClockOffsetEstimate estimate() {
    return estimate;
  }

  static long parse(String httpDate) {
    return ZonedDateTime.parse(httpDate.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
  }
}
