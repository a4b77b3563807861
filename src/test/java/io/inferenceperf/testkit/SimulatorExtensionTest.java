package io.inferenceperf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SimulatorExtensionTest {
  @RegisterExtension static SimulatorExtension shared = SimulatorExtension.withOptions("profile", "zero");

  @RegisterExtension SimulatorExtension perTest = SimulatorExtension.profile("fixed");

  private static int get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void bothRegistrationsServeOnFreeLoopbackPorts() throws Exception {
    assertTrue(shared.baseUrl().startsWith("http://127.0.0.1:"));
    assertNotEquals(shared.port(), perTest.port());
    assertEquals(200, get(shared.baseUrl() + "/health"));
    assertEquals(200, get(perTest.baseUrl() + "/health"));
    assertEquals("fixed", perTest.running().options().profile());
    assertEquals(0, perTest.truth().snapshot().requests());
  }
}
