package io.inferenceperf.servermetrics;

import java.io.IOException;

/** Supplies a bearer token for each Prometheus request (Google Managed Prometheus); cached by implementations. */
@FunctionalInterface
interface AccessTokenSource {
  String bearerToken() throws IOException;
}
