package io.inferenceperf.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.inferenceperf.record.Placement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where a run ran, read from the Kubernetes API of fabric8's mock server in CRUD mode (a mock: no real API server can
 * run here) filled with the objects a cluster would hold: nodes with zone labels, the model server's Service, its
 * EndpointSlice and pods. Refusals (no RBAC) are expectations answering 403.
 */
class PlacementProbeTest {
  private static final String URL = "http://qwen3-vllm.default:8000";
  private static final Map<String, String> POD_ENV = Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1",
      "POD_NAME", "bench-abcde", "POD_NAMESPACE", "benchmarking", "NODE_NAME", "cpu-1");

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = MockKubernetes.start();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private void node(String name, String zone, String type) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(Map.of(Labels.ZONE, zone,
        Labels.REGION, "us-east-1", Labels.INSTANCE_TYPE, type)).endMetadata().build()).create();
  }

  /** The model server: a Service, its pods on the given nodes, and one EndpointSlice naming them. */
  private void modelServer(String... nodes) {
    client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("qwen3-vllm")
        .withNamespace("default").endMetadata().build()).create();
    EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata().withName("qwen3-vllm-x1")
        .withNamespace("default").withLabels(Map.of("kubernetes.io/service-name", "qwen3-vllm")).endMetadata()
        .withAddressType("IPv4");
    for (int i = 0; i < nodes.length; i++) {
      String pod = "qwen3-vllm-" + i;
      client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(pod)
          .withNamespace("default").endMetadata().withNewSpec().withNodeName(nodes[i]).endSpec().build()).create();
      // no nodeName and no zone on the endpoint: the probe goes through the pod to its node
      slice.addToEndpoints(new EndpointBuilder().withAddresses("10.1.0." + i).withNewTargetRef().withKind("Pod")
          .withName(pod).withNamespace("default").endTargetRef().build());
    }
    client.discovery().v1().endpointSlices().inNamespace("default").resource(slice.build()).create();
  }

  private Placement detect(Map<String, String> env, String url) {
    return PlacementProbe.detect(env, () -> server.createClient(), url);
  }

  @Test
  void sameZone() {
    node("cpu-1", "us-east-1a", "m6i.2xlarge");
    node("gpu-1", "us-east-1a", "g5.xlarge");
    modelServer("gpu-1");
    Placement p = detect(POD_ENV, URL);
    assertTrue(p.kubernetes());
    assertEquals("bench-abcde", p.pod());
    assertEquals("benchmarking", p.namespace());
    assertEquals("cpu-1", p.node());
    assertEquals("us-east-1a", p.zone());
    assertEquals("us-east-1", p.region());
    assertEquals("m6i.2xlarge", p.instanceType());
    assertEquals("default/qwen3-vllm", p.serverService());
    assertEquals(List.of(new Placement.ServerEndpoint("10.1.0.0", "qwen3-vllm-0", "gpu-1", "us-east-1a")),
        p.serverEndpoints());
    assertEquals(Boolean.FALSE, p.crossZone());
    assertEquals(List.of(), p.notes());
  }

  @Test
  void crossZone() {
    node("cpu-1", "us-east-1a", "m6i.2xlarge");
    node("gpu-1", "us-east-1a", "g5.xlarge");
    node("gpu-2", "us-east-1b", "g5.xlarge");
    modelServer("gpu-1", "gpu-2");
    Placement p = detect(POD_ENV, URL);
    assertEquals(List.of("us-east-1a", "us-east-1b"), p.serverZones());
    assertEquals(Boolean.TRUE, p.crossZone());
    assertEquals(Boolean.TRUE, p.toMap().get("cross_zone"));
    assertEquals(p, Placement.fromMap(p.toMap()), "the report form reads back");
  }

  @Test
  void noRbacLeavesNotesAndTheRunGoesOn() {
    node("cpu-1", "us-east-1a", "m6i.2xlarge");
    modelServer("cpu-1");
    server.expect().get().withPath("/api/v1/nodes/cpu-1").andReturn(403, forbidden("nodes")).always();
    server.expect().get().withPath("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector="
        + "kubernetes.io%2Fservice-name%3Dqwen3-vllm").andReturn(403, forbidden("endpointslices")).always();
    Placement p = detect(POD_ENV, URL);
    assertTrue(p.kubernetes());
    assertEquals("bench-abcde", p.pod());
    assertEquals("cpu-1", p.node(), "from the downward API");
    assertNull(p.zone());
    assertNull(p.crossZone(), "unknown, not false");
    assertTrue(p.serverEndpoints().isEmpty());
    assertEquals(2, p.notes().size(), p.notes().toString());
    assertTrue(p.notes().get(0).contains("reading node cpu-1 was refused (HTTP 403)"), p.notes().toString());
    assertTrue(p.notes().get(1).contains("endpointslices of service default/qwen3-vllm was refused (HTTP 403)"));
    assertTrue(p.notes().get(1).contains("ClusterRole inference-perf-placement"));
  }

  @Test
  void outsideKubernetesSaysSoWithoutCallingTheApi() {
    Placement p = detect(Map.of(), URL);
    assertFalse(p.kubernetes());
    assertEquals(Map.of("kubernetes", false, "notes",
        List.of("not run in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set)")), p.toMap());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aBaseUrlThatIsNoServiceLeavesTheServerZoneUnknown() {
    node("cpu-1", "us-east-1a", "m6i.2xlarge");
    Placement p = detect(POD_ENV, "http://10.1.2.3:8000");
    assertEquals("us-east-1a", p.zone());
    assertNull(p.crossZone());
    assertTrue(p.notes().get(0).contains("names no Kubernetes Service"), p.notes().toString());
  }

  private static String forbidden(String resource) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
        + "\"message\":\"" + resource + " is forbidden: User \\\"system:serviceaccount:benchmarking:default\\\""
        + " cannot list resource\"}";
  }
}
