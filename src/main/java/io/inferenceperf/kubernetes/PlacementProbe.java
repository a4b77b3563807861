package io.inferenceperf.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.inferenceperf.record.Placement;
import io.inferenceperf.record.Placement.ServerEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where this run runs, read inside a pod: the pod's name, namespace and node from the downward API variables the
 * {@code k8s job} manifests set, the node's zone, region and instance type from its labels, and the model server's
 * zones: its Service (from server.base_url), the Service's EndpointSlices, each endpoint's pod and node. Every read
 * the pod's service account is refused (no RBAC) becomes a note, never a failure: the benchmark runs either way.
 */
public final class PlacementProbe {
  /** Set by Kubernetes in every container. */
  public static final String IN_CLUSTER_ENV = "KUBERNETES_SERVICE_HOST";
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final KubernetesClient client;
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Node> nodes = new HashMap<>();

  private PlacementProbe(KubernetesClient client) {
    this.client = client;
  }

  /** Outside a pod: says so without touching the network. Inside: reads what it may. */
  public static Placement detect(Map<String, String> env, Supplier<KubernetesClient> clients, String baseUrl) {
    if (env.get(IN_CLUSTER_ENV) == null) return Placement.outsideKubernetes();
    try (KubernetesClient client = clients.get()) {
      return new PlacementProbe(client).probe(env, baseUrl);
    } catch (RuntimeException e) { // a placement that cannot be read must never stop the benchmark
      return new Placement(true, env.get(JobManifests.POD_NAME_ENV), env.get(JobManifests.POD_NAMESPACE_ENV),
          env.get(JobManifests.NODE_NAME_ENV), null, null, null, null, List.of(), null,
          List.of("the Kubernetes API could not be used: " + e.getMessage()));
    }
  }

  private Placement probe(Map<String, String> env, String baseUrl) {
    String podName = env.getOrDefault(JobManifests.POD_NAME_ENV, env.get("HOSTNAME"));
    String namespace = env.get(JobManifests.POD_NAMESPACE_ENV) != null ? env.get(JobManifests.POD_NAMESPACE_ENV)
        : client.getNamespace();
    String nodeName = env.get(JobManifests.NODE_NAME_ENV);
    if (nodeName == null && podName != null && namespace != null) {
      Pod self = read("pod " + namespace + "/" + podName,
          () -> client.pods().inNamespace(namespace).withName(podName).get());
      if (self != null) nodeName = self.getSpec().getNodeName();
    }
    if (nodeName == null) notes.add("the pod's node is unknown: set NODE_NAME from spec.nodeName (k8s job does)");
    Node node = node(nodeName);
    String zone = label(node, Labels.ZONE);
    List<ServerEndpoint> endpoints = new ArrayList<>();
    String service = serverEndpoints(baseUrl, namespace, endpoints);
    Boolean crossZone = crossZone(zone, endpoints);
    return new Placement(true, podName, namespace, nodeName, zone, label(node, Labels.REGION),
        label(node, Labels.INSTANCE_TYPE), service, endpoints, crossZone, notes);
  }

  /** Fills {@code endpoints}; returns the Service as namespace/name, or null when the URL names none. */
  private String serverEndpoints(String baseUrl, String ownNamespace, List<ServerEndpoint> endpoints) {
    ServiceAddress address = baseUrl == null ? null : ServiceAddress.of(baseUrl);
    if (address == null) {
      notes.add("server.base_url (" + baseUrl + ") names no Kubernetes Service: the server's zone is unknown");
      return null;
    }
    String namespace = address.namespaceOr(ownNamespace);
    String service = namespace + "/" + address.name();
    Service found = read("service " + service,
        () -> client.services().inNamespace(namespace).withName(address.name()).get());
    if (found == null) {
      if (notes.isEmpty() || !notes.getLast().contains("service " + service)) {
        notes.add("service " + service + " was not found: the server's zone is unknown");
      }
      return service;
    }
    List<EndpointSlice> slices = read("endpointslices of service " + service, () -> client.discovery().v1()
        .endpointSlices().inNamespace(namespace).withLabel(SERVICE_NAME_LABEL, address.name()).list().getItems());
    if (slices == null) return service;
    for (EndpointSlice slice : slices) {
      for (Endpoint endpoint : slice.getEndpoints()) endpoints.add(endpoint(namespace, endpoint));
    }
    if (endpoints.isEmpty()) notes.add("service " + service + " has no endpoints (no ready server pod)");
    return service;
  }

  private ServerEndpoint endpoint(String namespace, Endpoint endpoint) {
    String address = endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty() ? null
        : endpoint.getAddresses().get(0);
    ObjectReference target = endpoint.getTargetRef();
    String podName = target != null && "Pod".equals(target.getKind()) ? target.getName() : null;
    String nodeName = endpoint.getNodeName();
    if (nodeName == null && podName != null) {
      Pod pod = read("pod " + namespace + "/" + podName,
          () -> client.pods().inNamespace(namespace).withName(podName).get());
      if (pod != null) nodeName = pod.getSpec().getNodeName();
    }
    String zone = label(node(nodeName), Labels.ZONE);
    if (zone == null) zone = endpoint.getZone(); // the EndpointSlice controller copies the node's zone
    return new ServerEndpoint(address, podName, nodeName, zone);
  }

  private Node node(String name) {
    if (name == null) return null;
    if (!nodes.containsKey(name)) nodes.put(name, read("node " + name, () -> client.nodes().withName(name).get()));
    return nodes.get(name);
  }

  private static Boolean crossZone(String zone, List<ServerEndpoint> endpoints) {
    if (zone == null || endpoints.isEmpty() || endpoints.stream().anyMatch(e -> e.zone() == null)) return null;
    return endpoints.stream().anyMatch(e -> !zone.equals(e.zone()));
  }

  private static String label(Node node, String key) {
    return node == null || node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(key);
  }

  /** One API read; a refusal or failure becomes a note naming what was refused and how to allow it. */
  private <T> T read(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 401 || e.getCode() == 403) {
        notes.add("reading " + what + " was refused (HTTP " + e.getCode() + "): grant the pod's service account"
            + " the ClusterRole " + JobManifests.PLACEMENT_ROLE + " (k8s job prints it)");
      } else {
        notes.add("reading " + what + " failed: " + (e.getCode() > 0 ? "HTTP " + e.getCode() + " " : "")
            + e.getMessage());
      }
      return null;
    }
  }
}
